// Inline mode: `@bot question` in any chat offers the answer as results: the whole cited answer first,
// then each cited passage on its own; the title and source and date describe each. An empty query
// offers highlights: the example questions, already answered.
import { Composer } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { describeSource } from '../../answer/citation.js';
import {
  clip,
  cleanUserText,
  renderAnswer,
  toSingleMessage,
  NOTHING_TEXT,
  type RenderedText,
} from '../../render/telegram.js';
import type { Answer, Citation } from '../../types.js';
import { questionProblem } from '../answering.js';
import type { BotContext } from '../context.js';

function article(
  id: string,
  title: string,
  description: string,
  body: RenderedText,
): InlineQueryResultArticle {
  return {
    type: 'article',
    id,
    title: clip(title, 120),
    description: clip(description, 200),
    input_message_content: {
      message_text: body.text,
      entities: body.entities,
      link_preview_options: { is_disabled: true },
    },
  };
}

function singleCitation(question: string, answer: Answer, c: Citation): RenderedText {
  return toSingleMessage(renderAnswer({ ...answer, citations: [{ ...c, n: 1 }], cards: [] }, { question }));
}

/** Results for one question: the whole answer, then each cited snippet alone. */
export function resultsFor(question: string, answer: Answer, idPrefix: string): InlineQueryResultArticle[] {
  if (!answer.answered || !answer.citations.length) {
    return [
      article(
        `${idPrefix}n`,
        NOTHING_TEXT,
        `Nothing on “${clip(question, 80)}” — try other words`,
        toSingleMessage(renderAnswer(answer, { question })),
      ),
    ];
  }
  const [lead] = answer.citations;
  const results = [
    article(
      `${idPrefix}a`,
      lead.snippet,
      describeSource(lead),
      toSingleMessage(renderAnswer(answer, { question })),
    ),
  ];
  if (answer.citations.length > 1) {
    for (const c of answer.citations) {
      results.push(
        article(
          `${idPrefix}c${c.n}`,
          `[${c.n}] ${c.snippet}`,
          describeSource(c),
          singleCitation(question, answer, c),
        ),
      );
    }
  }
  return results;
}

export const inlineFeature = new Composer<BotContext>();

inlineFeature.on('inline_query', async (ctx) => {
  const query = cleanUserText(ctx.inlineQuery.query);
  const { engine, examples } = ctx.desk;
  let results: InlineQueryResultArticle[];
  if (!query) {
    results = examples.flatMap((q, k) => {
      const answer = engine.answer(q);
      if (!answer.answered) return [];
      const lead = answer.citations[0];
      return [
        article(
          `h${k}`,
          q,
          `${clip(lead.snippet, 90)} — ${describeSource(lead)}`,
          toSingleMessage(renderAnswer(answer, { question: q })),
        ),
      ];
    });
  } else if (questionProblem(query)) {
    results = [];
  } else {
    results = resultsFor(query, engine.answer(query), 'q');
  }
  await ctx.answerInlineQuery(results, { cache_time: 60, is_personal: false });
});
