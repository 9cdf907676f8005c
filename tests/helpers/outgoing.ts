// Bot API calls answered in-process (an API transformer that never touches the network), and the
// rules every outgoing call must obey to be accepted by Telegram: text length, entities inside the
// text, callback data size, inline results. Used by the property and hostile-input tests.
import type { RawApi, Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import { createBot } from '../../src/bot/bot.js';
import type { Production } from '../../src/server/production.js';
import type { Engine } from '../../src/types.js';
import { BOT_USER, TOKEN } from './fake-bot-api.js';

export const BOT_INFO = {
  ...BOT_USER,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as unknown as UserFromGetMe;

export interface Outgoing {
  method: string;
  payload: Record<string, any>;
}

/** A transformer that records every call and answers it like Telegram would. */
export function inProcessApi(calls: Outgoing[]): Transformer<RawApi> {
  let messageId = 5000;
  return (async (_prev, method, payload) => {
    const p = (payload ?? {}) as Record<string, any>;
    calls.push({ method, payload: p });
    const message = () => ({
      message_id: method === 'editMessageText' ? p.message_id : messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: p.chat_id ?? 1, type: Number(p.chat_id) < 0 ? 'supergroup' : 'private' },
      from: BOT_USER,
      text: p.text,
      entities: p.entities,
    });
    let result: unknown = true;
    if (method === 'getMe') result = BOT_INFO;
    else if (method === 'sendMessage' || method === 'editMessageText') result = message();
    return { ok: true, result };
  }) as Transformer<RawApi>;
}

const STACK_TRACE =
  /\bat [\w.<>]+ \(|node_modules|\b(TypeError|ReferenceError|RangeError|SyntaxError|BotError|GrammyError|HttpError)\b|\.ts:\d+:\d+/;

function checkText(where: string, text: unknown, entities: unknown, problems: string[]) {
  if (typeof text !== 'string' || text.trim() === '') {
    problems.push(`${where}: empty text`);
    return;
  }
  if (text.length > 4096) problems.push(`${where}: text of ${text.length} UTF-16 units (> 4096)`);
  if (STACK_TRACE.test(text))
    problems.push(`${where}: looks like an error or stack trace: ${text.slice(0, 200)}`);
  if (entities === undefined) return;
  if (!Array.isArray(entities)) {
    problems.push(`${where}: entities is not an array`);
    return;
  }
  for (const e of entities) {
    const { offset, length, type } = e ?? {};
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length <= 0) {
      problems.push(`${where}: bad entity ${JSON.stringify(e)}`);
    } else if (offset + length > text.length) {
      problems.push(
        `${where}: entity ${type} [${offset}, ${offset + length}) outside a text of ${text.length}`,
      );
    } else if (splitsSurrogate(text, offset) || splitsSurrogate(text, offset + length)) {
      problems.push(`${where}: entity ${type} boundary inside a surrogate pair`);
    }
    if (type === 'text_link' && typeof e.url !== 'string') problems.push(`${where}: text_link without url`);
  }
}

function splitsSurrogate(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function checkMarkup(where: string, markup: any, problems: string[]) {
  if (!markup?.inline_keyboard) return;
  for (const row of markup.inline_keyboard) {
    for (const button of row) {
      if (typeof button.text !== 'string' || button.text.trim() === '')
        problems.push(`${where}: button without text`);
      if ('callback_data' in button) {
        const bytes = Buffer.byteLength(String(button.callback_data), 'utf8');
        if (bytes < 1 || bytes > 64) problems.push(`${where}: callback_data of ${bytes} bytes`);
      }
    }
  }
}

/** Everything wrong with one outgoing call, as Telegram would see it (empty when it is fine). */
export function problemsOf(call: Outgoing): string[] {
  const { method, payload: p } = call;
  const problems: string[] = [];
  switch (method) {
    case 'sendMessage':
    case 'editMessageText':
      checkText(method, p.text, p.entities, problems);
      if (p.parse_mode && p.entities) problems.push(`${method}: both parse_mode and entities`);
      checkMarkup(method, p.reply_markup, problems);
      break;
    case 'editMessageReplyMarkup':
      checkMarkup(method, p.reply_markup, problems);
      break;
    case 'answerCallbackQuery':
      if (p.text !== undefined && (typeof p.text !== 'string' || p.text.length > 200)) {
        problems.push(`answerCallbackQuery: text of ${String(p.text).length} characters (> 200)`);
      }
      break;
    case 'answerInlineQuery': {
      const results: any[] = p.results ?? [];
      if (results.length > 50) problems.push(`answerInlineQuery: ${results.length} results (> 50)`);
      const ids = new Set<string>();
      for (const r of results) {
        if (typeof r.id !== 'string' || Buffer.byteLength(r.id) > 64 || ids.has(r.id))
          problems.push(`inline result id ${r.id}`);
        ids.add(r.id);
        if (r.type === 'article') {
          if (typeof r.title !== 'string' || !r.title.trim()) problems.push('inline article without title');
          const c = r.input_message_content ?? {};
          checkText(`inline result ${r.id}`, c.message_text, c.entities, problems);
        }
        checkMarkup(`inline result ${r.id}`, r.reply_markup, problems);
      }
      break;
    }
  }
  return problems;
}

/**
 * The bot as deployed (the production options: storage, error boundary, rate limit, /reload) with every
 * Bot API call recorded in `calls` and answered in-process. `retries: true` keeps production's own API
 * transformers in front of the recorder, as they run in service.
 */
export async function deployedBot(opts: {
  production: Production;
  ref: { engine: Engine };
  calls: Outgoing[];
  logger: Logger;
  retries?: boolean;
  adminIds?: number[];
}) {
  const bot = createBot({
    token: TOKEN,
    engine: () => opts.ref.engine,
    botInfo: BOT_INFO,
    logger: opts.logger,
    throttle: false,
    adminIds: opts.adminIds,
    ...opts.production.botOptions,
    apiTransformers: [
      ...(opts.retries ? opts.production.botOptions.apiTransformers : []),
      inProcessApi(opts.calls),
    ],
  });
  await bot.init();
  return bot;
}
