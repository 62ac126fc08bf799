import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/cli/console.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';

let store: KnowledgeStore;
beforeAll(async () => {
  store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
});

async function session(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => {
    text += chunk;
  });
  const done = runConsole(store, { input, output });
  input.end(`${lines.join('\n')}\n`);
  await done;
  return text;
}

describe('console', () => {
  it('is one conversation: a follow-up continues the last answer', async () => {
    const { byId, parts } = store.current().knowledge;
    const heading = (title: string | undefined) => `== ${title} ==`;
    const caseIndustry = heading(byId.get('case.industry')?.title['zh-Hans']);
    // After a strategy, "what did the case city do" is that strategy's case…
    const followed = await session(['优化产业结构具体指什么', '那个案例城市是怎么做的']);
    expect(followed).toContain(caseIndustry);
    // …while the same question on its own gets the whole case study.
    const alone = await session(['那个案例城市是怎么做的']);
    expect(alone).not.toContain(caseIndustry);
    expect(alone).toContain(heading(parts.get('case')?.heading?.['zh-Hans']));
  });

  it('answers commands, questions, buttons and language switches like the bot', async () => {
    const { byId } = store.current().knowledge;
    const out = await session([
      '/strategy industry',
      '/lang zh-TW',
      '/open cause.policy',
      '/lang en',
      'why do young people leave?',
    ]);
    expect(out).toContain(byId.get('strategy.industry')?.title['zh-Hans']);
    // What the case city did beyond the strategy's own words (the rest would say it twice).
    expect(out).toContain(byId.get('case.industry')?.measures.find((m) => !m.repeats)?.text['zh-Hans']);
    expect(out).toContain(byId.get('cause.policy')?.title['zh-Hant']);
    expect(out).toContain(byId.get('cause.economic')?.title.en);
  });

  it('explains unknown commands, bad options and gibberish instead of failing', async () => {
    const out = await session([
      '/nope',
      '/strategy space-travel',
      'zxqv qwzx',
      '/open missing.id',
      '/lang klingon',
    ]);
    const { byId } = store.current().knowledge;
    expect(out).toContain('/help');
    // The choices by their names in the reader's language, each with the value to type.
    expect(out).toContain(
      `${byId.get('strategy.industry')?.title['zh-Hans']}（industry）、${byId.get('strategy.public-services')?.title['zh-Hans']}（public-services）`,
    );
    expect(out).toContain('/topics');
    expect(out).toContain('Usage: /lang');
  });

  it('takes option values in Chinese, Simplified or Traditional, and suggests what was meant', async () => {
    const { byId } = store.current().knowledge;
    const out = await session([
      '/causes 经济',
      '/lang zh-TW',
      '/effects 房價',
      '/lang en',
      '/strategies',
      '/causes economy',
    ]);
    const [economic, housing] = out.split(/^== /m).slice(1);
    expect(economic).toContain(byId.get('cause.economic')?.text['zh-Hans']);
    expect(housing).toContain(byId.get('effect.housing')?.text['zh-Hant']);
    expect(out).toContain('`/strategy`');
    expect(out).toContain('`/causes factor:economic`');
  });
});
