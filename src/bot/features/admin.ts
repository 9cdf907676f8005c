// Admin-only `/reload`: re-reads the corpus without a restart. The new engine replaces the serving one
// only when every file loaded cleanly and the library is not empty; otherwise the old engine keeps
// serving and the admin is told why, file by file. Everyone else gets a polite refusal in private
// and silence in groups (a bot should not argue in public).
//
// The swap is an assignment to the engine reference main.ts hands the bot (`engine: () => ref.engine`):
// each update takes the engine once, so a reload never changes it in the middle of an answer.
import { Composer, type Context } from 'grammy';
import type { Logger } from 'pino';
import { openEngine } from '../../answer/engine.js';
import type { Engine } from '../../types.js';
import { describeError } from '../errors.js';
import { localeOfCode, wordsFor } from '../i18n.js';

/** The engine in service; /reload assigns a new one, which the bot picks up at the next update. */
export interface EngineRef {
  engine: Engine;
}

export interface LoadedEngine {
  engine: Engine;
  problems: { file: string; message: string }[];
}

export type EngineLoader = (corpusDir: string) => LoadedEngine | Promise<LoadedEngine>;

export interface ReloadOptions {
  corpusDir: string;
  /** The index cache: a reload refreshes it, so the next start does not rebuild. */
  cacheDir?: string;
  engine: EngineRef;
  logger: Logger;
  /** How to build an engine from a folder; the lead's `openEngine` unless a test says otherwise. */
  load?: EngineLoader;
}

export type ReloadResult =
  | { ok: true; articles: number; before: number }
  | { ok: false; reason: string; problems: { file: string; message: string }[]; serving: number };

/** Builds a fresh engine from `corpusDir` and swaps it in if, and only if, it is sound. */
export async function reloadCorpus(opts: ReloadOptions): Promise<ReloadResult> {
  const load = opts.load ?? ((dir: string) => openEngine(dir, { cacheDir: opts.cacheDir }));
  const serving = safeCount(opts.engine.engine);
  let loaded: LoadedEngine;
  try {
    loaded = await load(opts.corpusDir);
  } catch (err) {
    const why = describeError(err);
    opts.logger.error({ corpusDir: opts.corpusDir, error: why }, 'corpus reload failed');
    return {
      ok: false,
      reason: `the library could not be read (${'message' in why ? why.message : why.kind})`,
      problems: [],
      serving,
    };
  }
  const count = safeCount(loaded.engine);
  if (loaded.problems.length > 0) {
    opts.logger.warn({ problems: loaded.problems }, 'corpus reload refused: files with problems');
    const n = loaded.problems.length;
    return {
      ok: false,
      reason: `${n} file${n === 1 ? '' : 's'} could not be loaded`,
      problems: loaded.problems,
      serving,
    };
  }
  if (count === 0) {
    opts.logger.warn({ corpusDir: opts.corpusDir }, 'corpus reload refused: no articles');
    return { ok: false, reason: `no articles were found in ${opts.corpusDir}`, problems: [], serving };
  }
  opts.engine.engine = loaded.engine;
  opts.logger.info({ articles: count, before: serving }, 'corpus reloaded');
  return { ok: true, articles: count, before: serving };
}

function safeCount(engine: Engine): number {
  try {
    return engine.articles().length;
  } catch {
    return 0;
  }
}

const MAX_TEXT = 3900; // under Telegram's 4096, with room for the closing line

/** The admin's report, as plain text (sent without parse_mode, so file names cannot inject markup). */
export function describeReload(r: ReloadResult): string {
  if (r.ok) {
    const s = (n: number) => `${n} article${n === 1 ? '' : 's'}`;
    return `Library reloaded: ${s(r.articles)} now serving (before: ${s(r.before)}).`;
  }
  const lines = [`Reload refused: ${r.reason}. Still serving the previous library (${r.serving} articles).`];
  let text = lines[0];
  let shown = 0;
  for (const p of r.problems) {
    const line = `\n• ${p.file}: ${p.message}`;
    if (text.length + line.length > MAX_TEXT) break;
    text += line;
    shown++;
  }
  if (shown < r.problems.length) text += `\n… and ${r.problems.length - shown} more (see the log).`;
  if (r.problems.length) text += '\nFix these files and send /reload again.';
  return text;
}

export const NOT_ADMIN_TEXT = 'Sorry, /reload is only for the administrators of this bot.';

// Admin middleware runs before the session: the user's Telegram language decides these few words.
// The admin's detailed report (file names, reasons) stays English, as the log it mirrors.
function inLanguage(ctx: Context, key: string, english: string): string {
  const locale = localeOfCode(ctx.from?.language_code);
  return locale && locale !== 'en' ? wordsFor(locale).t(key) : english;
}
const refusal = (ctx: Context) => inLanguage(ctx, 'reload-admin-only', NOT_ADMIN_TEXT);

export interface AdminFeatureOptions extends ReloadOptions {
  adminIds: readonly number[];
  /** Tells the other instances to reload too (see `shareReloads`); absent with a single instance. */
  announce?: () => Promise<void>;
}

export const RELOAD_CHANNEL = 'reload';

/**
 * With several instances sharing Redis, a /reload handled by one must reach the others, or answers
 * would depend on which instance an update lands on. Each instance re-reads its own CORPUS_DIR (a
 * shared volume, typically) and applies the same rule: swap only a sound library, else keep serving
 * and log why. Returns the `announce` function for `adminFeature`.
 */
export async function shareReloads(
  bus: {
    publish(channel: string, message: string): Promise<void>;
    subscribe(channel: string, h: (m: string) => void): Promise<void>;
  },
  opts: ReloadOptions,
): Promise<() => Promise<void>> {
  let chain = Promise.resolve();
  await bus.subscribe(RELOAD_CHANNEL, () => {
    // One reload at a time; a burst of announcements costs at most a few rebuilds.
    chain = chain.then(async () => {
      const r = await reloadCorpus(opts);
      if (!r.ok)
        opts.logger.error(
          { reason: r.reason, problems: r.problems },
          'reload announced by another instance refused here',
        );
    });
  });
  return () => bus.publish(RELOAD_CHANNEL, new Date().toISOString());
}

export function adminFeature<C extends Context>(opts: AdminFeatureOptions): Composer<C> {
  const composer = new Composer<C>();
  let running = false;

  composer.command('reload', async (ctx) => {
    const isAdmin = ctx.from !== undefined && opts.adminIds.includes(ctx.from.id);
    if (!isAdmin) {
      opts.logger.info({ userId: ctx.from?.id }, '/reload refused: not an admin');
      if (ctx.chat.type === 'private') await ctx.reply(refusal(ctx));
      return;
    }
    if (running) {
      await ctx.reply(
        inLanguage(ctx, 'reload-running', 'A reload is already running; its result follows shortly.'),
      );
      return;
    }
    running = true;
    try {
      const result = await reloadCorpus(opts);
      let text = describeReload(result);
      if (result.ok && opts.announce) {
        try {
          await opts.announce();
          text += '\nThe other instances were told to reload too.';
        } catch (err) {
          opts.logger.error(
            { error: describeError(err) },
            'could not announce the reload to other instances',
          );
          text +=
            '\nThe other instances could not be told (state store unreachable): they keep the previous library.';
        }
      }
      await ctx.reply(text, {
        link_preview_options: { is_disabled: true },
        reply_parameters:
          ctx.chat.type === 'private'
            ? undefined
            : { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
      });
    } finally {
      running = false;
    }
  });

  return composer;
}
