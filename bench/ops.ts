import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type APIInteraction, Locale } from 'discord-api-types/v10';
import {
  applicationKeyPair,
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  DEFAULT_GUILD,
  DEFAULT_GUILD_ID,
  type FakeDiscord,
  opt,
  snowflake,
  startFakeDiscord,
} from '../tests/support/fake-discord.js';
import { TEST_TOKEN } from '../tests/support/start-bot.js';
import { ms, percentile, printTable } from './stats.js';

/**
 * Operations figures, each from real child processes against the fake Discord on 127.0.0.1:
 * cold start to gateway ready and idle memory (compiled vs `npm start`, against a client that does
 * no work), the HTTP endpoint's round trip with signature checks, and two shards' memory in one
 * process vs under a ShardingManager. Memory is the resident set of the whole process tree
 * (`npm start` is npm → sh → tsx → node).
 */

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 5;
const IDLE_MS = 3000;

interface Started {
  child: ChildProcess;
  readyMs: number;
  lines: Record<string, unknown>[];
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? REPO, LOG_LEVEL: 'info', ...extra };
}

/** Spawns and resolves when a log line with `msg` matching `ready` appears. */
function startUntil(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (l: Record<string, unknown>) => boolean,
) {
  return new Promise<Started>((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const lines: Record<string, unknown>[] = [];
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const timer = setTimeout(
      () => reject(new Error(`${cmd} ${args.join(' ')}: not ready in 60 s; ${stderr}`)),
      60_000,
    );
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line);
      } catch {
        return;
      }
      lines.push(parsed);
      if (ready(parsed)) {
        clearTimeout(timer);
        resolve({ child, readyMs: performance.now() - t0, lines });
      }
    });
    child.on('exit', (code) => reject(new Error(`${cmd} exited ${code} before ready; ${stderr}`)));
  });
}

/** Resident memory of a process and all its descendants, in MB (Linux `ps`). */
function treeRssMB(rootPid: number): { mb: number; processes: number } {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=']).toString();
  const rows = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const pids = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of rows)
      if (pids.has(ppid) && !pids.has(pid)) {
        pids.add(pid);
        grew = true;
      }
  }
  const kb = rows.filter(([pid]) => pids.has(pid)).reduce((n, [, , rss]) => n + rss, 0);
  return { mb: kb / 1024, processes: pids.size };
}

async function stopTree(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // The whole process group: under `npm start`, SIGTERM to npm alone would orphan the bot.
  process.kill(-(child.pid as number), 'SIGTERM');
  const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 8000);
  await exited;
  clearTimeout(timer);
}

/** Starts a process, waits until it is ready, lets it idle, measures its process tree, stops it. */
async function startIdleMeasure(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (l: Record<string, unknown>) => boolean,
): Promise<{ readyMs: number; mb: number; processes: number }> {
  const s = await startUntil(cmd, args, env, ready);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const m = treeRssMB(s.child.pid as number);
  await stopTree(s.child);
  return { readyMs: s.readyMs, ...m };
}

const median = (xs: number[]) => percentile(Float64Array.from(xs).sort(), 0.5);

async function coldStarts(fake: FakeDiscord) {
  const env = baseEnv({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.restBase });
  const ready = (l: Record<string, unknown>) => l.msg === 'ready';
  const variants: [string, string, string[]][] = [
    ['idle discord.js client (baseline)', process.execPath, ['bench/idle-bot.mjs']],
    ['node dist/main.js (compiled)', process.execPath, ['dist/main.js']],
    ['npm start (tsx)', 'npm', ['start', '--silent']],
  ];
  const results: { name: string; start: number; rss: number; processes: number }[] = [];
  for (const [name, cmd, args] of variants) {
    const starts: number[] = [];
    const rss: number[] = [];
    let processes = 0;
    for (let i = 0; i < RUNS; i++) {
      const m = await startIdleMeasure(cmd, args, env, ready);
      starts.push(m.readyMs);
      rss.push(m.mb);
      processes = m.processes;
      await new Promise((r) => setTimeout(r, 300));
    }
    results.push({ name, start: median(starts), rss: median(rss), processes });
  }
  const base = results[0] as (typeof results)[number];
  printTable(
    ['', 'start → ready (median ms)', '× baseline', 'idle RSS (MB)', '× baseline', 'processes'],
    results.map((r) => [
      r.name,
      r.start.toFixed(0),
      (r.start / base.start).toFixed(2),
      r.rss.toFixed(1),
      (r.rss / base.rss).toFixed(2),
      String(r.processes),
    ]),
  );
  console.log(`(${RUNS} starts each; memory after ${IDLE_MS / 1000} s idle)`);
}

