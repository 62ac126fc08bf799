/**
 * The entry point operators run: `node dist/main.js` (the gateway bot) or `node dist/main.js serve`
 * (the HTTP interactions endpoint). Exit status: 0 stopped as asked, 78 a configuration, token or
 * intents problem (don't restart), 75 a temporary failure (restart with back-off); see exit-codes.ts.
 */
import { Events, REST } from 'discord.js';
import dotenv from 'dotenv';
import { runConsole } from './cli/console.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { Bot } from './discord/bot.js';
import { explainCloseCode, explainLoginFailure } from './discord/close-codes.js';
import { inviteUrl } from './discord/invite.js';
import { RateLimiter } from './discord/rate-limit.js';
import { Responder } from './discord/responder.js';
import { EXIT_CONFIG, EXIT_OK, EXIT_TEMPORARY, exitCodeFor } from './exit-codes.js';
import { HttpServer } from './http/server.js';
import { publicKeyFromHex } from './http/verify.js';
import { formatProblem, KnowledgeError } from './knowledge/loader.js';
import { knowledgeDir } from './knowledge/paths.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { KnowledgeStore, warmUp } from './store/store.js';
import { reloadKnowledge, watchKnowledge } from './store/watch.js';
import { VERSION } from './version.js';

dotenv.config({ quiet: true });

const mode = process.argv[2] === 'serve' ? 'serve' : 'gateway';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError)
    fail(`${err.message}\nSee .env.example for what each setting means.`, EXIT_CONFIG);
  throw err;
}

const dir = config.KNOWLEDGE_DIR ?? knowledgeDir();
let store: KnowledgeStore;
try {
  store = await KnowledgeStore.open(dir);
} catch (err) {
  if (err instanceof KnowledgeError)
    fail(
      `The knowledge base in ${dir} is invalid:\n${err.problems.map(formatProblem).join('\n')}`,
      EXIT_CONFIG,
    );
  throw err;
}

if (mode === 'gateway' && !config.DISCORD_TOKEN) {
  await runConsole(store);
  process.exit(EXIT_OK);
}
if (mode === 'serve' && !config.DISCORD_PUBLIC_KEY) {
  fail('serve needs DISCORD_PUBLIC_KEY (developer portal → General Information → Public Key).', EXIT_CONFIG);
}

// Under a ShardingManager every line says which shard(s) this process runs (SHARDS is set by the
// manager); with internal sharding the lines about one event carry their own shard.
const managedShards = process.env.SHARDING_MANAGER ? parseShards(process.env.SHARDS) : undefined;
const rootLogger = createLogger({
  level: config.LOG_LEVEL,
  secrets: config.DISCORD_TOKEN ? [config.DISCORD_TOKEN] : [],
});
const logger: Logger = managedShards !== undefined ? rootLogger.child({ shard: managedShards }) : rootLogger;
// One bad event must not take down the bot for every server it is in.
process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception'));

const metrics = new Metrics(managedShards !== undefined ? { labels: { shard: String(managedShards) } } : {});
metrics.countReloads(store);
const stopWatching = watchKnowledge(store, dir, logger);
process.on('SIGHUP', () => void reloadKnowledge(store, logger, 'SIGHUP'));

const rateLimit = { count: config.RATE_LIMIT_COUNT, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000 };
let bot: Bot | undefined;
let http: HttpServer | undefined;
let serving = false;

