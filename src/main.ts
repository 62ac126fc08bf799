import { Events } from 'discord.js';
import dotenv from 'dotenv';
import { runConsole } from './cli/console.js';
import { ConfigError, loadConfig } from './config.js';
import { Bot } from './discord/bot.js';
import { inviteUrl } from './discord/invite.js';
import { formatProblem, KnowledgeError } from './knowledge/loader.js';
import { knowledgeDir } from './knowledge/paths.js';
import { KnowledgeStore } from './knowledge/store.js';
import { reloadKnowledge, watchKnowledge } from './knowledge/watch.js';
import { createLogger } from './logger.js';
import { VERSION } from './version.js';

dotenv.config({ quiet: true });

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(`${err.message}\nSee .env.example for what each setting means.`);
  throw err;
}

const dir = config.KNOWLEDGE_DIR ?? knowledgeDir();
let store: KnowledgeStore;
try {
  store = await KnowledgeStore.open(dir);
} catch (err) {
  if (err instanceof KnowledgeError)
    fail(`The knowledge base in ${dir} is invalid:\n${err.problems.map(formatProblem).join('\n')}`);
  throw err;
}

if (!config.DISCORD_TOKEN) {
  await runConsole(store);
  process.exit(0);
}

const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
// One bad event must not take down the bot for every server it is in.
process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception'));

const bot = new Bot({
  token: config.DISCORD_TOKEN,
  apiUrl: config.DISCORD_API_URL,
  store,
  logger,
  rateLimit: { count: config.RATE_LIMIT_COUNT, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000 },
});
const stopWatching = watchKnowledge(store, dir, logger);
process.on('SIGHUP', () => void reloadKnowledge(store, logger, 'SIGHUP'));

let stopping = false;
const shutdown = async (reason: string, exitCode = 0) => {
  if (stopping) return;
  stopping = true;
  logger.info({ reason, inFlight: bot.pending }, 'shutting down; finishing replies in flight');
  stopWatching();
  await bot.stop();
  logger.info('stopped');
  logger.flush();
  process.exit(exitCode);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// discord.js reconnects by itself; this fires only when it gives up (e.g. the token was
// revoked). Exiting lets the process manager restart the bot and alert someone.
bot.client.on(
  Events.ShardDisconnect,
  (event) => void shutdown(`gateway closed for good (code ${event.code})`, 1),
);

try {
  await bot.start();
} catch (err) {
  logger.fatal({ err }, 'could not log in to Discord; check DISCORD_TOKEN');
  process.exit(1);
}
const appId = config.DISCORD_APPLICATION_ID ?? bot.client.application?.id;
logger.info(
  {
    version: VERSION,
    knowledge: store.current().knowledge.version,
    user: bot.client.user?.tag,
    invite: appId ? inviteUrl(appId) : undefined,
  },
  'ready',
);
