/**
 * Issue 10, src/main.ts in a child process: exits that explain themselves (one message per fatal
 * close code, apart from network failures; 78 permanent, 75 transient) and a FIFO in the
 * knowledge folder that can no longer stall a reload or the shutdown.
 */

import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord.js';
import { type NodeProcess, spawnNode } from '../support/spawn-node.js';
import { TEST_TOKEN } from '../support/start-bot.js';

const children: NodeProcess[] = [];
const fakes: FakeDiscord[] = [];
const temps: string[] = [];

afterAll(async () => {
  for (const c of children.splice(0)) c.kill();
  for (const f of fakes.splice(0)) await f.close();
  for (const t of temps.splice(0)) await rm(t, { recursive: true, force: true });
});

/** The source entry point through tsx, in a clean environment. */
function startMain(apiUrl: string, extraEnv: Record<string, string> = {}): NodeProcess {
  const child = spawnNode(
    'src/main.ts',
    [],
    {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: apiUrl,
      DISCORD_APPLICATION_ID: '1200000000000000001',
      ...extraEnv,
    },
    { nodeArgs: ['--import', 'tsx'] },
  );
  children.push(child);
  return child;
}

async function readyAgainstFake(extraEnv: Record<string, string> = {}) {
  const fake = await startFakeDiscord({ token: TEST_TOKEN });
  fakes.push(fake);
  const child = startMain(fake.restBase, extraEnv);
  await vi.waitFor(() => expect(child.logs.some((l) => l.msg === 'ready')).toBe(true), {
    timeout: 45_000, // start-up through tsx on a busy 2-core machine can take this long
    interval: 50,
  });
  return { fake, child };
}

// Each test starts its own process (a few seconds of start-up each): they run side by side.
// 4004 is covered by faults.test.ts (the built entry point) and the unit tests.
describe.concurrent('a fatal gateway close code: its own message, exit 78', () => {
  it.each([
    [4014, /Privileged Gateway Intents/],
    [4010, /shard/i],
  ])(
    'close code %i',
    async (code, pattern) => {
      const { fake, child } = await readyAgainstFake();
      await fake.closeConnections(code, 'fatal');
      const { code: exitCode } = await child.exited;
      expect(exitCode).toBe(78);
      const fatal = child.logs.find((l) => l.level === 60);
      expect(fatal?.msg).toContain(String(code));
      expect(fatal?.msg).toMatch(pattern);
      expect(fatal?.msg).not.toContain('DISCORD_TOKEN is wrong');
      expect(fatal).toMatchObject({ code, permanent: true });
    },
    60_000,
  );
});

describe.concurrent('a refused connection is a network failure, not a token problem', () => {
  it('says so and exits 75 (restart with back-off)', async () => {
    // A port on 127.0.0.1 that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise((r) => probe.close(r));
    const child = startMain(`http://127.0.0.1:${port}/api`);
    const { code: exitCode } = await child.exited;
    expect(exitCode).toBe(75);
    const fatal = child.logs.find((l) => l.level === 60);
    expect(fatal?.msg).toContain('ECONNREFUSED');
    expect(fatal?.msg).not.toContain('DISCORD_TOKEN');
  }, 60_000);
});

describe.concurrent('a FIFO named *.json in the knowledge folder', () => {
  it('is skipped with a warning; SIGHUP still reloads; SIGTERM ends the process within the grace period', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'outflow-fifo-'));
    temps.push(dir);
    await cp(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'sections', 'stuck.json')]);
    const { child } = await readyAgainstFake({ KNOWLEDGE_DIR: dir });
    expect(child.logs.find((l) => Array.isArray(l.skipped))?.skipped).toEqual([
      'sections/stuck.json: not a regular file (a FIFO)',
    ]);
    child.child.kill('SIGHUP');
    await vi.waitFor(
      () =>
        expect(child.logs.filter((l) => l.reason === 'SIGHUP' && Array.isArray(l.skipped))).toHaveLength(1),
      { timeout: 10_000 },
    );
    const started = performance.now();
    child.child.kill('SIGTERM');
    const { code: exitCode, signal } = await child.exited;
    expect({ exitCode, signal }).toEqual({ exitCode: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(5000 + 2000); // the 5 s grace, and a margin
  }, 75_000);
});