let stopping = false;
async function shutdown(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  serving = false;
  const inFlight = (bot?.pending ?? 0) + (http?.pending ?? 0);
  logger.info({ reason, inFlight }, 'shutting down; finishing replies in flight');
  stopWatching();
  await Promise.allSettled([bot?.stop(), http?.stop()]);
  logger.info({ exitCode }, 'stopped');
  logger.flush();
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT', EXIT_OK));
process.on('SIGTERM', () => void shutdown('SIGTERM', EXIT_OK));

/** What the 'ready' line says beyond the mode and versions: where it listens, or who it is on Discord. */
let readyDetails: Record<string, unknown>;
if (mode === 'serve') {
  const publicKey = publicKeyFromHex(config.DISCORD_PUBLIC_KEY ?? '');
  http = new HttpServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT ?? 3000,
    logger,
    metrics,
    ready: () => serving,
    interactions: {
      publicKey,
      responder: new Responder(() => store.current()),
      limiter: new RateLimiter(rateLimit.count, rateLimit.windowMs),
      rest: new REST({ api: config.DISCORD_API_URL }),
    },
  });
  const port = await listen(http);
  serving = true;
  readyDetails = { port, endpoint: 'POST /interactions' };
} else {
  const token = config.DISCORD_TOKEN as string;
  bot = new Bot({
    token,
    apiUrl: config.DISCORD_API_URL,
    store,
    logger,
    metrics,
    rateLimit,
    answerInteractions: config.GATEWAY_INTERACTIONS,
    ...(config.SHARD_COUNT === undefined ? {} : { shards: config.SHARD_COUNT }),
  });
  const started = bot;
  if (config.HTTP_PORT !== undefined) {
    // Under a ShardingManager each process listens on HTTP_PORT + its (first) shard id.
    const offset = config.HTTP_PORT === 0 ? 0 : firstShard(managedShards);
    http = new HttpServer({
      host: config.HTTP_HOST,
      port: config.HTTP_PORT + offset,
      logger,
      metrics,
      ready: () => started.ready,
    });
    await listen(http);
  }
  // discord.js reconnects by itself; this fires only when it gives up. A revoked token or
  // disallowed intents will not fix themselves (78); anything else may (75).
  bot.client.on(Events.ShardDisconnect, (event, shard) => {
    // One message per close code, saying what to fix (token, sharding, which intent, where).
    const why = explainCloseCode(event.code, {
      intents: started.client.options.intents.bitfield,
      applicationId: config.DISCORD_APPLICATION_ID ?? started.client.application?.id,
    });
    logger.fatal({ code: event.code, shard, permanent: why.permanent }, why.message);
    void shutdown(`gateway closed for good (code ${event.code})`, exitCodeFor(why));
  });
  try {
    await bot.start();
  } catch (err) {
    // A refused connection is a network failure, not a bad token: the message says which.
    const why = explainLoginFailure(err, { applicationId: config.DISCORD_APPLICATION_ID });
    const code = exitCodeFor(why);
    logger.fatal({ err, exitCode: code }, why.message);
    logger.flush();
    process.exit(code);
  }
  const appId = config.DISCORD_APPLICATION_ID ?? bot.client.application?.id;
  readyDetails = {
    user: bot.client.user?.tag,
    shards: bot.shardIds,
    shardCount: bot.client.options.shardCount,
    interactions: config.GATEWAY_INTERACTIONS,
    ...(http ? { port: http.port } : {}),
    invite: appId ? inviteUrl(appId) : undefined,
  };
}
logger.info(
  { mode, version: VERSION, knowledge: store.current().knowledge.version, ...readyDetails },
  'ready',
);
// Build the question engine now that the bot or server is up, rather than for the first reader.
setImmediate(() => warmUp(store.current()));

async function listen(server: HttpServer): Promise<number> {
  try {
    return await server.start();
  } catch (err) {
    const code = (err as { code?: string }).code === 'EACCES' ? EXIT_CONFIG : EXIT_TEMPORARY;
    logger.fatal({ err, port: config.HTTP_PORT, exitCode: code }, 'could not listen on HTTP_PORT');
    logger.flush();
    process.exit(code);
  }
}

function firstShard(shards: number | number[] | undefined): number {
  return Array.isArray(shards) ? (shards[0] ?? 0) : (shards ?? 0);
}

function parseShards(value: string | undefined): number | number[] | undefined {
  try {
    const ids = JSON.parse(value ?? '');
    if (Array.isArray(ids)) return ids.length === 1 ? ids[0] : ids;
    return typeof ids === 'number' ? ids : undefined;
  } catch {
    return undefined;
  }
}
