import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import type { Knowledge } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { CandidateIndex } from '../../src/search/candidates.js';
import { SearchEngine, type SearchResponse, toSearchDoc } from '../../src/search/engine.js';
import { normalize } from '../../src/search/normalize.js';
import { EVAL_QUERIES, evaluate } from '../eval/evaluate.js';

let knowledge: Knowledge;
let engine: SearchEngine;

beforeAll(async () => {
  knowledge = await loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
  engine = SearchEngine.fromKnowledge(knowledge);
});

/** Every query this file sends, so that we can check none is borrowed from the evaluation set. */
const asked = new Set<string>();
function search(q: string, limit?: number): SearchResponse {
  asked.add(q);
  return limit === undefined ? engine.search(q) : engine.search(q, { limit });
}
const top = (q: string) => search(q).results[0]?.id;
const kindOf = (id: string | undefined) => (id ? knowledge.byId.get(id)?.kind : undefined);

describe('evaluation set (tests/eval/queries.json) over the real engine', () => {
  it('names only sections that exist', () => {
    const unknown = EVAL_QUERIES.flatMap((q) => q.accept).filter((id) => !knowledge.byId.has(id));
    expect(unknown).toEqual([]);
  });

  it('top-1 ≥ 90 %, top-3 ≥ 97 %, and every off-topic query answers nothing', () => {
    const report = evaluate((q) => engine.search(q).results.map((h) => h.id));
    const summary =
      `top-1 ${report.top1}/${report.answerable}, top-3 ${report.top3}/${report.answerable}, ` +
      `off-topic empty ${report.offTopicEmpty}/${report.offTopic}\nfailures:\n` +
      report.failures.map((f) => `  ${JSON.stringify(f)}`).join('\n');
    expect(report.answerable, summary).toBeGreaterThan(50);
    expect(report.offTopic, summary).toBeGreaterThan(5);
    expect(report.top1 / report.answerable, summary).toBeGreaterThanOrEqual(0.9);
    expect(report.top3 / report.answerable, summary).toBeGreaterThanOrEqual(0.97);
    expect(report.offTopicEmpty, summary).toBe(report.offTopic);
  });
});

