// Every setting, read once from the environment (and `.env` when present), validated with zod.
// A bad value stops startup with a message that names the variable; the token is never echoed.
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(emptyAsUndefined, z.url().optional());

const schema = z.object({
  BOT_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC-DEF… (as given by @BotFather)')
      .optional(),
  ),
  BOT_API_ROOT: z.preprocess(emptyAsUndefined, z.url().default('https://api.telegram.org')),
  CORPUS_DIR: z.preprocess(emptyAsUndefined, z.string().default('./corpus')),
  CACHE_DIR: z.preprocess(emptyAsUndefined, z.string().default('./.cache')),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  WEBHOOK_URL: optionalUrl,
  WEBHOOK_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'may hold only A-Z, a-z, 0-9, _ and - (1–256 characters)')
      .optional(),
  ),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(8080)),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  REDIS_URL: optionalUrl,
  ADMIN_IDS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be a comma-separated list of numeric Telegram user ids')
      .optional()
      .transform((s) => (s ? s.split(',').map((x) => Number(x.trim())) : [])),
  ),
  RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(20)),
  BOT_USERNAME: optionalString,
  SHUTDOWN_GRACE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().min(2).max(120).default(7)),
  STARTUP_TIMEOUT_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().min(1).max(120).default(5)),
  STARTUP_RETRIES: z.preprocess(
    emptyAsUndefined,
    z
      .union([z.literal('forever'), z.coerce.number().int().min(0)], {
        error: 'must be a whole number of attempts (0 = exit at the first failure) or "forever"',
      })
      .default(0)
      .transform((v) => (v === 'forever' ? Number.POSITIVE_INFINITY : v)),
  ),
  MEMORY_MAX_CHATS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(10_000)),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses an environment; throws ConfigError naming each variable at fault. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings (see .env.example):\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The process's settings, read once. */
export function getConfig(): Config {
  if (!cached) {
    loadDotenv({ quiet: true });
    cached = parseConfig(process.env);
  }
  return cached;
}
