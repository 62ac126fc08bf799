import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import type { Knowledge } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { toSimplified, toTaiwanese, toTraditional } from '../../src/text/chinese.js';
import { TAIWAN_CORRECTIONS, TAIWAN_UI_VOCABULARY } from '../../src/text/taiwan.js';
import { readFixture, type SentencePair, sentencePairs } from '../support/zh-hant.js';

/**
 * Traditional Chinese as Taiwan readers write it: every sentence of the base against its reviewed
 * form (tests/fixtures/zh-Hant.expected.json), and those reviewed forms against the original
 * article as received, whose own conversion errors (凈, 并, 范, 沖, 采, 于) must not come back.
 */

const SOURCE = path.join(DEFAULT_KNOWLEDGE_DIR, 'source');
const PINYIN = /\((?:\p{Script=Latin}|\p{M})+\)/gu;

/**
 * Where the bot's Traditional differs from the original as received, character for character:
 * the original writes mainland variant forms (it was itself converted from Simplified); Taiwan
 * writes the right-hand ones. 賬 → 帳 is our choice of the Ministry of Education standard form.
 */
const ORIGINAL_TO_TAIWAN: Readonly<Record<string, string>> = {
  凈: '淨',
  并: '並',
  范: '範',
  沖: '衝',
  采: '採',
  于: '於',
  賬: '帳',
};

let knowledge: Knowledge;
let pairs: SentencePair[];
let fixture: Record<string, string>;

beforeAll(async () => {
  knowledge = await loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
  pairs = sentencePairs(knowledge);
  fixture = await readFixture();
});

describe('Traditional text of the knowledge base', () => {
  it('every sentence of every section and part matches its reviewed form', () => {
    expect(pairs.length).toBeGreaterThan(100);
    const missing = pairs.filter((p) => fixture[p.hans] === undefined);
    expect(
      missing.map((p) => `${p.where}: ${p.hans}`),
      'sentences with no reviewed Traditional form: run `npx tsx tests/support/zh-hant.ts --write`, then review what it adds',
    ).toEqual([]);
    const wrong = pairs
      .filter((p) => fixture[p.hans] !== p.hant)
      .map((p) => `${p.where}\n  expected ${fixture[p.hans]}\n  actual   ${p.hant}`);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('the reviewed forms of the article’s sentences are the original’s, less its conversion errors', () => {
    const original = readFileSync(path.join(SOURCE, 'article.original.txt'), 'utf8');
    const clean = readFileSync(path.join(SOURCE, 'article.zh-Hans.txt'), 'utf8');
    // Position for position the same text as the clean copy (see knowledge/source/README.md).
    const aligned = [...original.replace(PINYIN, '').replace('房?jī)r', '房價').normalize('NFKC')];
    const cleanText = clean.normalize('NFKC');
    expect(aligned).toHaveLength([...cleanText].length);

    let located = 0;
    const used = new Set<string>();
    const problems: string[] = [];
    for (const [hans, hant] of Object.entries(fixture)) {
      const h = hans.normalize('NFKC');
      // A sentence the base ends with 。 may go on after a comma in the article.
      const variants = [h, h.replace(/。$/, ',')];
      const at = variants.map((v) => cleanText.indexOf(v)).find((i) => i >= 0);
      if (at === undefined) continue; // ours, not the article's: reviewed by reading only
      located++;
      const from = [...cleanText.slice(0, at)].length;
      const chars = [...hant.normalize('NFKC')];
      chars.forEach((ch, i) => {
        const theirs = aligned[from + i] as string;
        if (ch === theirs || (i === chars.length - 1 && ch === '。')) return;
        if (ORIGINAL_TO_TAIWAN[theirs] === ch) used.add(theirs);
        else problems.push(`${hant}[${i}]: ${ch}, the original has ${theirs}`);
      });
    }
    expect(problems).toEqual([]);
    expect(located).toBeGreaterThan(60);
    // Not vacuous: each of the original's errors occurs, and was corrected.
    expect([...used].sort()).toEqual(Object.keys(ORIGINAL_TO_TAIWAN).sort());
  });

  it('copies none of the original’s errors and none of OpenCC’s, anywhere', () => {
    const bad = /[凈并]|註重|併為|迴流|賬|[“”]/;
    const found = pairs.filter((p) => bad.test(p.hant)).map((p) => `${p.where}: ${p.hant}`);
    expect(found).toEqual([]);
  });
});

describe('the correction table (src/text/taiwan.ts)', () => {
  const cn2tw = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const cn2twp = OpenCC.Converter({ from: 'cn', to: 'twp' });

  it('each entry corrects something OpenCC still gets wrong', () => {
    for (const c of TAIWAN_CORRECTIONS) {
      expect(cn2tw(c.example), c.example).toMatch(new RegExp(c.wrong.source));
      expect(toTraditional(c.example), c.example).not.toMatch(new RegExp(c.wrong.source));
    }
    for (const c of TAIWAN_UI_VOCABULARY) {
      expect(cn2twp(c.example), c.example).toMatch(new RegExp(c.wrong.source));
      expect(toTaiwanese(c.example), c.example).not.toMatch(new RegExp(c.wrong.source));
    }
  });

  it('corrects in context and leaves the right uses alone', () => {
    expect(toTraditional('未来这些城市将更加注重创新驱动')).toBe('未來這些城市將更加注重創新驅動');
    expect(toTraditional('发展目标并为社会创造更多福祉')).toBe('發展目標並為社會創造更多福祉');
    expect(toTraditional('两个部门合并为一个')).toBe('兩個部門合併為一個');
    expect(toTraditional('吸引人才回流')).toBe('吸引人才回流');
    expect(toTraditional('银行坏账增加')).toBe('銀行壞帳增加');
    expect(toTraditional('注册')).toBe('註冊');
    // The article's vocabulary is kept: only our interface wording gets Taiwan words.
    expect(toTraditional('生活质量和服务水平')).toBe('生活質量和服務水平');
    expect(toTaiwanese('生活质量和服务水平')).toBe('生活品質和服務水準');
  });

  it('folds back to the Simplified text, so what the bot shows in Traditional can be searched for', () => {
    // Search normalises with toSimplified; punctuation does not matter to it, and 著 is both scripts' (显著).
    const fold = (s: string) => s.replace(/[\p{P}\s]/gu, '').replaceAll('著', '着');
    const differ = pairs.filter((p) => fold(toSimplified(p.hant)) !== fold(p.hans)).map((p) => p.hant);
    expect(differ).toEqual([]);
    expect(toSimplified('銀行壞帳增加')).toBe('银行坏账增加');
    expect(toSimplified('蚊帳和帳篷')).toBe('蚊帐和帐篷');
  });

  it('is idempotent on text that is already Traditional', () => {
    for (const p of pairs) expect(toTraditional(p.hant), p.where).toBe(p.hant);
  });
});
