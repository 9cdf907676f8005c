// Inline mode: `@bot question` in any chat offers the answer as results: the whole cited answer first,
// then each cited passage on its own; the title and source and date describe each. An empty or
// half-typed query offers highlights (the example questions, already answered) under a "keep typing"
// button; a query that finds nothing offers that button alone, never a refusal to send.
import { Composer } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { describeSource } from '../../answer/citation.js';
import {
  clip,
  cleanUserText,
  isSmalltalk,
  renderAnswer,
  toSingleMessage,
  type RenderedText,
} from '../../render/telegram.js';
import type { Answer, Citation, Engine } from '../../types.js';
import { questionProblem, wordsOfAnswer } from '../answering.js';
import type { BotContext } from '../context.js';
import { wordsFor, type Words } from '../i18n.js';
import { textsOf } from '../texts.js';

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

function singleCitation(question: string, answer: Answer, c: Citation, words: Words): RenderedText {
  return toSingleMessage(
    renderAnswer({ ...answer, citations: [{ ...c, n: 1 }], cards: [] }, { question, words }),
    undefined,
    words,
  );
}

/** Results for an answered question: the whole answer, then each cited snippet alone. */
export function resultsFor(
  question: string,
  answer: Answer,
  idPrefix: string,
  reader?: Words,
): InlineQueryResultArticle[] {
  const [lead] = answer.citations;
  // The frame follows the query's language (a Russian query shares a Russian-framed answer).
  const words = wordsOfAnswer(answer, reader ?? wordsFor('en'));
  const results = [
    article(
      `${idPrefix}a`,
      lead.snippet,
      describeSource(lead),
      toSingleMessage(renderAnswer(answer, { question, words }), undefined, words),
    ),
  ];
  if (answer.citations.length > 1) {
    for (const c of answer.citations) {
      results.push(
        article(
          `${idPrefix}c${c.n}`,
          `[${c.n}] ${c.snippet}`,
          describeSource(c),
          singleCitation(question, answer, c, words),
        ),
      );
    }
  }
  return results;
}

/** A query shorter than this is still being typed: it gets highlights, not a search. */
export const INLINE_MIN_CHARS = 8;

function longEnough(query: string): boolean {
  const words = query.split(/\s+/).filter((w) => /[\p{L}\p{N}]{2,}/u.test(w));
  return query.length >= INLINE_MIN_CHARS && words.length >= 1 && !questionProblem(query);
}

/** The example questions, already answered: what an empty or half-typed query offers. */
function highlights(engine: Engine, examples: readonly string[], words: Words): InlineQueryResultArticle[] {
  return examples.flatMap((q, k) => {
    const answer = engine.answer(q);
    if (!answer.answered || isSmalltalk(answer) || !answer.citations.length) return [];
    const lead = answer.citations[0];
    return [
      article(
        `h${k}`,
        q,
        `${clip(lead.snippet, 90)} — ${describeSource(lead)}`,
        toSingleMessage(renderAnswer(answer, { question: q, words }), undefined, words),
      ),
    ];
  });
}

export const inlineFeature = new Composer<BotContext>();

// Every result is something a user can send, so a refusal is never one: until the query finds a quote,
// a "keep typing" button stands above the highlights (it opens a private chat with the bot).
inlineFeature.on('inline_query', async (ctx) => {
  const query = cleanUserText(ctx.inlineQuery.query);
  const { engine, examples } = ctx.desk;
  const TEXT = textsOf(ctx.words);
  if (longEnough(query)) {
    const answer = engine.answer(query);
    if (answer.answered && !isSmalltalk(answer) && answer.citations.length) {
      await ctx.answerInlineQuery(resultsFor(query, answer, 'q', ctx.words), {
        cache_time: 60,
        is_personal: false,
      });
      return;
    }
    await ctx.answerInlineQuery([], {
      cache_time: 10,
      is_personal: false,
      button: { text: TEXT.inlineNothingYet, start_parameter: 'inline' },
    });
    return;
  }
  await ctx.answerInlineQuery(highlights(engine, examples, ctx.words), {
    cache_time: 60,
    is_personal: false,
    button: { text: TEXT.inlineKeepTyping, start_parameter: 'inline' },
  });
});
