import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/loader.js';
import type { Knowledge, Section } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { buildShippedWith } from '../support/shipped-files.js';

/**
 * Our reading is held to the article: every link from an effect or cause to a strategy names
 * the clause it rests on, and every section says where it sits in the article. Both are checked
 * here against knowledge/source/article.zh-Hans.txt, which the loader never reads.
 */

const ARTICLE = readFileSync(
  fileURLToPath(new URL('../../knowledge/source/article.zh-Hans.txt', import.meta.url)),
  'utf8',
);
const nfkc = (s: string) => s.normalize('NFKC');

/** The article's paragraphs by place, numbered as knowledge/source/README.md describes. */
function numberedParagraphs(article: string): Map<string, string> {
  const out = new Map<string, string>();
  let part = 0;
  let paragraph = 0;
  for (const line of article.split('\n').map((l) => l.trim())) {
    if (line === '' || /^\d+、\[.+\]\(#id\d+\)$/.test(line)) continue; // the table of contents
    const heading = /^([一二三四五六七八九])、/.exec(line);
    if (heading) {
      part = '一二三四五六七八九'.indexOf(heading[1] as string) + 1;
      paragraph = 0;
      continue;
    }
    paragraph++;
    out.set(`${part}.${paragraph}`, nfkc(line));
  }
  return out;
}

const sentencesOf = (text: string) =>
  nfkc(text)
    .split(/(?<=[。！？!?])|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

let k: Knowledge;
beforeAll(async () => {
  k = await loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
});

const links = () =>
  k.sections.flatMap((s) =>
    s.measures.flatMap((m, i) =>
      m.section ? [{ from: s, to: k.byId.get(m.section) as Section, m, i }] : [],
    ),
  );

describe('links from effects and causes to strategies', () => {
  it('exist, and only from effects and causes to strategies', () => {
    expect(links().length).toBeGreaterThanOrEqual(6);
    for (const { from, to } of links()) {
      expect(['effect', 'cause'], from.id).toContain(from.kind);
      expect(to?.kind, `${from.id} → ${to?.id}`).toBe('strategy');
    }
  });

  it('each rests on a clause that occurs verbatim in article.zh-Hans.txt', () => {
    for (const { from, m, i } of links()) {
      const clause = m.restsOn?.['zh-Hans'];
      expect(clause, `${from.id}.measures.${i}`).toBeTruthy();
      // Verbatim: not normalised, so a full-width comma where the article has "," fails.
      expect(ARTICLE.includes(clause as string), `${from.id}.measures.${i}: “${clause}”`).toBe(true);
    }
  });

  it("the clause is in the linked strategy's text or the linking section's own, and its English is that section's", () => {
    for (const { from, to, m, i } of links()) {
      const where = `${from.id}.measures.${i}`;
      const zh = nfkc(m.restsOn?.['zh-Hans'] ?? '');
      const en = (m.restsOn?.en ?? '').toLowerCase();
      const home = [to, from].find((s) => nfkc(s.text['zh-Hans']).includes(zh));
      expect(home, `${where}: “${zh}” is in neither ${to.id} nor ${from.id}`).toBeDefined();
      expect(home?.text.en.toLowerCase(), `${where}: “${en}” is not in ${home?.id}'s English`).toContain(en);
      // Long enough to point at one place, not a stock phrase.
      expect([...zh].length, where).toBeGreaterThanOrEqual(6);
    }
  });

  it('the reason (ours) does not just repeat the clause (the article’s)', () => {
    for (const { from, m, i } of links()) {
      const clause = nfkc(m.restsOn?.['zh-Hans'] ?? '');
      expect(nfkc(m.text['zh-Hans']), `${from.id}.measures.${i}`).not.toContain(clause);
      expect(m.text.en.toLowerCase()).not.toContain(m.restsOn?.en.toLowerCase());
    }
  });

  it('no strategy is linked to the household registration cause: the article proposes none (a note says so)', () => {
    const policy = k.byId.get('cause.policy') as Section;
    expect(policy.text['zh-Hans']).toContain('户籍制度');
    // The article mentions 户籍 in that paragraph only; no strategy's text does.
    expect(ARTICLE.split('户籍').length - 1).toBe(policy.text['zh-Hans'].split('户籍').length - 1);
    for (const { from, m } of links().filter((l) => l.from.id === 'cause.policy'))
      expect(`${from.id} ${m.text['zh-Hans']} ${m.restsOn?.['zh-Hans']}`).not.toContain('户籍');
    expect(policy.note?.['zh-Hans']).toContain('户籍');
  });
});

describe('the loader', () => {
  it('rejects a link without a clause to rest on, naming the field', () => {
    const build = () =>
      buildShippedWith('sections/effect.labor.json', (j) => {
        delete (j.measures as Record<string, unknown>[])[0]?.rests_on;
      });
    expect(build).toThrow(KnowledgeError);
    expect(build).toThrow(/sections\/effect\.labor\.json: measures\.0\.rests_on: is required for a link/);
  });

  it('rejects a clause on a measure that links nowhere', () => {
    const build = () =>
      buildShippedWith('sections/strategy.industry.json', (j) => {
        (j.measures as Record<string, unknown>[])[0] = {
          zh: '产业升级和多元化发展',
          en: 'x',
          rests_on: { zh: '产业升级和多元化发展', en: 'x' },
        };
      });
    expect(build).toThrow(/measures\.0\.rests_on: only a link/);
  });
});

describe('citations: where each section sits in the article', () => {
  const paragraphs = numberedParagraphs(ARTICLE);

  it('the numbering finds the article’s four parts and its opening', () => {
    const parts = new Set([...paragraphs.keys()].map((key) => key.split('.')[0]));
    expect([...parts]).toEqual(['0', '1', '2', '3', '4']);
    for (const p of k.parts.values()) {
      const { number, heading } = p;
      if (number === undefined || !heading) continue;
      // The part's heading in parts.json is the heading the article numbers so.
      const numeral = '一二三四五六七八九'[number - 1];
      const line = ARTICLE.split('\n').find((l) => l.startsWith(`${numeral}、`));
      expect(nfkc(line ?? ''), p.kind).toBe(nfkc(`${numeral}、${heading['zh-Hans']}`));
    }
  });

  it('every section of the article’s own words cites paragraphs holding each of its sentences', () => {
    for (const s of k.sections) {
      if (s.editorial) {
        expect(s.cite, `${s.id} is ours: it cites nothing`).toEqual([]);
        continue;
      }
      expect(s.cite.length, s.id).toBeGreaterThan(0);
      const cited = s.cite.map((c) => {
        const text = paragraphs.get(`${c.part}.${c.paragraph}`);
        expect(text, `${s.id}: §${c.part}.${c.paragraph} does not exist`).toBeDefined();
        return text ?? '';
      });
      const sentences = sentencesOf(s.text['zh-Hans']);
      // A section may end with 。 where the article goes on after a comma.
      const inParagraph = (sentence: string, p: string) =>
        p.includes(sentence) || p.includes(sentence.replace(/。$/, ','));
      for (const sentence of sentences) {
        // The article's one garbled character (房价) is repaired in the clean copy, so all are found.
        expect(
          cited.some((p) => inParagraph(sentence, p)),
          `${s.id}: “${sentence}” is not in ${s.cite.map((c) => `§${c.part}.${c.paragraph}`).join(' ')}`,
        ).toBe(true);
      }
      cited.forEach((p, i) => {
        expect(
          sentences.some((x) => inParagraph(x, p)),
          `${s.id}: cites §${s.cite[i]?.part}.${s.cite[i]?.paragraph}, which holds none of its text`,
        ).toBe(true);
      });
    }
  });

  it("a section of a numbered part cites that part (the overview's opening is part 0)", () => {
    for (const s of k.sections) {
      const number = k.parts.get(s.kind)?.number;
      if (number === undefined || s.editorial) continue;
      expect(s.cite[0]?.part, s.id).toBe(number);
    }
  });
});
