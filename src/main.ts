// `npm start`: the Telegram bot when BOT_TOKEN is set (long polling, or a webhook when WEBHOOK_URL is
// set), otherwise the terminal chat, which drives the same bot in-process.
import { type DeskEngine, openEngine } from './answer/engine.js';
import { createBot } from './bot/bot.js';
import { SAMPLE_QUESTIONS } from './bot/examples.js';
import { registerCommands } from './bot/commands.js';
import { describeError } from './bot/errors.js';
import type { EngineRef } from './bot/features/admin.js';
import { createLogger } from './bot/logger.js';
import { startPolling } from './bot/polling.js';
import { StorageError } from './bot/storage.js';
import { runChat } from './cli/chat.js';
import { ConfigError, getConfig, type Config } from './config.js';
import { prepareProduction } from './server/production.js';
import { onShutdownSignal } from './server/shutdown.js';
import { checkBotApi, StartupError, withStartupRetries } from './server/startup.js';
import { startWebhookServer, webhookSecret } from './server/webhook.js';

/** Builds what questions would build on first need right after startup, so no user's first question waits for it. */
const prepareSoon = (engine: DeskEngine) => setTimeout(() => engine.prepare(SAMPLE_QUESTIONS), 0).unref();

function loadConfig(): Config {
  try {
    return getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

async function terminal(config: Config): Promise<void> {
  // The chat owns stdout; logs go to stderr, and only warnings unless debugging was asked for.
  const level = ['debug', 'trace', 'silent'].includes(config.LOG_LEVEL) ? config.LOG_LEVEL : 'warn';
  const logger = createLogger({ level, destination: process.stderr });
  const { engine, problems } = openEngine(config.CORPUS_DIR, { cacheDir: config.CACHE_DIR });
  for (const p of problems) logger.warn({ file: p.file }, `corpus file skipped: ${p.message}`);
  prepareSoon(engine);
  await runChat({
    engine,
    input: process.stdin,
    output: process.stdout,
    interactive: !!process.stdin.isTTY,
    logger,
    username: config.BOT_USERNAME,
  });
}

async function telegram(config: Config, token: string): Promise<void> {
  const secrets = [
    token,
    config.WEBHOOK_SECRET,
    config.WEBHOOK_URL ? webhookSecret(config, token) : undefined,
  ];
  const logger = createLogger({ level: config.LOG_LEVEL, secrets });
  const fail = (message: string, err: unknown): never => {
    logger.fatal({ error: describeError(err, secrets) }, message);
    process.exit(1);
  };

  const opened = openEngine(config.CORPUS_DIR, { cacheDir: config.CACHE_DIR });
  for (const p of opened.problems) logger.warn({ file: p.file }, `corpus file skipped: ${p.message}`);
  // The engine in service: /reload assigns a new one, which the bot takes at the next update.
  const current: EngineRef = { engine: opened.engine };
  logger.info({ articles: current.engine.articles().length }, 'library loaded');

  const graceMs = config.SHUTDOWN_GRACE_SECONDS * 1000;
  const startup = { retries: config.STARTUP_RETRIES };
  const startupFail = (err: unknown): never => {
    if (!(err instanceof StartupError)) return fail('startup failed', err);
    // The message names the setting at fault; a stack trace would only hide it.
    logger.fatal(`startup failed: ${err.message}`);
    process.exit(1);
  };

  // State store (Redis or memory), the error handler, bounded retries, rate limit, /reload.
  const production = await withStartupRetries(
    'state store not ready',
    () => prepareProduction(config, logger, current, { secrets }),
    (err) => (err instanceof StorageError ? err.message : `cannot open the state store: ${String(err)}`),
    logger,
    startup,
  ).catch(startupFail);
  const storage = production.storage;

  const bot = createBot({
    token,
    apiRoot: config.BOT_API_ROOT,
    engine: () => current.engine,
    logger,
    adminIds: config.ADMIN_IDS,
    ...production.botOptions,
  });

  // getMe within seconds, naming BOT_TOKEN or BOT_API_ROOT, rather than a silent hang.
  await checkBotApi(bot, config.BOT_API_ROOT, config.STARTUP_TIMEOUT_SECONDS * 1000, logger, startup).catch(
    startupFail,
  );

  if (config.WEBHOOK_URL) {
    const server = await startWebhookServer(bot, config, logger, {
      health: production.health,
      closeTimeoutMs: graceMs - 1000,
    }).catch((err: unknown) => fail('cannot start the webhook server', err));
    logger.info({ username: bot.botInfo.username, port: server.port }, 'bot ready (webhook)');
    void registerCommands(bot.api, logger);
    prepareSoon(opened.engine);
    onShutdownSignal(
      async () => {
        await server.close();
        await storage.close();
      },
      logger,
      graceMs,
    );
    return;
  }

  logger.info({ username: bot.botInfo.username, apiRoot: config.BOT_API_ROOT }, 'bot ready (long polling)');
  void registerCommands(bot.api, logger);
  prepareSoon(opened.engine);

  const polling = startPolling(bot, logger, { drainMs: graceMs - 1500 });
  let stopping = false;
  onShutdownSignal(
    async () => {
      stopping = true;
      await polling.stop();
      await storage.close();
    },
    logger,
    graceMs,
  );
  polling.task.then(
    () => {
      if (!stopping) fail('long polling ended unexpectedly', new Error('runner stopped'));
    },
    (err: unknown) => fail('long polling failed (is another instance polling with this token?)', err),
  );
}

const config = loadConfig();
if (config.BOT_TOKEN) await telegram(config, config.BOT_TOKEN);
else await terminal(config);
