// The terminal chat: the same grammY bot as in Telegram, fed synthetic updates through
// `bot.handleUpdate`, with every outgoing Bot API call answered in-process by an API transformer that
// prints messages, edits and button rows as plain text. A button is pressed by typing its number or
// its label. With stdin not a terminal, each line is asked in turn and the chat ends with the input.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { RawApi, Transformer } from 'grammy';
import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  Update,
  UserFromGetMe,
} from 'grammy/types';
import type { Logger } from 'pino';
import { leansOn } from '../answer/question.js';
import { createBot } from '../bot/bot.js';
import type { Engine } from '../types.js';

export interface ChatOptions {
  engine: Engine;
  input: Readable;
  output: Writable;
  /** A person at a keyboard: prompt and banner. Otherwise each input line is asked in turn. */
  interactive: boolean;
  logger?: Logger;
  username?: string;
}

const USER = { id: 4242, is_bot: false as const, first_name: 'You' };
const CHAT = { id: 4242, type: 'private' as const, first_name: 'You' };

export function terminalBotInfo(username = 'DialogueDeskBot'): UserFromGetMe {
  return {
    id: 1000,
    is_bot: true,
    first_name: 'Dialogue Desk',
    username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: true,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}

/**
 * Text with entities as plain text: quotes marked with "│ " at each line, links followed by their
 * address. Other formatting (bold, italics) has no plain-text form and is dropped.
 */
export function entitiesToPlain(text: string, entities: MessageEntity[] = []): string {
  const inserts: { at: number; s: string; order: number }[] = [];
  for (const e of entities) {
    if (e.type === 'blockquote' || e.type === 'expandable_blockquote') {
      inserts.push({ at: e.offset, s: '│ ', order: 1 });
      for (let k = e.offset; k < e.offset + e.length; k++)
        if (text[k] === '\n') inserts.push({ at: k + 1, s: '│ ', order: 1 });
    } else if (e.type === 'text_link') {
      inserts.push({ at: e.offset + e.length, s: ` <${e.url}>`, order: 0 });
    }
  }
  inserts.sort((a, b) => b.at - a.at || a.order - b.order);
  let out = text;
  for (const { at, s } of inserts) out = out.slice(0, at) + s + out.slice(at);
  return out;
}

/** The question an answer message shows in its first line ("❓ …"). */
function lastQuestion(answer: Message.TextMessage): string {
  return answer.text.split('\n', 1)[0].replace(/^❓\s*/, '');
}

const normalLabel = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

interface Shown {
  message: Message;
  buttons: InlineKeyboardButton.CallbackButton[];
}

export async function runChat(opts: ChatOptions): Promise<void> {
  const { output } = opts;
  // A reader that closes the pipe (`| head`) has read enough: end quietly, as a Unix filter does.
  output.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const write = (s: string) => output.write(s);
  const messages = new Map<number, Message>();
  let nextMessageId = 1;
  let nextUpdateId = 1;
  let shown: Shown | undefined;
  let hinted = false;
  // The bot's latest answer: the next line replies to it, so it is read as a follow-up ("and in
  // 2024?"), as a reply to an answer is in Telegram.
  let lastAnswer: Message.TextMessage | undefined;

  const showKeyboard = (message: Message, markup?: InlineKeyboardMarkup) => {
    const buttons = (markup?.inline_keyboard ?? [])
      .flat()
      .filter((b): b is InlineKeyboardButton.CallbackButton => 'callback_data' in b);
    if (!buttons.length) {
      if (shown?.message.message_id === message.message_id) shown = undefined;
      return;
    }
    shown = { message, buttons };
    let n = 0;
    const rows = (markup?.inline_keyboard ?? [])
      .map((row) =>
        row
          .filter((b) => 'callback_data' in b)
          .map((b) => `[${++n}] ${b.text}`)
          .join('   '),
      )
      .filter(Boolean);
    write(`${rows.map((r) => `  ${r}`).join('\n')}\n`);
    if (!hinted) {
      write('  (type a button’s number or label to press it)\n');
      hinted = true;
    }
  };

  const print = (text: string, entities?: MessageEntity[]) => {
    write(`\n${entitiesToPlain(text, entities)}\n`);
  };

  // Every Bot API call the bot makes ends here: nothing leaves the process.
  const terminalApi: Transformer<RawApi> = async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const ok = (result: unknown) => ({ ok: true as const, result }) as never;
    switch (method) {
      case 'sendMessage': {
        const message = {
          message_id: nextMessageId++,
          date: now,
          chat: CHAT,
          from: terminalBotInfo(opts.username),
          text: String(p.text ?? ''),
          entities: p.entities as MessageEntity[] | undefined,
          reply_markup: p.reply_markup as InlineKeyboardMarkup | undefined,
        } as Message.TextMessage;
        messages.set(message.message_id, message);
        if (message.text.startsWith('❓')) lastAnswer = message;
        print(message.text, message.entities);
        const markup = p.reply_markup as InlineKeyboardMarkup | undefined;
        if (markup && 'inline_keyboard' in markup) showKeyboard(message, markup);
        return ok(message);
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const id = Number(p.message_id);
        const old = messages.get(id) as Message.TextMessage | undefined;
        if (!old)
          return {
            ok: false,
            error_code: 400,
            description: 'Bad Request: message to edit not found',
          } as never;
        const edited = {
          ...old,
          ...(method === 'editMessageText'
            ? { text: String(p.text ?? ''), entities: p.entities as MessageEntity[] | undefined }
            : {}),
          reply_markup: p.reply_markup as InlineKeyboardMarkup | undefined,
          edit_date: now,
        } as Message.TextMessage;
        messages.set(id, edited);
        if (method === 'editMessageText') {
          write('\n(the message above now reads:)');
          print(edited.text, edited.entities);
        }
        showKeyboard(edited, edited.reply_markup);
        return ok(edited);
      }
      case 'answerCallbackQuery':
        if (typeof p.text === 'string' && p.text) write(`\n(${p.text})\n`);
        return ok(true);
      case 'getMe':
        return ok(terminalBotInfo(opts.username));
      default:
        // Chat actions, command menus and the like have nothing to show in a terminal.
        return ok(true);
    }
  };

  const bot = createBot({
    token: 'terminal',
    engine: () => opts.engine,
    botInfo: terminalBotInfo(opts.username),
    logger: opts.logger,
    apiTransformers: [],
    throttle: false,
  });
  bot.api.config.use(terminalApi);

  const updateFor = (line: string): Update => {
    const date = Math.floor(Date.now() / 1000);
    const pressed = buttonFor(line);
    if (pressed && shown) {
      return {
        update_id: nextUpdateId++,
        callback_query: {
          id: String(nextUpdateId),
          from: USER,
          chat_instance: 'terminal',
          message: shown.message,
          data: pressed.callback_data,
        },
      } as Update;
    }
    const message = {
      message_id: nextMessageId++,
      date,
      chat: CHAT,
      from: USER,
      text: line,
      // A line that leans on the last question ("and in 2024?", "who chaired it?") replies to its answer;
      // a question of its own is asked afresh.
      ...(lastAnswer && !line.trim().startsWith('/') && leansOn(line, lastQuestion(lastAnswer))
        ? { reply_to_message: lastAnswer }
        : {}),
    } as Message.TextMessage;
    messages.set(message.message_id, message);
    return { update_id: nextUpdateId++, message } as Update;
  };

  const buttonFor = (line: string) => {
    if (!shown) return undefined;
    const t = line.trim();
    if (t.startsWith('/')) return undefined;
    if (/^\d{1,2}$/.test(t)) return shown.buttons[Number(t) - 1];
    const label = normalLabel(t);
    return label ? shown.buttons.find((b) => normalLabel(b.text) === label) : undefined;
  };

  const handle = async (line: string) => {
    if (!line.trim()) return;
    try {
      await bot.handleUpdate(updateFor(line));
    } catch (err) {
      // bot.catch has logged it; the chat goes on.
      write(`\n(sorry, that failed: ${err instanceof Error ? err.message : String(err)})\n`);
    }
  };

  const rl = createInterface({ input: opts.input, crlfDelay: Infinity, terminal: opts.interactive });
  if (opts.interactive) {
    write(
      'Dialogue Desk — terminal chat. Ask a question about Central Asia–Japan relations, or try /help.\nCtrl+D quits.\n',
    );
    rl.setPrompt('\nyou › ');
    rl.prompt();
    for await (const line of rl) {
      await handle(line);
      rl.prompt();
    }
    write('\n');
  } else {
    for await (const line of rl) {
      if (!line.trim()) continue;
      write(`\n> ${line.trim()}\n`);
      await handle(line);
    }
  }
}
