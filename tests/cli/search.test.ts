import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import type { Knowledge } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { type Run, run } from '../support/run.js';

const tsx = (args: string[], stdin?: string) => run('npx', ['tsx', 'src/cli/search.ts', ...args], stdin);

// A question with many answers, so that the limit and the order show.
const BROAD = '城市发展';
const SPECIFIC = '房价下降';
const OFF_TOPIC = 'best sourdough pizza recipe';

let knowledge: Knowledge;
// Each spawn costs most of a second: start them all at once, then check each.
let runs: { broad: Run; offTopic: Run; stdin: Run; text: Run; noQuery: Run; viaNpm: Run };

beforeAll(async () => {
  knowledge = await loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
  const [broad, offTopic, stdin, text, noQuery, viaNpm] = await Promise.all([
    tsx(['--json', BROAD]),
    tsx(['--json', OFF_TOPIC]),
    tsx(['--json', '--stdin'], `${SPECIFIC}\n\n${OFF_TOPIC}\n`),
    tsx([SPECIFIC]),
    tsx([]),
    run('npm', ['run', '--silent', 'search', '--', '--json', SPECIFIC]),
  ]);
  runs = { broad, offTopic, stdin, text, noQuery, viaNpm };
}, 30_000);

interface JsonAnswer {
  query: string;
  results: { id: string; score: number; title: string }[];
}

/** stdout must be exactly one line of JSON of the documented shape. */
function parseLine(line: string): JsonAnswer {
  const answer = JSON.parse(line) as JsonAnswer;
  expect(Object.keys(answer).sort()).toEqual(['query', 'results']);
  expect(Array.isArray(answer.results)).toBe(true);
  expect(answer.results.length).toBeLessThanOrEqual(10);
  answer.results.forEach((r, i) => {
    expect(Object.keys(r).sort()).toEqual(['id', 'score', 'title']);
    expect(typeof r.score).toBe('number');
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
    if (i > 0) expect(r.score).toBeLessThanOrEqual((answer.results[i - 1] as { score: number }).score);
    // The title is the section's own (Simplified) title.
    expect(r.title).toBe(knowledge.byId.get(r.id)?.title['zh-Hans']);
  });
  return answer;
}

function singleJsonLine(r: Run): JsonAnswer {
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.endsWith('\n')).toBe(true);
  const lines = r.stdout.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  return parseLine(lines[0] as string);
}

describe('search CLI', () => {
  it('--json prints one line of JSON: {query, results[{id, score, title}]}, ≤ 10, best first', () => {
    const answer = singleJsonLine(runs.broad);
    expect(answer.query).toBe(BROAD);
    expect(answer.results.length).toBeGreaterThan(1);
    expect(new Set(answer.results.map((r) => r.id)).size).toBe(answer.results.length);
  });

  it('--json answers an off-topic question with no results', () => {
    const answer = singleJsonLine(runs.offTopic);
    expect(answer).toEqual({ query: OFF_TOPIC, results: [] });
  });

  it('works the same through `npm run --silent search`', () => {
    const answer = singleJsonLine(runs.viaNpm);
    expect(answer.query).toBe(SPECIFIC);
    expect(answer.results[0]?.id).toBe('effect.housing');
    // The same answer as the first line of the --stdin run, which asked the same question.
    const fromStdin = JSON.parse(runs.stdin.stdout.split('\n')[0] ?? '') as JsonAnswer;
    expect(answer).toEqual(fromStdin);
  });

  it('--stdin answers each line, in order, one JSON line each (an empty line too)', () => {
    expect(runs.stdin.code, runs.stdin.stderr).toBe(0);
    const lines = runs.stdin.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const [first, empty, offTopic] = lines.map(parseLine) as [JsonAnswer, JsonAnswer, JsonAnswer];
    expect(first.query).toBe(SPECIFIC);
    expect(first.results.length).toBeGreaterThan(0);
    expect(empty).toEqual({ query: '', results: [] });
    expect(offTopic).toEqual({ query: OFF_TOPIC, results: [] });
  });

  it('without --json prints readable text, not JSON', () => {
    const { code, stdout, stderr } = runs.text;
    expect(code, stderr).toBe(0);
    expect(stdout.trimStart().startsWith('{')).toBe(false);
    const housing = knowledge.byId.get('effect.housing');
    const firstLine = stdout.split('\n')[0] ?? '';
    expect(firstLine).toMatch(/^\s*1\. /);
    expect(firstLine).toContain(housing?.title['zh-Hans']);
    expect(firstLine).toContain(housing?.title.en);
    expect(firstLine).toContain('effect.housing');
  });

  it('without a query exits 2 with the usage on stderr and nothing on stdout', () => {
    const { code, stdout, stderr } = runs.noQuery;
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Usage: .*search/);
    expect(stderr).toContain('--json');
    expect(stderr).toContain('--stdin');
  });
});
