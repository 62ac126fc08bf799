import { type APIInteraction, type APIInteractionResponse, Locale } from 'discord-api-types/v10';
import { t } from '../src/i18n/strings.js';
import {
  autocompleteInteraction,
  chatInputInteraction,
  DEFAULT_USER,
  opt,
} from '../tests/support/fake-discord.js';
import { type StartedBot, startBot } from '../tests/support/start-bot.js';
import { heapUsedMB, ms, percentile, printTable, verdict } from './stats.js';

/**
 * Round trips through the real discord.js client and the fake Discord on 127.0.0.1:
 * from INTERACTION_CREATE written to the gateway socket to the callback arriving at the
 * fake's REST server. Both run in this process, so the memory figures include the fake.
 */

const LOCALES = [Locale.ChineseCN, Locale.ChineseTW, Locale.EnglishUS] as const;
const COMMANDS: { name: string; options?: ReturnType<typeof opt.string>[] }[] = [
  { name: 'strategy', options: [opt.string('area', 'industry')] },
  { name: 'causes' },
  { name: 'search', options: [opt.string('query', '房价')] },
  { name: 'ask', options: [opt.string('question', 'why do young people leave?')] },
  { name: 'topics' },
  { name: 'effects', options: [opt.string('area', 'housing')] },
];
const TYPED = ['房', '房价', 'hou', 'housing', '户口', 'why', '產業', 'smart c'];

function commandAt(i: number, userId = DEFAULT_USER.id): APIInteraction {
  const c = COMMANDS[i % COMMANDS.length] as (typeof COMMANDS)[number];
  return chatInputInteraction({
    name: c.name,
    ...(c.options ? { options: c.options } : {}),
    locale: LOCALES[i % LOCALES.length],
    user: { ...DEFAULT_USER, id: userId },
  });
}

function autocompleteAt(i: number): APIInteraction {
  return autocompleteInteraction({
    name: 'search',
    options: [{ ...opt.string('query', TYPED[i % TYPED.length] as string), focused: true }],
    locale: LOCALES[i % LOCALES.length],
  });
}

async function roundTrip(env: StartedBot, interaction: APIInteraction): Promise<number> {
  const start = performance.now();
  const callback = env.fake.waitForCallback(interaction.id, 10_000);
  env.fake.sendInteraction(interaction);
  await callback;
  return performance.now() - start;
}

async function sequential(env: StartedBot, count: number, make: (i: number) => APIInteraction) {
  const samples = new Float64Array(count);
  const heap: number[] = [];
  for (let i = 0; i < count; i++) {
    samples[i] = await roundTrip(env, make(i));
    if ((i + 1) % 250 === 0) {
      env.fake.clearRecords();
      heap.push(heapUsedMB());
    }
  }
  samples.sort();
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), heap };
}

export async function runDiscordBench(): Promise<void> {
  const env = await startBot({ logLevel: 'silent' });
  try {
    await sequential(env, 200, commandAt); // warm-up: JIT, sockets, caches
    env.fake.clearRecords();
    const heapStart = heapUsedMB();
    const commands = await sequential(env, 1000, commandAt);
    const autocomplete = await sequential(env, 1000, autocompleteAt);
    printTable(
      ['round trip (1,000 each, one at a time)', 'p50 ms', 'p99 ms', 'target', ''],
      [
        [
          'command (6 commands × 3 locales)',
          ms(commands.p50),
          ms(commands.p99),
          '< 15 ms',
          verdict(commands.p99, 15),
        ],
        [
          'autocomplete (/search, 8 inputs)',
          ms(autocomplete.p50),
          ms(autocomplete.p99),
          '< 10 ms',
          verdict(autocomplete.p99, 10),
        ],
      ],
    );
    const trace = [...commands.heap, ...autocomplete.heap].map((h) => h.toFixed(1)).join(' → ');
    console.log(`\nheap used after GC, every 250 interactions: ${heapStart.toFixed(1)} → ${trace} MB`);
  } finally {
    await env.stop();
  }
}

const SOAK_TOTAL = 20_000;
const SOAK_CONCURRENCY = 64;
const SOAK_USERS = 2_000;
const SOAK_BATCH = 1_000;

/**
 * 20,000 interactions from 2,000 simulated users, 64 in flight at a time, with the
 * default per-user rate limit (8 per 20 s) in force: throughput, latency, errors,
 * rate-limited replies counted apart, and memory at start and end.
 */
export async function runSoak(): Promise<void> {
  const env = await startBot({ logLevel: 'silent', rateLimit: { count: 8, windowMs: 20_000 } });
  const slowDown = (['zh-Hans', 'zh-Hant', 'en'] as const).map((lang) => t(lang, 'slowDown').slice(0, 8));
  let ok = 0;
  let limited = 0;
  let errors = 0;
  const latencies: number[] = [];
  try {
    await sequential(env, 100, commandAt);
    env.fake.clearRecords();
    const heapStart = heapUsedMB();
    const heap: number[] = [];
    const started = performance.now();
    let next = 0;
    for (let batch = 0; batch < SOAK_TOTAL / SOAK_BATCH; batch++) {
      const end = next + SOAK_BATCH;
      const worker = async () => {
        while (next < end) {
          const i = next++;
          const interaction = commandAt(i, String(1_300_000_000_000_000_000n + BigInt(i % SOAK_USERS)));
          const start = performance.now();
          try {
            const callback = env.fake.waitForCallback(interaction.id, 10_000);
            env.fake.sendInteraction(interaction);
            const body = (await callback) as APIInteractionResponse & {
              data?: { embeds?: { title?: string; description?: string }[] };
            };
            latencies.push(performance.now() - start);
            const embed = body.data?.embeds?.[0];
            if (slowDown.some((s) => embed?.description?.startsWith(s))) limited++;
            else if (embed?.title === '⚠️') errors++;
            else ok++;
          } catch {
            errors++;
          }
        }
      };
      await Promise.all(Array.from({ length: SOAK_CONCURRENCY }, worker));
      env.fake.clearRecords();
      if ((batch + 1) % 5 === 0) heap.push(heapUsedMB());
    }
    const seconds = (performance.now() - started) / 1000;
    const sorted = Float64Array.from(latencies).sort();
    printTable(
      [
        'interactions',
        'users',
        'in flight',
        'throughput /s',
        'p50 ms',
        'p99 ms',
        'answered',
        'rate-limited',
        'errors',
      ],
      [
        [
          String(SOAK_TOTAL),
          String(SOAK_USERS),
          String(SOAK_CONCURRENCY),
          (SOAK_TOTAL / seconds).toFixed(0),
          ms(percentile(sorted, 0.5)),
          ms(percentile(sorted, 0.99)),
          String(ok),
          String(limited),
          String(errors),
        ],
      ],
    );
    console.log(
      `\nheap used after GC: start ${heapStart.toFixed(1)} MB, every 5,000: ${heap.map((h) => h.toFixed(1)).join(' → ')} MB; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
    console.log(`errors must be 0: ${errors === 0 ? 'PASS' : 'MISS'}`);
  } finally {
    await env.stop();
  }
}
