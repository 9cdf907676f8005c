// Plain-text rendering of an Answer: what `npm run ask` prints and what `Answer.text` holds.
import { describeSource } from '../answer/citation.js';
import type { Answer, Card } from '../types.js';
import { cardFields } from './card-fields.js';

function renderCard(card: Card): string {
  // The card's citation marks on its title line: the answer's "Sources:" list is the only one.
  const marks = card.citations.length ? ` ${card.citations.map((n) => `[${n}]`).join('')}` : '';
  const lines = [`■ ${card.title}${marks}`];
  for (const [k, v] of cardFields(card)) lines.push(`  ${k}: ${v}`);
  for (const conflict of card.conflicts ?? []) {
    lines.push(`  Sources disagree on ${conflict.field}:`);
    for (const claim of conflict.claims) {
      lines.push(
        `    – ${claim.value} ${claim.citation.n > 0 ? `[${claim.citation.n}]` : `(${describeSource(claim.citation)})`}`,
      );
    }
  }
  return lines.join('\n');
}

export function renderAnswerText(answer: Answer, hint?: string): string {
  if (!answer.answered) {
    return [`The library has nothing on “${answer.query}”.`, hint].filter(Boolean).join(' ');
  }
  const [lead, ...rest] = answer.citations;
  const parts: string[] = [];
  parts.push(`“${lead.snippet}” [${lead.n}]`);
  for (const c of rest) parts.push(`[${c.n}] “${c.snippet}”`);
  for (const card of answer.cards) parts.push(renderCard(card));
  parts.push(['Sources:', ...answer.citations.map((c) => `[${c.n}] ${describeSource(c)}`)].join('\n'));
  return parts.join('\n\n');
}
