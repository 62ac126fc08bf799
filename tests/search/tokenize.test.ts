import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/search/normalize.js';
import { ENGLISH_STOPWORDS, tokenize } from '../../src/search/tokenize.js';

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

  it('pairs Chinese characters outside the BMP as whole characters', () => {
    // fast-check found this one: 𥥼 is two UTF-16 units, ㍻ folds to 平成.
    expect(tokenize(normalize('𥥼㍻'))).toEqual(['𥥼平', '平成']);
    expect(tokenize('𠀀')).toEqual(['𠀀']);
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
