import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import type { Knowledge } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { CandidateIndex } from '../../src/search/candidates.js';
import { type SearchDoc, SearchEngine, type SearchResponse, toSearchDoc } from '../../src/search/engine.js';
import { normalize } from '../../src/search/normalize.js';
import { ENGLISH_STOPWORDS, tokenize } from '../../src/search/tokenize.js';
import { editDistance } from '../../src/text/similar.js';
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

describe('normalize', () => {
  it('folds full-width letters, digits and punctuation to ASCII (NFKC) and lower-cases', () => {
    expect(normalize('ＨＯＵＳＩＮＧ　Ｐｒｉｃｅｓ　２０２４！')).toBe('housing prices 2024!');
    expect(normalize('Hukou SYSTEM')).toBe('hukou system');
    expect(normalize('房价，下跌：')).toBe('房价,下跌:');
  });

  it('turns Traditional into Simplified, character by character', () => {
    expect(normalize('房價')).toBe('房价');
    expect(normalize('戶籍制度')).toBe('户籍制度');
    expect(normalize('醫療與教育')).toBe('医疗与教育');
    // Vocabulary is kept: Taiwan's 智慧城市 must not become the mainland 智能城市.
    expect(normalize('智慧城市')).toBe('智慧城市');
    expect(normalize('智慧城市建設')).toBe('智慧城市建设');
  });

  it('removes zero-width and bidi marks, collapses white space', () => {
    expect(normalize('infra\u200bstruc\u200dture')).toBe('infrastructure');
    expect(normalize('\u202e房价\u202c\u2066下跌\u2069')).toBe('房价下跌');
    expect(normalize('\ufeff  housing \t\n  prices\u200e ')).toBe('housing prices');
    expect(normalize('café')).toBe('cafe');
  });

  it('is idempotent and leaves nothing a query could hide behind', () => {
    const invisible = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const n = normalize(s);
        expect(normalize(n)).toBe(n);
        expect(n).not.toMatch(invisible);
        expect(n).not.toMatch(/[Ａ-Ｚａ-ｚ０-９A-Z]/);
        expect(n).toBe(n.trim());
      }),
      { numRuns: 300 },
    );
  });
});

