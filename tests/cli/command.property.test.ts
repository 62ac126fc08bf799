import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLine } from '../../src/commands/parse-line.js';
import { Responder } from '../../src/discord/responder.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { assertWithinDiscordLimits } from '../e2e/limits.js';
import { EMOJI, MARKDOWN, MENTIONS, OPERATORS, RTL, WORDS, ZERO_WIDTH } from '../support/hostile-text.js';
import { run } from '../support/run.js';

/**
 * The one-shot CLI, fed the nastiest lines: each run spawns `npx tsx src/cli/command.ts`
 * (about a second), so this tries a handful of hand-picked lines plus a generated one, and checks each payload against the in-process Responder's.
 */

// Every pool but the long-tail code points: a spawn is too dear to spend on plain letters.
const FRAGMENTS = [...MENTIONS, ...MARKDOWN, ...OPERATORS, ...WORDS, ...EMOJI, ...RTL, ...ZERO_WIDTH];

function tenThousand(): string {
  let s = '';
  for (let i = 0; s.length < 10_000; i++) s += FRAGMENTS[(i * 7) % FRAGMENTS.length];
  // Keep surrogate pairs whole: argv is UTF-8.
  return s.slice(0, 10_000).replace(/[\ud800-\udbff]$/, '');
}

const NASTY: [line: string, locale: string][] = [
  ['/search @everyone <@&1>', 'zh-CN'],
  [tenThousand(), 'en-US'],
  [`/causes factor:${tenThousand().replace(/\s/g, '')}`, 'zh-TW'],
  [
    ZERO_WIDTH.filter((c) => c !== '\ufeff')
      .join('')
      .repeat(20),
    'zh-TW',
  ],
  [
    "/search **bold** [link](http://x) `code` ||s|| ~~x~~ > a****b****c '=!^$|([\\ 'housing !price ^房 价$",
    'zh-CN',
  ],
  ['/ask \u202e¿ʎɥʍ e\u0301\u0302 👨‍👩‍👧 为什么 <#123456789012345678> @here', 'en-US'],
  ['/<@123456789012345678>@here', 'en-US'],
];

/** A few more lines, generated (with a fixed seed, so a failure can be rerun). */
const GENERATED: [string, string][] = fc
  .sample(
    fc.tuple(
      fc.constantFrom('/search ', '/ask ', '/strategy area:', '/case ', '', '/topics private:true '),
      fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 40 }),
      fc.constantFrom('zh-CN', 'zh-TW', 'en-US'),
    ),
    { numRuns: 1, seed: 20_240_613 },
  )
  .map(([head, parts, locale]) => [`${head}${parts.join('')}`, locale]);

function runCli(line: string, locale: string) {
  return run('npx', ['tsx', 'src/cli/command.ts', '--json', '--locale', locale, line]);
}

/** Runs `tasks` at most `limit` at a time (each is a whole Node process). */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

let responder: Responder;

beforeAll(async () => {
  const store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  responder = new Responder(() => store.current());
});

describe('the one-shot CLI with hostile command lines', () => {
  const cases = [...NASTY, ...GENERATED];

  it(`prints one JSON line within Discord's limits for each of ${cases.length} lines`, async () => {
    const runs = await pool(
      cases.map(
        ([line, locale]) =>
          () =>
            runCli(line, locale),
      ),
      2, // two cores
    );
    runs.forEach((run, i) => {
      const [line, locale] = cases[i] as [string, string];
      const label = `${locale} ${JSON.stringify(line.slice(0, 80))} (${line.length} chars)`;
      expect(run.code, `${label}: ${run.stderr}`).toBe(0);
      expect(run.stdout.endsWith('\n'), label).toBe(true);
      expect(run.stdout.trimEnd().split('\n'), label).toHaveLength(1);
      const payload = JSON.parse(run.stdout) as { type: number; data: Record<string, unknown> };
      assertWithinDiscordLimits(payload);
      expect(payload.data.allowed_mentions, label).toEqual({ parse: [] });
      expect(JSON.stringify(payload.data.embeds), label).not.toMatch(/@(everyone|here)|<(@|#|\/)/i);
      // Exactly the payload the bot would send for the same options.
      const { name, args } = parseLine(line);
      expect(payload, label).toEqual(
        JSON.parse(JSON.stringify(responder.command(name, args, locale).response)),
      );
    });
  }, 60_000);
});
