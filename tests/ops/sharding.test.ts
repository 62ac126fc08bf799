/**
 * Past one process, against a fake Discord that recommends two shards and routes each guild's events
 * to its shard: internal sharding (one process, shards 0 and 1) and the ShardingManager recipe
 * (`node dist/shards.js`, one process per shard).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bot } from '../../src/discord/bot.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { createLogger } from '../../src/logger.js';
import { KnowledgeStore } from '../../src/store/store.js';
import {
  chatInputInteraction,
  DEFAULT_GUILD,
  DEFAULT_GUILD_ID,
  type FakeDiscord,
  type FakeGuildConfig,
  messageCreate,
  type RecordedRequest,
  startFakeDiscord,
} from '../support/fake-discord.js';
import { type NodeProcess, spawnNode } from '../support/spawn-node.js';
import { type LogLine, TEST_TOKEN } from '../support/start-bot.js';

const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % 2n);

/** A guild on the other shard from the default one, with a channel of its own. */
const OTHER_GUILD_ID = (BigInt(DEFAULT_GUILD_ID) + (1n << 22n)).toString();
const OTHER_CHANNEL_ID = '1200000000000000044';
const GUILDS: FakeGuildConfig[] = [
  DEFAULT_GUILD,
  { id: OTHER_GUILD_ID, name: 'Other', channels: [{ id: OTHER_CHANNEL_ID, name: 'general' }] },
];
const CHANNEL_OF: Record<string, string> = {
  [DEFAULT_GUILD_ID]: DEFAULT_GUILD.channels?.[0]?.id ?? '',
  [OTHER_GUILD_ID]: OTHER_CHANNEL_ID,
};

const replyTo = (messageId: string) => (r: RecordedRequest) =>
  r.method === 'POST' &&
  /^\/channels\/\d+\/messages$/.test(r.path) &&
  (r.body as { message_reference?: { message_id?: string } })?.message_reference?.message_id === messageId;

/** An interaction and a mention in each guild, each answered by the shard the guild belongs to. */
async function answeredInBothShards(fake: FakeDiscord): Promise<void> {
  for (const guildId of [DEFAULT_GUILD_ID, OTHER_GUILD_ID]) {
    const i = fake.sendInteraction(
      chatInputInteraction({ name: 'causes', guildId, channelId: CHANNEL_OF[guildId] }),
    );
    expect((await fake.waitForCallback(i.id, 15_000)).type).toBe(4);
    const m = fake.sendMessage(
      messageCreate({
        content: '为什么年轻人离开',
        mentionsBot: true,
        guildId,
        channelId: CHANNEL_OF[guildId],
      }),
    );
    await fake.waitForRequest(replyTo(m.id), 15_000);
  }
}

it('the two test guilds are on different shards', () => {
  expect(new Set([shardOf(DEFAULT_GUILD_ID), shardOf(OTHER_GUILD_ID)])).toEqual(new Set([0, 1]));
});

describe('internal sharding: SHARD_COUNT=auto in one process (the fake recommends 2)', () => {
  let fake: FakeDiscord;
  let bot: Bot;
  const logs: LogLine[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TEST_TOKEN, shards: 2, guilds: GUILDS });
    // As main.ts runs it: SHARD_COUNT=auto is in the environment, where discord.js looks for a number.
    process.env.SHARD_COUNT = 'auto';
    bot = new Bot({
      token: TEST_TOKEN,
      apiUrl: fake.restBase,
      store: await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR),
      logger: createLogger({
        level: 'info',
        destination: { write: (chunk: string) => void logs.push(JSON.parse(chunk) as LogLine) },
      }),
      rateLimit: { count: 0, windowMs: 1000 },
      shards: 'auto',
    });
    delete process.env.SHARD_COUNT;
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop(1000);
    await fake?.close();
  });

  it('each shard identifies with its [id, count]', () => {
    expect(fake.identifiedShards.map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
    expect(bot.shardIds).toEqual([0, 1]);
    expect(bot.client.options.shardCount).toBe(2);
    expect(bot.ready).toBe(true);
  });

  it('interactions and mentions routed to either shard are answered, and logged with that shard', async () => {
    await answeredInBothShards(fake);
    const lines = logs.filter((l) => l.msg === 'interaction' || l.msg === 'message answered');
    expect(new Set(lines.map((l) => l.shard))).toEqual(new Set([0, 1]));
  }, 60_000);
});

