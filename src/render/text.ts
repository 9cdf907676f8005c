// Plain-text rendering of an Answer: what `npm run ask` prints and what `Answer.text` holds.
import { describeSource } from '../answer/citation.js';
import type { Answer, Card } from '../types.js';

function renderCard(card: Card): string {
  const lines = [`■ ${card.title}`];
  for (const [k, v] of Object.entries(card.fields)) lines.push(`  ${k}: ${v}`);
  for (const conflict of card.conflicts ?? []) {
    lines.push(`  Sources disagree on ${conflict.field}:`);
    for (const claim of conflict.claims) {
      lines.push(
        `    – ${claim.value} ${claim.citation.n > 0 ? `[${claim.citation.n}]` : `(${describeSource(claim.citation)})`}`,
      );
    }
  }
  if (card.citations.length) lines.push(`  Cited: ${card.citations.map((n) => `[${n}]`).join(' ')}`);
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