describe('tokenize', () => {
  it('splits Chinese into overlapping character pairs', () => {
    expect(tokenize('房地产市场')).toEqual(['房地', '地产', '产市', '市场']);
    expect(tokenize('户籍')).toEqual(['户籍']);
    // A lone character stays a term of its own.
    expect(tokenize('房')).toEqual(['房']);
  });

  it('keeps English content words and drops stopwords and stray letters', () => {
    expect(tokenize('what are the effects of a shrinking city')).toEqual(['effects', 'shrinking', 'city']);
    expect(tokenize('why do people move to bigger cities')).toEqual(['people', 'move', 'bigger', 'cities']);
    expect(tokenize('x 5 y')).toEqual(['5']);
  });

  it('separates scripts in mixed text: 5G网络 → 5g, 网络', () => {
    expect(tokenize(normalize('5G网络'))).toEqual(['5g', '网络']);
    expect(tokenize(normalize('高铁and地铁'))).toEqual(['高铁', '地铁']);
    expect(tokenize(normalize('Wi-Fi覆盖率'))).toEqual(['wi', 'fi', '覆盖', '盖率']);
  });

  it('never yields empty terms, stopwords or Chinese runs longer than a pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        for (const t of tokenize(normalize(s))) {
          expect(t.length).toBeGreaterThan(0);
          expect(ENGLISH_STOPWORDS.has(t)).toBe(false);
          if (/\p{Script=Han}/u.test(t)) expect([...t].length).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 300 },
    );
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

  it('hasResults answers as search does, for every part and none', () => {
    const kinds = [undefined, ...new Set(knowledge.sections.map((s) => s.kind))];
    const queries = [
      ...EVAL_QUERIES.map((e) => e.q),
      ...knowledge.sections.flatMap((s) => [...s.keywords.en.slice(0, 2), ...s.keywords.zh.slice(0, 2)]),
      '为什么',
      'why do people leave',
      'quantum physics',
    ];
    let found = 0;
    for (const q of queries)
      for (const kind of kinds) {
        const options = kind ? { kinds: [kind] } : {};
        const results = engine.search(q, options).results.length > 0;
        if (results) found++;
        expect(engine.hasResults(q, options), `${q} in ${kind ?? 'all'}`).toBe(results);
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

describe('candidate index', () => {
  it('editDistance: insertions, deletions, substitutions, transpositions; gives up past max', () => {
    expect(editDistance('housing', 'housing', 2)).toBe(0);
    expect(editDistance('', '', 2)).toBe(0);
    expect(editDistance('', 'ab', 2)).toBe(2);
    expect(editDistance('housing', 'housng', 2)).toBe(1);
    expect(editDistance('housing', 'hhousing', 2)).toBe(1);
    expect(editDistance('housing', 'hoasing', 2)).toBe(1);
    expect(editDistance('housing', 'housnig', 2)).toBe(1);
    expect(editDistance('ca', 'abc', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('governance', 'govrenacne', 5)).toBe(2);
    // Past `max` it only promises "more than max".
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it('editDistance is symmetric and at most the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        const d = editDistance(a, b, 20);
        expect(editDistance(b, a, 20)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d === 0).toBe(a === b);
      }),
    );
  });

  it('looks up exact, prefix and misspelt terms, and respects the limit', () => {
    const docs = [
      { keywords: ['housing'], titles: ['property market'], texts: ['house prices fall'] },
      { keywords: ['governance'], titles: ['smart city'], texts: ['community services'] },
      { keywords: ['transport'], titles: ['infrastructure'], texts: ['metro and rail'] },
    ];
    const index = new CandidateIndex(docs);
    const exact = index.lookup(['governance'], 10);
    expect(exact.candidates.map((c) => c.doc)).toEqual([1]);
    expect(exact.matched[0]).toMatchObject({ term: 'governance', spelling: 'governance', strength: 1 });

    const typo = index.lookup(['infrastucture'], 10);
    expect(typo.candidates.map((c) => c.doc)).toEqual([2]);
    expect(typo.matched[0]?.spelling).toBe('infrastructure');
    expect(typo.matched[0]?.strength).toBeLessThan(1);

    const prefix = index.lookup(['gover'], 10);
    expect(prefix.candidates.map((c) => c.doc)).toEqual([1]);

    const none = index.lookup(['zzzzzz'], 10);
    expect(none.candidates).toEqual([]);
    expect(none.termCount).toBe(1);

    expect(index.lookup(['housing', 'governance', 'transport'], 2).candidates).toHaveLength(2);
  });

  describe('on a synthetic base of 2,000 documents', () => {
    const N = 2000;
    const PLANTED = 1337;
    let seed = 20240607;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    const syllables = [
      'ka',
      'lo',
      'mi',
      'ter',
      'van',
      'sol',
      'pri',
      'dex',
      'mun',
      'bor',
      'ral',
      'fen',
      'tor',
    ];
    const vocabulary = [
      ...new Set(Array.from({ length: 400 }, () => `${pick(syllables)}${pick(syllables)}${pick(syllables)}`)),
    ];
    const han = [
      ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能',
    ];
    const hanWord = () => Array.from({ length: 4 }, () => pick(han)).join('');
    const words = (n: number) =>
      Array.from({ length: n }, () => (random() < 0.6 ? pick(vocabulary) : hanWord())).join(' ');
    // Two words that each occur in a hundred documents, together only in the planted one.
    const [pairA, pairB] = ['quorvex', 'blintaro'];
    let syntheticEngine: SearchEngine;
    let common: string;

    beforeAll(() => {
      const docs: SearchDoc[] = Array.from({ length: N }, (_, i) => ({
        id: `doc-${i}`,
        kind: 'strategy',
        keywords: [words(3)],
        titles: [words(4)],
        texts: [
          [words(30), i < 100 ? pairA : '', i >= 100 && i < 200 ? pairB : ''].filter(Boolean).join(' '),
        ],
      }));
      docs[PLANTED] = {
        id: `doc-${PLANTED}`,
        kind: 'strategy',
        keywords: [words(2)],
        titles: [normalize(`Zephyrine Quintessor ${words(2)}`)],
        texts: [normalize(`${words(20)} 鑫淼焱垚 ${pairA} ${pairB}`)],
      };
      syntheticEngine = new SearchEngine(docs);
      // A word in far more documents than the index hands on to fuse.
      const counts = new Map<string, number>();
      for (const d of docs) {
        const all = [...d.keywords, ...d.titles, ...d.texts].join(' ');
        for (const w of new Set(all.split(' '))) counts.set(w, (counts.get(w) ?? 0) + 1);
      }
      const ownWords = new Set(docs[PLANTED]?.texts[0]?.split(' '));
      common =
        [...ownWords]
          .filter((w) => /^[a-z]+$/.test(w) && w !== pairA && w !== pairB)
          .sort((x, y) => (counts.get(y) ?? 0) - (counts.get(x) ?? 0))[0] ?? '';
      expect(counts.get(common) ?? 0).toBeGreaterThan(40);
    });

    const first = (q: string) => syntheticEngine.search(q).results[0]?.id;

    it('finds the planted document by its own words', () => {
      expect(syntheticEngine.size).toBe(N);
      expect(first('zephyrine quintessor')).toBe(`doc-${PLANTED}`);
      expect(first('ZEPHYRINE')).toBe(`doc-${PLANTED}`);
      expect(first('鑫淼焱垚')).toBe(`doc-${PLANTED}`);
    });

    it('…misspelt', () => {
      expect(first('zephyrnie quintesor')).toBe(`doc-${PLANTED}`);
    });

    it('…among a crowd: mixed with a word that a hundred other documents share', () => {
      expect(first(`${common} zephyrine`)).toBe(`doc-${PLANTED}`);
    });

    it('…by a pair of words each shared with a hundred others but together only there', () => {
      expect(first(`${pairA} ${pairB}`)).toBe(`doc-${PLANTED}`);
    });

    it('answers nothing for words no document has', () => {
      expect(syntheticEngine.search('xylophonic 麒麟').results).toEqual([]);
    });
  });
});