async function endpoint(fake: FakeDiscord) {
  const { privateKey, publicHex: hex } = applicationKeyPair();
  const env = baseEnv({
    DISCORD_PUBLIC_KEY: hex,
    DISCORD_API_URL: fake.restBase,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    RATE_LIMIT_COUNT: '0',
    LOG_LEVEL: 'warn',
  });
  const s = await startUntil(
    process.execPath,
    ['dist/main.js', 'serve'],
    { ...env, LOG_LEVEL: 'info' },
    (l) => l.msg === 'ready',
  );
  const url = `http://127.0.0.1:${s.lines.find((l) => l.msg === 'ready')?.port}/interactions`;
  const make = (i: number): APIInteraction => {
    const user = { id: snowflake(), username: 'u', discriminator: '0', global_name: null, avatar: null };
    switch (i % 4) {
      case 0:
        return chatInputInteraction({
          name: 'strategy',
          options: [opt.string('area', 'industry')],
          locale: Locale.ChineseCN,
          user,
        });
      case 1:
        return chatInputInteraction({ name: 'search', options: [opt.string('query', '房价')], user });
      case 2:
        return autocompleteInteraction({ name: 'search', options: [opt.string('query', 'hou', true)], user });
      default:
        return buttonInteraction('open:cause.policy', { user });
    }
  };
  const send = async (interaction: APIInteraction) => {
    const body = JSON.stringify(interaction);
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = sign(null, Buffer.from(ts + body), privateKey).toString('hex');
    const t0 = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': sig,
        'x-signature-timestamp': ts,
      },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 200; i++) await send(make(i)); // warm-up
  const n = 2000;
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) samples[i] = await send(make(i));
  samples.sort();
  // Refused requests: an invalid signature costs a verification and nothing else.
  const bad = new Float64Array(500);
  for (let i = 0; i < bad.length; i++) {
    const body = JSON.stringify(make(i));
    const t0 = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'x-signature-ed25519': 'ab'.repeat(64),
        'x-signature-timestamp': String(Math.floor(Date.now() / 1000)),
      },
      body,
    });
    await res.arrayBuffer();
    bad[i] = performance.now() - t0;
  }
  bad.sort();
  printTable(
    ['HTTP POST /interactions (one at a time, keep-alive)', 'n', 'p50 ms', 'p99 ms'],
    [
      [
        'signed: command, search, autocomplete, button',
        String(n),
        ms(percentile(samples, 0.5)),
        ms(percentile(samples, 0.99)),
      ],
      ['bad signature → 401', String(bad.length), ms(percentile(bad, 0.5)), ms(percentile(bad, 0.99))],
    ],
  );
  await stopTree(s.child);
}

async function twoShards() {
  const other = (BigInt(DEFAULT_GUILD_ID) + (1n << 22n)).toString();
  const fake = await startFakeDiscord({
    token: TEST_TOKEN,
    shards: 2,
    guilds: [DEFAULT_GUILD, { id: other, channels: [{ id: snowflake() }] }],
  });
  const env = baseEnv({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.restBase });
  const measure = async (label: string, script: string, extra: Record<string, string>, ready: string) => {
    const m = await startIdleMeasure(
      process.execPath,
      [script],
      { ...env, ...extra },
      (l) => l.msg === ready,
    );
    return [label, m.mb.toFixed(1), String(m.processes), m.readyMs.toFixed(0)];
  };
  const rows = [
    await measure('internal: SHARD_COUNT=2, one process', 'dist/main.js', { SHARD_COUNT: '2' }, 'ready'),
    await measure(
      'ShardingManager: manager + 2 shard processes',
      'dist/shards.js',
      { SHARD_SPAWN_DELAY_MS: '0' },
      'every shard ready',
    ),
  ];
  await fake.close();
  printTable(['two shards', 'idle RSS (MB)', 'processes', 'start → all ready (ms)'], rows);
}

export async function runOpsBench(): Promise<void> {
  if (!existsSync(join(REPO, 'dist/main.js'))) throw new Error('run npm run build first');
  const fake = await startFakeDiscord({ token: TEST_TOKEN });
  try {
    console.log('Cold start and idle memory (fake Discord on 127.0.0.1):\n');
    await coldStarts(fake);
    console.log('\nHTTP interactions endpoint, node dist/main.js serve, Ed25519 signatures checked:\n');
    await endpoint(fake);
  } finally {
    await fake.close();
  }
  console.log('\nTwo shards:\n');
  await twoShards();
}
