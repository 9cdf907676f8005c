// The bot's pino logger. Whatever is logged, the bot token (and other secrets passed in) is replaced
// before it is written: grammY's network errors can carry the request URL, and the token is in it.
import { pino, type DestinationStream, type Logger } from 'pino';

const TOKEN_LIKE = /\d{5,}:[A-Za-z0-9_-]{30,}/g;

export function scrubber(secrets: readonly (string | undefined)[]) {
  const list = secrets.filter((s): s is string => !!s && s.length >= 6);
  const scrubText = (s: string) => {
    let out = s.replace(TOKEN_LIKE, '<redacted>');
    for (const secret of list) out = out.split(secret).join('<redacted>');
    return out;
  };
  const scrub = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return scrubText(v);
    if (depth > 6 || v === null || typeof v !== 'object') return v;
    if (v instanceof Error)
      return { type: v.name, message: scrubText(v.message), stack: scrubText(v.stack ?? '') };
    if (Array.isArray(v)) return v.map((x) => scrub(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x, depth + 1)]));
  };
  return { scrub, scrubText };
}

export interface LoggerOptions {
  level: string;
  secrets?: readonly (string | undefined)[];
  /** Where lines go (stdout by default; the terminal chat sends them to stderr). */
  destination?: DestinationStream;
}

export function createLogger(opts: LoggerOptions): Logger {
  const { scrub } = scrubber(opts.secrets ?? []);
  return pino(
    {
      level: opts.level,
      base: undefined,
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => scrub(a)) as Parameters<typeof method>);
        },
      },
    },
    opts.destination ?? pino.destination(1),
  );
}
