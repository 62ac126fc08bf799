import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, withinOneEdit } from '../../src/text/similar.js';

describe('withinOneEdit', () => {
  it('is editDistance(a, b, 1) <= 1: one substitution, insertion, deletion or swap', () => {
    expect(withinOneEdit('strategy', 'stratgey')).toBe(true);
    expect(withinOneEdit('reasons', 'reasns')).toBe(true);
    expect(withinOneEdit('cause', 'causes')).toBe(true);
    expect(withinOneEdit('effect', 'affect')).toBe(true);
    expect(withinOneEdit('closing', 'losing')).toBe(true);
    expect(withinOneEdit('strategy', 'tsratgey')).toBe(false);
    expect(withinOneEdit('abc', 'cba')).toBe(false);
    expect(withinOneEdit('', 'ab')).toBe(false);
  });

  it('agrees with editDistance on generated pairs, near and far', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '人'), maxLength: 7 });
    const near = word.chain((w) =>
      fc
        .tuple(fc.constant(w), fc.nat(8), fc.constantFrom('a', 'b', '人', ''), fc.boolean())
        .map(([w, at, ch, swap]) => {
          const i = at % (w.length + 1);
          const edited = w.slice(0, i) + ch + w.slice(i + (ch === '' || at % 2 ? 1 : 0));
          return swap && w.length > i + 1
            ? [w, w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)]
            : [w, edited];
        }),
    );
    let within = 0;
    fc.assert(
      fc.property(fc.oneof(near, fc.tuple(word, word)), ([a, b]) => {
        const expected = editDistance(a as string, b as string, 1) <= 1;
        if (expected) within++;
        expect(withinOneEdit(a as string, b as string), `${a} ~ ${b}`).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    expect(within).toBeGreaterThan(200);
  });
});

describe('editDistance', () => {
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
});
