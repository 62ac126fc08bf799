/**
 * The process a supervisor starts, `node dist/main.js [serve]`, against the fake Discord: signals
 * (SIGHUP reloads, SIGINT/SIGTERM drain and exit 0), exit codes (78 permanent, 75 temporary), and the
 * health, readiness and metrics endpoints.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import {
  applicationKeyPair,
  chatInputInteraction,
  type FakeDiscord,
  startFakeDiscord,
} from '../support/fake-discord.js';
import { type NodeProcess, spawnNode } from '../support/spawn-node.js';
import { TEST_TOKEN } from '../support/start-bot.js';

const metric = async (base: string, pattern: RegExp): Promise<number> => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = pattern.exec(text);
  return m ? Number(m[1]) : 0;
};

describe('node dist/main.js (gateway) with HTTP_PORT', () => {
  let fake: FakeDiscord;
  let bot: NodeProcess;
  let base: string;
  let knowledge: string;

  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TEST_TOKEN });
    knowledge = mkdtempSync(join(tmpdir(), 'outflow-knowledge-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, knowledge, { recursive: true });
    bot = spawnNode('dist/main.js', [], {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: fake.restBase,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      KNOWLEDGE_DIR: knowledge,
    });
    const ready = await bot.waitForLog((l) => l.msg === 'ready', 15_000);
    base = `http://127.0.0.1:${ready.port}`;
  }, 20_000);
  afterAll(async () => {
    bot?.kill();
    await fake?.close();
    rmSync(knowledge, { recursive: true, force: true });
  });

  it('is alive and ready once the gateway is ready', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('answers, and counts the interaction with its handling time', async () => {
    const i = fake.sendInteraction(chatInputInteraction({ name: 'topics' }));
    await fake.waitForCallback(i.id);
    await vi.waitFor(async () =>
      expect(await metric(base, /outflow_interactions_total\{kind="\/topics",status="ok"\} (\d+)/)).toBe(1),
    );
    expect(await metric(base, /outflow_interaction_duration_seconds_count\{kind="\/topics"\} (\d+)/)).toBe(1);
    expect(await metric(base, /process_resident_memory_bytes (\d+)/)).toBeGreaterThan(0);
  });

  it('SIGHUP to the node process reloads the knowledge; it keeps running', async () => {
    const before = await metric(base, /outflow_knowledge_reloads_total\{result="ok"\} (\d+)/);
    bot.child.kill('SIGHUP');
    await vi.waitFor(
      async () =>
        expect(await metric(base, /outflow_knowledge_reloads_total\{result="ok"\} (\d+)/)).toBeGreaterThan(
          before,
        ),
      { timeout: 5000 },
    );
    expect(bot.child.exitCode).toBeNull();
    const i = fake.sendInteraction(chatInputInteraction({ name: 'about' }));
    await fake.waitForCallback(i.id);
  });

  it('a gateway drop counts as a reconnect', async () => {
    const resumed = fake.waitForGateway('resume', 5000);
    await fake.closeConnections(4000);
    await resumed;
    await vi.waitFor(async () =>
      expect(
        await metric(base, /outflow_gateway_reconnects_total\{shard="0"\} (\d+)/),
      ).toBeGreaterThanOrEqual(1),
    );
  });

  it('SIGINT: stops cleanly with exit code 0', async () => {
    bot.child.kill('SIGINT');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(bot.logs.some((l) => l.msg === 'stopped' && l.exitCode === 0)).toBe(true);
    expect(bot.stdout.join('\n')).not.toContain(TEST_TOKEN);
  });
});

describe('node dist/main.js serve', () => {
  it('answers signed interactions over HTTP, refuses unsigned ones, and stops on SIGTERM with 0', async () => {
    const fake = await startFakeDiscord();
    const { privateKey, publicHex: hex } = applicationKeyPair();
    const server = spawnNode('dist/main.js', ['serve'], {
      DISCORD_PUBLIC_KEY: hex,
      DISCORD_API_URL: fake.restBase,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
    });
    try {
      const ready = await server.waitForLog((l) => l.msg === 'ready', 15_000);
      const url = `http://127.0.0.1:${ready.port}/interactions`;
      expect((await fetch(`http://127.0.0.1:${ready.port}/readyz`)).status).toBe(200);
      const ok = await fake.postInteraction(url, chatInputInteraction({ name: 'causes' }), { privateKey });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ type: 4 });
      const refused = await fake.postInteraction(url, chatInputInteraction({ name: 'causes' }), {
        unsigned: true,
      });
      expect(refused.status).toBe(401);
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      server.kill();
      await fake.close();
    }
  }, 20_000);
});

describe('exit codes a supervisor can act on', () => {
  // Each is a process start: they run side by side, and each test awaits its own.
  let refusing: FakeDiscord;
  const runs: Record<string, NodeProcess> = {};
  beforeAll(async () => {
    refusing = await startFakeDiscord({
      token: 'MTIwMDAwMDAwMDAwMDAwMDAwMg.Other.tokenxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    });
    runs.setting = spawnNode('dist/main.js', [], { DISCORD_TOKEN: 'not-a-token' });
    runs.key = spawnNode('dist/main.js', ['serve'], {});
    runs.refused = spawnNode('dist/main.js', [], {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: refusing.restBase,
    });
    // Nothing listens on port 9 of 127.0.0.1 (discard): the connection is refused at once.
    runs.unreachable = spawnNode('dist/main.js', [], {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
    });
  });
  afterAll(async () => {
    for (const p of Object.values(runs)) p.kill();
    await refusing?.close();
  });

  it('78: an invalid setting (not restarted; the message names it, not its value)', async () => {
    const p = runs.setting as NodeProcess;
    expect((await p.exited).code).toBe(78);
    expect(p.stderr.join('')).toContain('DISCORD_TOKEN');
    expect(p.stderr.join('')).not.toContain('not-a-token');
  }, 20_000);

  it('78: serve without DISCORD_PUBLIC_KEY', async () => {
    const p = runs.key as NodeProcess;
    expect((await p.exited).code).toBe(78);
    expect(p.stderr.join('')).toContain('DISCORD_PUBLIC_KEY');
  }, 20_000);

  it('78: Discord refuses the token', async () => {
    expect((await (runs.refused as NodeProcess).exited).code).toBe(78);
  }, 20_000);

  it('75: Discord cannot be reached (restart with back-off)', async () => {
    expect((await (runs.unreachable as NodeProcess).exited).code).toBe(75);
  }, 20_000);
});
