/**
 * Past one process: discord.js's ShardingManager runs `dist/main.js` once per shard
 * (`node dist/shards.js`). It reads .env like the bot does, gives each process its shard ids,
 * respawns a shard that dies (with back-off; not one that exits 78, which a restart cannot fix),
 * forwards SIGHUP (reload knowledge) and on SIGTERM/SIGINT stops every shard cleanly before exiting 0.
 */
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { REST, type RESTGetAPIGatewayBotResult, Routes, type Shard, ShardingManager } from 'discord.js';
import dotenv from 'dotenv';
import { type Config, ConfigError, loadConfig } from './config.js';
import { explainLoginFailure } from './discord/close-codes.js';
import { EXIT_CONFIG, EXIT_OK, EXIT_TEMPORARY, exitCodeFor } from './exit-codes.js';
import { createLogger } from './logger.js';

dotenv.config({ quiet: true });

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\nSee .env.example for what each setting means.\n`);
  process.exit(EXIT_CONFIG);
}
if (!config.DISCORD_TOKEN) {
  process.stderr.write('The sharding manager needs DISCORD_TOKEN.\n');
  process.exit(EXIT_CONFIG);
}
const token = config.DISCORD_TOKEN;
const logger = createLogger({ level: config.LOG_LEVEL, secrets: [token] }).child({ manager: true });

/** Between two shards' first connections: Discord allows one identify per 5 s per bucket (0: all at once). */
const spawnDelayMs = Number(process.env.SHARD_SPAWN_DELAY_MS ?? 5500);

async function shardCount(): Promise<number> {
  if (typeof config.SHARD_COUNT === 'number') return config.SHARD_COUNT;
  // 'auto' or unset: Discord's recommendation, asked through DISCORD_API_URL (discord.js's own
  // helper would always ask discord.com).
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(token);
  const info = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return info.shards;
}

let total: number;
try {
  total = await shardCount();
} catch (err) {
  const code = exitCodeFor(explainLoginFailure(err));
  logger.fatal({ err, exitCode: code }, 'could not ask Discord for the shard count');
  logger.flush();
  process.exit(code);
}

const manager = new ShardingManager(fileURLToPath(new URL('./main.js', import.meta.url)), {
  token,
  totalShards: total,
  mode: 'process',
  // Respawning is ours: with back-off, and never after exit 78.
  respawn: false,
  execArgv: [],
});

let stopping = false;
const backoff = new Map<number, number>();

manager.on('shardCreate', (shard) => {
  logger.info({ shard: shard.id, shardCount: total }, 'shard launched');
  shard.on('death', (child) => {
    const code = 'exitCode' in child ? child.exitCode : null;
    if (stopping) return;
    if (code === EXIT_CONFIG) {
      logger.fatal({ shard: shard.id, exitCode: code }, 'a shard stopped for a reason a restart cannot fix');
      void stop(`shard ${shard.id} exited ${code}`, EXIT_CONFIG);
      return;
    }
    const delay = Math.min(60_000, (backoff.get(shard.id) ?? 500) * 2);
    backoff.set(shard.id, delay);
    logger.warn({ shard: shard.id, exitCode: code, respawnInMs: delay }, 'shard died; respawning');
    setTimeout(() => {
      if (!stopping) shard.spawn().catch((err) => logger.error({ err, shard: shard.id }, 'respawn failed'));
    }, delay).unref();
  });
  shard.on('spawn', (child) =>
    logger.info({ shard: shard.id, pid: 'pid' in child ? child.pid : undefined }, 'shard process started'),
  );
  shard.on('ready', () => backoff.delete(shard.id));
});

async function stopShard(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  await exited;
  clearTimeout(timer);
}

async function stop(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason, shards: manager.shards.size }, 'stopping every shard');
  await Promise.allSettled([...manager.shards.values()].map(stopShard));
  logger.info({ exitCode }, 'stopped');
  logger.flush();
  process.exit(exitCode);
}

process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
process.on('SIGTERM', () => void stop('SIGTERM', EXIT_OK));
process.on('SIGINT', () => void stop('SIGINT', EXIT_OK));
process.on('SIGHUP', () => {
  for (const shard of manager.shards.values()) shard.process?.kill('SIGHUP');
});

/** All shards at once (SHARD_SPAWN_DELAY_MS=0, for when Discord's max_concurrency allows it). */
async function spawnAllAtOnce(): Promise<void> {
  // timeout -1: discord.js starts each process without waiting for the previous one to be ready.
  await manager.spawn({ amount: total, delay: 0, timeout: -1 });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all([...manager.shards.values()].map((s) => (s.ready ? undefined : once(s, 'ready')))),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('shards not ready within 30 s')), 30_000).unref();
    }),
  ]);
  clearTimeout(timer);
}

try {
  if (spawnDelayMs > 0) await manager.spawn({ amount: total, delay: spawnDelayMs, timeout: 30_000 });
  else await spawnAllAtOnce();
  logger.info({ shardCount: total }, 'every shard ready');
} catch (err) {
  // A shard that exited 78 has already stopped everything; anything else may pass.
  logger.error({ err }, 'shards did not all become ready');
  await stop('spawn failed', EXIT_TEMPORARY);
}
