// Which of a fact card's fields are worth a line. A card says each thing once: a field that only
// restates the title ("Name: Sanae Takaichi" under "Sanae Takaichi", "Period: 2023" under "… (2023)"),
// one that names what kind of card it is ("Type: person"), and a count of sources beside the card's own
// citation marks ("Reports: 4 sources", "Sources: mentioned in 1 passage") add nothing and are left out.
// Shared by every renderer, so the chat, the terminal and Answer.text agree.
import type { Card } from '../types.js';

const KIND_WORDS = new Set([
  'person',
  'organisation',
  'organization',
  'country',
  'city',
  'programme',
  'program',
]);
const ABOUT_SOURCES = /^(sources?|reports?|reported by|cited|citations?|mentions?|mentioned)$/i;
/** A value that only counts sources: "4 sources", "mentioned in 1 passage of 1 article". */
const SOURCE_COUNT =
  /^(mentioned in |cited (in|by) |reported (in|by) )?\d+ (sources?|reports?|articles?|passages?)( of \d+ articles?)?$/i;

const normal = (s: string) =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function cardFields(card: Card): [string, string][] {
  const title = ` ${normal(card.title)} `;
  return Object.entries(card.fields).filter(([key, value]) => {
    const v = normal(value);
    if (!v) return false;
    if (title.includes(` ${v} `)) return false;
    if (/^(type|kind)$/i.test(key.trim()) && KIND_WORDS.has(v)) return false;
    if (ABOUT_SOURCES.test(key.trim()) || SOURCE_COUNT.test(value.trim())) return false;
    return true;
  });
}

// The field names the fact cards use (src/answer/cards.ts), each with a label in locales/*.ftl
// ("card-field-key-events"). A name outside this list is shown as the engine wrote it.
const FIELD_NAMES = [
  'Name',
  'Type',
  'Role',
  'Also described as',
  'Author of',
  'Country',
  'Countries',
  'Mentioned with',
  'People',
  'Event',
  'Events',
  'Figures',
  'Period',
  'Until',
  'Source',
  'Sources',
  'Reports',
  'Expected earlier',
  'In numbers',
  'Key events',
  'Key figures',
  'Same source also gives',
  'Date',
  'Value',
  'Measure',
] as const;
const FIELDS = new Map<string, string>(
  FIELD_NAMES.map((n) => [n.toLowerCase(), `card-field-${n.toLowerCase().replace(/\s+/g, '-')}`]),
);

/** The message id of a card field's label, if the locales have one. */
export const fieldKey = (name: string) => FIELDS.get(name.trim().toLowerCase());

/** A card field's label in the reader's language. */
export function fieldLabel(name: string, w: { locale: string; t(key: string): string }): string {
  // English shows the name as the engine wrote it (its case included).
  const key = w.locale === 'en' ? undefined : fieldKey(name);
  return key ? w.t(key) : name;
}
