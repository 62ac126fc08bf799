import { beforeAll, describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../src/search/candidates.js';
import { type SearchDoc, SearchEngine } from '../../src/search/engine.js';
import { normalize } from '../../src/search/normalize.js';

describe('candidate index', () => {
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
