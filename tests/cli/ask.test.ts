import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { ask, askJson, parseAskArgs } from '../../src/cli/ask.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore, type Snapshot } from '../../src/store/store.js';
import { REPO, run } from '../support/run.js';

const askCli = (args: string[], stdin?: string) => run('npx', ['tsx', 'src/cli/ask.ts', ...args], stdin);

let snapshot: Snapshot;
beforeAll(async () => {
  snapshot = (await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR)).current();
});

interface AskLine {
  question: string;
  lang: string;
  kind: string;
  ids: string[];
  parts: string[];
  uncovered: string[];
}

describe('npm run ask', () => {
  it('prints one JSON object per line, the same answer as the bot gives, lines independent', async () => {
    const lines = [
      '人口流失会造成什么后果',
      '伊春2020年人口為什麼減少了30%？',
      'and what did the city do about it?',
      '',
    ];
    const { code, stdout, stderr } = await askCli(['--json', '--stdin'], `${lines.join('\n')}\n`);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AskLine);
    expect(out).toHaveLength(lines.length);
    out.forEach((o, i) => {
      expect(Object.keys(o)).toEqual(['question', 'lang', 'kind', 'ids', 'parts', 'uncovered']);
      expect(o.question).toBe(lines[i]);
      // What the Discord layer and the console render, from the same function.
      expect(JSON.stringify(o)).toBe(
        askJson(lines[i] as string, ask(snapshot, lines[i] as string, undefined)),
      );
    });
    expect(out[0]).toMatchObject({ kind: 'part', parts: ['effect'], uncovered: [] });
    expect(out[1]?.lang).toBe('zh-Hant');
    expect(out[1]?.uncovered).toEqual(expect.arrayContaining(['伊春', '30%']));
    // Without --conversation a follow-up has nothing to continue.
    expect(out[2]?.kind).not.toBe('section');
  });

  it('reads the lines as one conversation with --conversation, and takes --locale', async () => {
    const lines = ['What strategies does the article propose?', 'and what did the city do about it?'];
    const { stdout } = await askCli(
      ['--json', '--stdin', '--conversation', '--locale', 'zh-TW'],
      lines.join('\n'),
    );
    const [first, second] = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AskLine);
    expect(first).toMatchObject({ lang: 'zh-Hant', kind: 'part', parts: ['strategy'] });
    expect(second).toMatchObject({ kind: 'part', parts: ['case'] });
  });

  it('refuses bad arguments with a message and exit code 2', async () => {
    expect(parseAskArgs(['--locale', 'fr'])).toMatch(/--locale takes one of/);
    expect(parseAskArgs(['--conversation', 'q'])).toMatch(/needs --stdin/);
    expect(parseAskArgs(['--bogus', 'q'])).toMatch(/Unknown option --bogus/);
    const { code, stderr, stdout } = await askCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/No question given/);
  });

  it('stops quietly, exit code 0, when its reader closes the pipe (… | head -1)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', '--json', '--stdin'], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.stdin.end('why do people leave?\n'.repeat(2000));
    // Read the first answer, then hang up, as head does.
    const [first] = (await once(child.stdout, 'data')) as [Buffer];
    expect(String(first)).toMatch(/^\{"question"/);
    child.stdout.destroy();
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
