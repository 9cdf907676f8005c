// Fact cards: the right kind of card for the way a question is asked, built from facts about the
// question only, every citation a verbatim snippet numbered by the answer's `cite`.
import { describe, expect, it } from 'vitest';
import { buildCards } from '../src/answer/cards.js';
import { citationFor } from '../src/answer/citation.js';
import { intentOf } from '../src/answer/intent.js';
import { chunkArticle } from '../src/corpus/chunk.js';
import { loadCorpus } from '../src/corpus/load.js';
import { extractFacts } from '../src/facts/index.js';
import { analyze } from '../src/search/analyzer.js';
import type { ArticleMeta, Card, Citation, Passage } from '../src/types.js';

const { articles } = loadCorpus(new URL('../corpus/', import.meta.url).pathname);
const passages = articles.flatMap(chunkArticle);
const byId = new Map(passages.map((p) => [p.id, p]));
const metas = new Map<string, ArticleMeta>(
  articles.map((a) => [a.id, { id: a.id, title: a.title, source: a.source, published: a.published }]),
);
const facts = extractFacts(articles, passages);

// A small stand-in for the engine's retrieval: passages ranked by the question's terms they hold.
function retrieve(question: string): Passage[] {
  const q = new Set(analyze(question));
  return passages
    .map((p) => ({
      p,
      score:
        new Set(analyze(p.text, 'document')).size &&
        [...new Set(analyze(p.text, 'document'))].filter((t) => q.has(t)).length,
    }))
    .filter((x) => x.score >= 2)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((x) => x.p);
}

function ask(question: string): { cards: Card[]; citations: Citation[] } {
  const citations: Citation[] = [];
  const cite = (passageId: string, snippet: string) => {
    const found = citations.find((c) => c.chunkId === passageId && c.snippet === snippet);
    if (found) return found.n;
    const p = byId.get(passageId)!;
    citations.push(citationFor(metas.get(p.articleId)!, p, snippet, citations.length + 1));
    return citations.length;
  };
  const cards = buildCards({
    question,
    intent: intentOf(question),
    passages: retrieve(question),
    facts,
    articles: metas,
    cite,
  });
  return { cards, citations };
}

function expectCited(cards: Card[], citations: Citation[]) {
  for (const c of citations) expect(byId.get(c.chunkId)?.text).toContain(c.snippet);
  for (const card of cards) {
    expect(card.citations.length).toBeGreaterThan(0);
    for (const n of card.citations) expect(citations[n - 1]?.n).toBe(n);
    for (const conflict of card.conflicts ?? [])
      for (const claim of conflict.claims)
        expect(citations[claim.citation.n - 1]?.snippet).toBe(claim.citation.snippet);
  }
}

describe('cards', () => {
  it('an entity card for who a person is, with the role at the time', () => {
    const { cards, citations } = ask('who was yoriko kawaguchi');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ kind: 'entity', title: 'Yoriko Kawaguchi' });
    expect(cards[0].fields.Role).toMatch(/^then-Foreign Minister of Japan \[\d+\]$/);
    expect(cards[0].fields.Country).toMatch(/^Japan \[\d+\]$/);
    expect(cards[0].fields.Events).toContain('August 2004');
    expectCited(cards, citations);
  });

  it('an entity card for what an organisation is, found by its acronym', () => {
    const { cards, citations } = ask('What is JICA?');
    expect(cards[0]).toMatchObject({ kind: 'entity', title: 'Japan International Cooperation Agency' });
    expect(cards[0].fields.Name).toContain('JICA');
    expect(citations.some((c) => /Japan International Cooperation Agency \(JICA\)/.test(c.snippet))).toBe(
      true,
    );
    expectCited(cards, citations);
  });

  it('the person who did what a who-question asks', () => {
    const { cards } = ask('Who chaired the Tokyo summit of the Central Asian leaders?');
    expect(cards[0]?.title).toBe('Sanae Takaichi');
  });

  it('a figure card for how much and how many', () => {
    const trade = ask('How much did Uzbekistan and Japan trade in 2023?');
    expect(trade.cards[0]).toMatchObject({ kind: 'figure' });
    expect(trade.cards[0].fields).toMatchObject({ Value: '$230mn', Period: '2023' });
    expectCited(trade.cards, trade.citations);
    const jv = ask('How many Uzbek-Japanese joint ventures are there in Uzbekistan?');
    expect(jv.cards[0].fields.Value).toBe('66 joint ventures');
    const yen = ask('What sum did Kishida pledge in 2017 for transport projects in the region?');
    expect(yen.cards[0].fields.Value).toBe('about 24 billion yen (about $216 million)');
  });

  it('an event card for when, with what a source expected ahead of time kept apart from disagreement', () => {
    const { cards, citations } = ask('When was the first Central Asia + Japan leaders’ summit?');
    expect(cards[0]).toMatchObject({ kind: 'event' });
    expect(cards[0].fields.Date).toBe('18–20 December 2025');
    expect(cards[0].conflicts).toBeUndefined();
    expect(cards[0].fields['Expected earlier']).toMatch(/^August 2023, as of 2024-07 (?:\[\d+\]|\(.+\))$/);
    expectCited(cards, citations);
    const dialogue = ask('When did the Central Asia + Japan dialogue get started?');
    expect(dialogue.cards[0].fields.Date).toBe('August 2004');
    expect(dialogue.cards[0].conflicts).toBeUndefined();
  });

  it('a topic card for a broad subject', () => {
    const { cards, citations } = ask('Japan and Kazakhstan');
    expect(cards[0]).toMatchObject({ kind: 'topic', title: 'Japan and Kazakhstan' });
    expect(cards[0].fields['Key events']).toContain('April 2022');
    expect(cards[0].fields['Key events']).not.toContain('Uzbekistan signed');
    expectCited(cards, citations);
  });

  it('no card when nothing is about the question, and never more than two', () => {
    for (const q of [
      'Which city is the capital of Argentina?',
      'Which team won the 2018 football World Cup?',
      'How much does a banana cost?',
      'When did the Roman empire fall?',
    ]) {
      expect(ask(q).cards).toEqual([]);
    }
    for (const q of [
      'Japan and Uzbekistan',
      'Who is Shavkat Mirziyoyev?',
      'How many Central Asian specialists were trained at universities in Japan?',
    ]) {
      expect(ask(q).cards.length).toBeLessThanOrEqual(2);
    }
  });
});