describe('search behaviour', () => {
  it('gives Traditional and Simplified spellings of a question the same answer', () => {
    const pairs: [string, string][] = [
      ['房價下降', '房价下降'],
      ['勞動密集型產業', '劳动密集型产业'],
      ['消費市場縮小', '消费市场缩小'],
      ['社會治理創新', '社会治理创新'],
      ['城鄉資源共享', '城乡资源共享'],
      ['醫療服務質量', '医疗服务质量'],
      ['企業招聘困難', '企业招聘困难'],
    ];
    for (const [hant, hans] of pairs) {
      const simplified = search(hans).results;
      expect(simplified.length, hans).toBeGreaterThan(0);
      expect(search(hant).results, hant).toEqual(simplified);
    }
  });

  it('finds the section despite an English typo', () => {
    const cases: [string, string[]][] = [
      ['infrastructre', ['strategy.infrastructure', 'case.infrastructure']],
      ['governnance', ['strategy.governance']],
      ['hospitls', ['strategy.public-services', 'case.public-services']],
      ['employmnet', ['cause.economic']],
      ['industral structure', ['strategy.industry']],
      ['upgradng industires', ['strategy.industry', 'case.industry']],
    ];
    for (const [q, accept] of cases) expect(accept, q).toContain(top(q));
  });

  it('finds the section despite one wrong Chinese character', () => {
    const cases: [string, string[]][] = [
      ['智惠城市', ['strategy.governance']],
      ['户籍制庶', ['cause.policy']],
      ['城乡一休化', ['strategy.urban-rural', 'case.urban-rural']],
      ['高新计术产业', ['strategy.industry', 'case.industry']],
      ['房地产开法商', ['effect.housing']],
      ['社区治里', ['strategy.governance']],
    ];
    for (const [q, accept] of cases) expect(accept, q).toContain(top(q));
  });

  it('repairs a wrong character inside a known word, and leaves right words alone', () => {
    const index = new CandidateIndex(knowledge.sections.map(toSearchDoc));
    expect(index.correctHan('智惠城市')).toBe('智慧城市');
    expect(index.correctHan('城乡一休化')).toBe('城乡一体化');
    expect(index.correctHan('信息通讯设施')).toBe('信息通信设施');
    for (const right of ['智慧城市', '户籍制度', '劳动密集型产业', '基础设施建设', 'hospital 医院']) {
      expect(index.correctHan(right)).toBe(right);
    }
  });

  it('lets a question word choose the kind of section when the content is ambiguous', () => {
    // Without the question word the best match is not a cause; with 为什么 it is.
    expect(kindOf(top('生活质量'))).not.toBe('cause');
    const why = search('为什么 生活质量');
    expect(why.intents[0]).toBe('cause');
    expect(kindOf(why.results[0]?.id)).toBe('cause');

    // "how": from the cause (few jobs) to the strategy that creates them.
    expect(kindOf(top('more jobs'))).not.toBe('strategy');
    expect(kindOf(top('how to get more jobs'))).toBe('strategy');

    // 该市 (that city): from the strategy to the case study.
    expect(kindOf(top('交通网络'))).not.toBe('case');
    expect(kindOf(top('该市的交通网络'))).toBe('case');
  });

  it('does not let a question word hide a section that matches the question’s own words', () => {
    const cases: [string, string[]][] = [
      ['为什么要建设便捷的交通网络', ['strategy.infrastructure', 'case.infrastructure']],
      ['为什么要加强城乡之间的产业协作', ['strategy.urban-rural', 'case.urban-rural']],
      ['为什么要提升医疗服务质量', ['strategy.public-services', 'case.public-services']],
      ['why build better transport networks', ['strategy.infrastructure', 'case.infrastructure']],
      ['why upgrade industry', ['strategy.industry', 'case.industry']],
    ];
    for (const [q, accept] of cases) {
      const response = search(q);
      expect(response.intents, q).toContain('cause');
      expect(accept, q).toContain(response.results[0]?.id);
    }
  });

  it('answers nothing, without throwing, for emoji, gibberish, blank and huge input', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const consonants = 'bcdfghjklmnpqrstvwxz';
    const gibberish = Array.from({ length: 2000 }, () =>
      Array.from({ length: 5 }, () => consonants[Math.floor(random() * consonants.length)]).join(''),
    )
      .join(' ')
      .slice(0, 10_000);
    const inputs = [
      '',
      '   \t\n  ',
      '🍜🍣🙂',
      '👍',
      'qwrtp zxcvb',
      'ㅋㅋㅋ',
      '？？？！！',
      '\u200b\u200e\u202e',
      'x'.repeat(10_000),
      '😀'.repeat(5_000),
      '鑫淼焱垚'.repeat(2_500),
      gibberish,
    ];
    for (const q of inputs) {
      const label = q.length > 20 ? `${q.slice(0, 20)}… (${q.length})` : JSON.stringify(q);
      expect(() => search(q), label).not.toThrow();
      expect(search(q).results, label).toEqual([]);
    }
  });

  it('leaves out incidental matches scoring under half the best', () => {
    const uncut = SearchEngine.fromKnowledge(knowledge, { relativeCutoff: 0 });
    for (const q of ['户口和人口流动的关系', '社区治理创新', 'schools and clinics', '城市发展']) {
      const all = uncut.search(q).results;
      const kept = search(q).results;
      const best = all[0]?.score ?? 0;
      expect(kept, q).toEqual(all.filter((h) => h.score >= best / 2).slice(0, 10));
    }
    expect(search('提高城市发展水平').results.length).toBeLessThan(
      uncut.search('提高城市发展水平').results.length,
    );
  });

  it('returns at most 10 results by default, scores in [0, 1], best first', () => {
    const broad = '提高城市发展水平';
    // Without the relative cutoff there are enough hits to fill more than ten places, so the default limit is what stops it.
    const uncut = SearchEngine.fromKnowledge(knowledge, { relativeCutoff: 0, poolShare: 0 });
    expect(uncut.search(broad, { limit: 25 }).results.length).toBeGreaterThan(10);
    expect(uncut.search(broad).results).toHaveLength(10);
    expect(uncut.search(broad, { limit: 3 }).results).toHaveLength(3);
    for (const q of [
      broad,
      'development',
      '房价下降',
      'education and healthcare',
      '为什么 生活质量',
      '交通网络',
    ]) {
      const { results } = search(q);
      expect(results.length, q).toBeGreaterThan(0);
      expect(results.length, q).toBeLessThanOrEqual(10);
      expect(new Set(results.map((r) => r.id)).size, q).toBe(results.length);
      results.forEach((r, i) => {
        expect(r.score, q).toBeGreaterThanOrEqual(0);
        expect(r.score, q).toBeLessThanOrEqual(1);
        if (i > 0) expect(r.score, q).toBeLessThanOrEqual((results[i - 1] as { score: number }).score);
        expect(knowledge.byId.has(r.id), r.id).toBe(true);
      });
    }
  });

  it('is deterministic', () => {
    for (const q of ['房价下降', '为什么 生活质量', 'hospitls']) expect(search(q)).toEqual(search(q));
  });

  it('hasResults answers as search does, and a prepared query as the query, for every part and none', () => {
    const kinds = [undefined, ...new Set(knowledge.sections.map((s) => s.kind))];
    const queries = [
      ...EVAL_QUERIES.map((e) => e.q),
      ...knowledge.sections.flatMap((s) => [...s.keywords.en.slice(0, 2), ...s.keywords.zh.slice(0, 2)]),
      '为什么',
      'why do people leave',
      'quantum physics',
    ];
    let found = 0;
    for (const q of queries) {
      // Prepared once and searched every way, as the question engine does.
      const prepared = engine.prepare(q);
      for (const kind of kinds)
        for (const exact of [false, true]) {
          const options = { ...(kind ? { kinds: [kind] } : {}), exact };
          const response = engine.search(q, options);
          const results = response.results.length > 0;
          if (results) found++;
          const where = `${q} in ${kind ?? 'all'}, exact ${exact}`;
          expect(engine.hasResults(q, options), where).toBe(results);
          expect(engine.hasResults(prepared, options), where).toBe(results);
          expect(engine.search(prepared, options), where).toEqual(response);
        }
    }
    expect(found).toBeGreaterThan(queries.length);
  });

  it('offers suggestions only when it has no results', () => {
    const queries = [...asked, ...EVAL_QUERIES.map((q) => q.q), 'educatoin', 'talent', '产业', 'city'];
    let suggested = 0;
    for (const q of queries) {
      const r = engine.search(q);
      if (r.results.length > 0) expect(r.suggestions, q).toEqual([]);
      if (r.suggestions.length > 0) suggested++;
    }
    // Not vacuous: some of these get "did you mean" suggestions.
    expect(suggested).toBeGreaterThan(0);
  });

  it('answers a word that only names a part with that whole part', () => {
    const { sections } = knowledge;
    const ofKind = (kind: string) => sections.filter((x) => x.kind === kind).map((x) => x.id);
    expect(search('the causes').results.map((r) => r.id)).toEqual(ofKind('cause'));
    expect(search('有哪些影响？').results.map((r) => r.id)).toEqual(ofKind('effect'));
    expect(search('对策').results.map((r) => r.id)).toEqual(ofKind('strategy'));
    // …but not when the words also say what about.
    expect(search('causes of the housing slump').results[0]?.id).not.toMatch(/^cause\./);
  });

  it('answers a single common word when it is in the base as typed, not a stray one', () => {
    expect(search('人才').results.length).toBeGreaterThan(0);
    expect(search('talent show tonight').results.length).toBe(0);
    for (const greeting of ['good evening', 'nice one', 'great, thanks'])
      expect(search(greeting).results).toEqual([]);
  });

  it('uses none of the evaluation sets’ queries (they are tested above, as a set)', () => {
    const holdout = fileURLToPath(new URL('../eval/holdout.json', import.meta.url));
    const held: { q: string }[] = existsSync(holdout)
      ? JSON.parse(readFileSync(holdout, 'utf8')).queries
      : [];
    const evalQueries = new Set([...EVAL_QUERIES, ...held].map((q) => normalize(q.q)));
    expect([...asked].filter((q) => evalQueries.has(normalize(q)))).toEqual([]);
  });
});
