import { type APIInteraction, type APIInteractionResponse, Locale } from 'discord-api-types/v10';
import { t } from '../src/i18n/strings.js';
import {
  autocompleteInteraction,
  chatInputInteraction,
  DEFAULT_USER,
  opt,
} from '../tests/support/fake-discord.js';
import { type StartedBot, startBot } from '../tests/support/start-bot.js';
import { heapUsedMB, ms, percentile, percentiles, printTable, verdict } from './stats.js';

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

/**
 * Two kinds of round trip taken in turn, one at a time, so that both see the same machine:
 * on a shared machine the speed drifts by half within seconds, and two runs taken one
 * after the other compare the drift as much as the work.
 */
export async function alternating(
  env: StartedBot,
  count: number,
  first: (i: number) => APIInteraction,
  second: (i: number) => APIInteraction,
) {
  const a = new Float64Array(count);
  const b = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    a[i] = await roundTrip(env, first(i));
    b[i] = await roundTrip(env, second(i));
    if ((i + 1) % 250 === 0) env.fake.clearRecords();
  }
  return [percentiles(a), percentiles(b)] as const;
}

/** Round trips one at a time; p50/p99 in ms, and heap after GC every 250. */
export async function sequential(env: StartedBot, count: number, make: (i: number) => APIInteraction) {
  const samples = new Float64Array(count);
  const heap: number[] = [];
  for (let i = 0; i < count; i++) {
    samples[i] = await roundTrip(env, make(i));
    if ((i + 1) % 250 === 0) {
      env.fake.clearRecords();
      heap.push(heapUsedMB());
    }
  }
  return { ...percentiles(samples), heap };
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

const SOAK_TOTAL = 100_000;
const SOAK_CONCURRENCY = 64;
const SOAK_BATCH = 1_000;
const SOAK_HEAP_EVERY = 20_000;

/**
 * 100,000 interactions, every one from a user the bot has never seen (a quarter of them in a DM
 * of its own), 64 in flight, with the default per-user rate limit (8 per 20 s) in force:
 * throughput, latency, errors, and heap after GC every 20,000. Memory must not grow with the
 * number of users (issue 10: discord.js cached every user, member and DM channel).
 */
export async function runSoak(): Promise<void> {
  const env = await startBot({ logLevel: 'silent', rateLimit: { count: 8, windowMs: 20_000 } });
  const slowDown = (['zh-Hans', 'zh-Hant', 'en'] as const).map((lang) => t(lang, 'slowDown').slice(0, 8));
  let ok = 0;
  let limited = 0;
  let errors = 0;
  const latencies = new Float64Array(SOAK_TOTAL);
  const newUser = (i: number) => String(1_300_000_000_000_000_000n + BigInt(i));
  const interactionAt = (i: number): APIInteraction => {
    const base = commandAt(i, newUser(i));
    if (i % 4 !== 3) return base;
    const c = COMMANDS[i % COMMANDS.length] as (typeof COMMANDS)[number];
    return chatInputInteraction({
      name: c.name,
      ...(c.options ? { options: c.options } : {}),
      locale: LOCALES[i % LOCALES.length],
      user: { ...DEFAULT_USER, id: newUser(i) },
      dm: true,
      channelId: String(1_400_000_000_000_000_000n + BigInt(i)),
    });
  };
  try {
    await sequential(env, 100, commandAt);
    env.fake.clearRecords();
    const heapStart = heapUsedMB();
    const heap: { at: number; mb: number }[] = [];
    const started = performance.now();
    let next = 0;
    for (let batch = 0; batch < SOAK_TOTAL / SOAK_BATCH; batch++) {
      const end = next + SOAK_BATCH;
      const worker = async () => {
        while (next < end) {
          const i = next++;
          const interaction = interactionAt(i);
          const start = performance.now();
          try {
            const callback = env.fake.waitForCallback(interaction.id, 10_000);
            env.fake.sendInteraction(interaction);
            const body = (await callback) as APIInteractionResponse & {
              data?: { embeds?: { title?: string; description?: string }[] };
            };
            latencies[i] = performance.now() - start;
            const embed = body.data?.embeds?.[0];
            if (slowDown.some((s) => embed?.description?.startsWith(s))) limited++;
            else if (embed?.title === '⚠️') errors++;
            else ok++;
          } catch {
            latencies[i] = Number.NaN;
            errors++;
          }
        }
      };
      await Promise.all(Array.from({ length: SOAK_CONCURRENCY }, worker));
      env.fake.clearRecords();
      if (next % SOAK_HEAP_EVERY === 0) {
        heap.push({ at: next, mb: heapUsedMB() });
        const secs = ((performance.now() - started) / 1000).toFixed(0);
        console.log(`  ${next / 1000}k after ${secs} s: heap after GC ${heap.at(-1)?.mb.toFixed(1)} MB`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.filter((x) => !Number.isNaN(x)).sort();
    printTable(
      [
        'interactions',
        'new users',
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
          String(SOAK_TOTAL),
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
    const first = heap[0]?.mb ?? Number.NaN;
    const last = heap.at(-1)?.mb ?? Number.NaN;
    const growth = (100 * (last - first)) / first;
    console.log(
      `\nheap used after GC: start ${heapStart.toFixed(1)} MB; ${heap
        .map((h) => `${h.at / 1000}k ${h.mb.toFixed(1)}`)
        .join(' → ')} MB; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
    const client = env.bot.client;
    console.log(
      `discord.js caches at the end: ${client.users.cache.size} user(s), ${client.guilds.cache.reduce((n, g) => n + g.members.cache.size, 0)} member(s), ${client.channels.cache.size} channel(s)`,
    );
    console.log(
      `heap growth 20k → 100k: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% (target within 10%): ${Math.abs(growth) <= 10 ? 'PASS' : 'MISS'}`,
    );
    console.log(`errors must be 0: ${errors === 0 ? 'PASS' : 'MISS'}`);
  } finally {
    await env.stop();
  }
}
