import fc from 'fast-check';
import Fuse from 'fuse.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { EXACT_FUSE_OPTIONS, FUSE_OPTIONS, type SearchDoc, toSearchDoc } from '../../src/search/engine.js';
import { normalize } from '../../src/search/normalize.js';
import { FuseRanker } from '../../src/search/ranker.js';
import { EVAL_QUERIES } from '../eval/evaluate.js';

/**
 * FuseRanker promises exactly the results of `new Fuse(pool, FUSE_OPTIONS).search(query)`,
 * only faster. This holds it to that on the real sections, for the evaluation queries and
 * for generated ones built from the sections' own words with slips.
 */
let docs: SearchDoc[];
let ranker: FuseRanker<SearchDoc>;

beforeAll(async () => {
  docs = (await loadKnowledge(DEFAULT_KNOWLEDGE_DIR)).sections.map(toSearchDoc);
  ranker = new FuseRanker(docs, FUSE_OPTIONS);
});

function plain(pool: number[], query: string) {
  const items = pool.map((i) => docs[i] as SearchDoc);
  return new Fuse(items, FUSE_OPTIONS).search(query).map((r) => ({ id: r.item.id, score: r.score }));
}

function fast(pool: number[], query: string) {
  return ranker.rank(pool, query).map((r) => ({ id: r.item.id, score: r.score }));
}

describe('FuseRanker', () => {
  it('ranks the evaluation queries exactly as plain fuse.js does, over every pool', () => {
    const all = docs.map((_, i) => i);
    const half = all.filter((i) => i % 2 === 0);
    for (const { q } of EVAL_QUERIES) {
      const query = normalize(q);
      expect(fast(all, query), q).toEqual(plain(all, query));
      expect(fast(half, query), q).toEqual(plain(half, query));
    }
  });

  it('ranks exactly as plain fuse.js does without typo tolerance too (threshold 0)', () => {
    const exact = new FuseRanker(docs, EXACT_FUSE_OPTIONS);
    const all = docs.map((_, i) => i);
    for (const { q } of EVAL_QUERIES) {
      const query = normalize(q);
      const items = all.map((i) => docs[i] as SearchDoc);
      const expected = new Fuse(items, EXACT_FUSE_OPTIONS)
        .search(query)
        .map((r) => ({ id: r.item.id, score: r.score }));
      expect(
        exact.rank(all, query).map((r) => ({ id: r.item.id, score: r.score })),
        q,
      ).toEqual(expected);
    }
  });

  it('agrees with plain fuse.js on generated queries with typos and odd characters', () => {
    const words = docs.flatMap((d) => [...d.keywords, ...d.titles]).flatMap((s) => s.split(' '));
    const slip = (w: string, at: number, ch: string) =>
      w.slice(0, at % (w.length + 1)) + ch + w.slice((at % (w.length + 1)) + 1);
    const query = fc
      .array(
        fc.oneof(
          fc.constantFrom(...words),
          fc
            .tuple(fc.constantFrom(...words), fc.nat(40), fc.constantFrom('x', 'e', '的', '市', ''))
            .map(([w, at, ch]) => slip(w, at, ch)),
          fc.string({ maxLength: 8 }),
        ),
        { minLength: 1, maxLength: 5 },
      )
      .map((parts) => normalize(parts.join(' ')));
    const pool = fc.uniqueArray(fc.nat(docs.length - 1), { minLength: 1, maxLength: docs.length });
    fc.assert(
      fc.property(query, pool, (q, p) => {
        expect(fast(p, q)).toEqual(plain(p, q));
      }),
      { numRuns: 300 },
    );
  });

  it('matches(pool, query) tells exactly whether rank(pool, query) ranks anything', () => {
    const words = docs.flatMap((d) => [...d.keywords, ...d.titles]).flatMap((s) => s.split(' '));
    const query = fc
      .array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 4 })
      .map((parts) => normalize(parts.join(' ')));
    const pool = fc.uniqueArray(fc.nat(docs.length - 1), { minLength: 1, maxLength: docs.length });
    let both = 0;
    fc.assert(
      fc.property(query, pool, (q, p) => {
        const ranked = ranker.rank(p, q).length > 0;
        if (ranked) both++;
        expect(ranker.matches(p, q), q).toBe(ranked);
      }),
      { numRuns: 300 },
    );
    // Both answers were seen.
    expect(both).toBeGreaterThan(30);
    expect(both).toBeLessThan(270);
  });
});