// The manager's processes take a few seconds to start: they boot while the internal-sharding tests run.
let managerFake: FakeDiscord;
let manager: NodeProcess;
let managerReady: Promise<unknown>;
let managerDir: string;
beforeAll(async () => {
  managerFake = await startFakeDiscord({ token: TEST_TOKEN, shards: 2, guilds: GUILDS });
  // Configured by a .env in its working directory, as the README says (the environment has no token).
  // SHARD_COUNT unset: the manager asks the (fake) Discord how many shards, as `auto` does.
  managerDir = mkdtempSync(join(tmpdir(), 'outflow-manager-'));
  writeFileSync(
    join(managerDir, '.env'),
    `DISCORD_TOKEN=${TEST_TOKEN}\nDISCORD_API_URL=${managerFake.restBase}\nSHARD_SPAWN_DELAY_MS=0\n`,
  );
  manager = spawnNode('dist/shards.js', [], {}, { cwd: managerDir });
  managerReady = manager.waitForLog((l) => l.msg === 'every shard ready', 30_000);
  managerReady.catch(() => {});
});
afterAll(async () => {
  manager?.kill();
  await managerFake?.close();
  if (managerDir) rmSync(managerDir, { recursive: true, force: true });
});

describe('ShardingManager: node dist/shards.js, configured by .env', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    await managerReady;
    fake = managerFake;
  }, 35_000);

  const pids = () =>
    manager.logs
      .filter((l) => l.msg === 'shard process started')
      .map((l) => ({ shard: l.shard, pid: l.pid as number }));

  it('each shard process identifies with its [id, count]; every shard log line says which shard', () => {
    expect(fake.identifiedShards.map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
    const fromShards = manager.logs.filter((l) => l.manager === undefined);
    expect(fromShards.length).toBeGreaterThan(0);
    for (const line of fromShards) expect([0, 1]).toContain(line.shard);
  });

  it('interactions and mentions routed to either shard are answered', async () => {
    await answeredInBothShards(fake);
  }, 60_000);

  it('a killed shard is respawned and answers again', async () => {
    const victim = pids().find((p) => p.shard === 1);
    if (!victim) throw new Error('no pid for shard 1');
    process.kill(victim.pid, 'SIGKILL');
    await manager.waitForLog((l) => l.msg === 'shard died; respawning' && l.shard === 1, 5000);
    await vi.waitFor(() => expect(pids().filter((p) => p.shard === 1)).toHaveLength(2), { timeout: 10_000 });
    await vi.waitFor(() => expect(fake.identifiedShards.filter((s) => s[0] === 1)).toHaveLength(2), {
      timeout: 15_000,
    });
    await fake.waitForReadySession();
    await answeredInBothShards(fake);
  }, 60_000);

  it('SIGTERM to the manager stops every shard cleanly, then the manager exits 0', async () => {
    // The latest process of each shard (the last two started were both shard 1's after the respawn),
    // with real pids, else the check below would pass on nothing.
    const live = [...new Map(pids().map((p) => [p.shard, p])).values()];
    expect(live.map((p) => [p.shard, typeof p.pid]).sort()).toEqual([
      [0, 'number'],
      [1, 'number'],
    ]);
    manager.child.kill('SIGTERM');
    expect(await manager.exited).toEqual({ code: 0, signal: null });
    const stopped = manager.logs.filter((l) => l.msg === 'stopped' && l.manager === undefined);
    expect(stopped.map((l) => l.shard).sort()).toEqual([0, 1]);
    expect(stopped.every((l) => l.exitCode === 0)).toBe(true);
    for (const { pid } of live) expect(() => process.kill(pid, 0)).toThrow();
  }, 20_000);
});
