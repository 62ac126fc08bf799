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
