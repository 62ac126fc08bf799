import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH } from '../../src/commands/spec.js';
import {
  AUTOCOMPLETE_MAX_CHARS,
  AUTOCOMPLETE_MAX_TERMS,
  COMMAND_TEXT_UNITS,
  capCommandText,
  capQuery,
} from '../../src/discord/query-cap.js';
import { AUTOCOMPLETE_FACTOR, RateLimiter } from '../../src/discord/rate-limit.js';

/** Issue 10: every entry point is limited, and one query's work is capped. */

describe('capQuery', () => {
  it('leaves a normal query alone', () => {
    for (const q of ['房价', 'housing prices', 'why do young people leave?', '產業 轉型', 'smart c', ''])
      expect(capQuery(q)).toBe(q);
  });

  it('keeps at most AUTOCOMPLETE_MAX_TERMS work units: a Chinese character or a short word counts one, a longer word two', () => {
    const zh = '人口净流出城市的房地产市场持续低迷导致地方财政收入减少';
    expect(capQuery(zh)).toBe(zh.slice(0, AUTOCOMPLETE_MAX_TERMS));
    const en = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    expect(capQuery(en)).toBe(
      Array.from({ length: AUTOCOMPLETE_MAX_TERMS / 2 }, (_, i) => `word${i}`).join(' '),
    );
    // 房价 2 + falling 2 + fast 2 + in 1 (a short word) + 户口 2 = 9; towns would make 11.
    expect(capQuery('房价 falling fast in 户口 towns', 100, 10)).toBe('房价 falling fast in 户口');
    expect(capQuery('房价 falling fast in 户口政策', 100, 10)).toBe('房价 falling fast in 户口政');
    // Short words (mostly stop words) count one: a whole reader's question fits.
    expect(capQuery('why do the young go to big cities', 100, 20)).toBe('why do the young go to big cities');
    expect(capQuery('房价 falling, 户口!')).toBe('房价 falling, 户口!');
  });

  it('never more than 100 UTF-16 units, never half a surrogate pair', () => {
    const long = 'x'.repeat(500);
    expect(capQuery(long)).toHaveLength(AUTOCOMPLETE_MAX_CHARS);
    const emoji = `${'a'.repeat(AUTOCOMPLETE_MAX_CHARS - 1)}😀`;
    const out = capQuery(emoji);
    expect(out).toBe('a'.repeat(AUTOCOMPLETE_MAX_CHARS - 1));
    // Punctuation only: no terms, kept up to the length cap.
    expect(capQuery('?'.repeat(300))).toHaveLength(AUTOCOMPLETE_MAX_CHARS);
  });
});

describe('the autocomplete bucket', () => {
  it('is separate from and more generous than the commands bucket, per user', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 10_000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a') > 0]).toEqual([0, 0, true]);
    // Commands used up: typing still gets suggestions, up to its own allowance.
    const allowed = Array.from({ length: 2 * AUTOCOMPLETE_FACTOR + 5 }, () => limiter.autocomplete.take('a'));
    expect(allowed.filter((w) => w === 0)).toHaveLength(2 * AUTOCOMPLETE_FACTOR);
    expect(limiter.autocomplete.take('b')).toBe(0);
    now += 10_001;
    expect(limiter.autocomplete.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
  });

  it('is off when the limit is off', () => {
    const limiter = new RateLimiter(0, 1_000);
    for (let i = 0; i < 100; i++) expect(limiter.autocomplete.take('a')).toBe(0);
  });
});

describe('capCommandText', () => {
  it("caps /search's query to its units; leaves other commands, options and over-long text alone", () => {
    const zh = '人口净流出城市的房地产市场持续低迷导致地方财政收入减少人口净流出城市';
    expect(capCommandText('search', { query: zh, private: true })).toEqual({
      query: zh.slice(0, COMMAND_TEXT_UNITS.search?.units),
      private: true,
    });
    expect(capCommandText('search', { query: '房价' })).toEqual({ query: '房价' });
    expect(capCommandText('ask', { question: zh })).toEqual({ question: zh });
    expect(capCommandText('causes', { factor: zh })).toEqual({ factor: zh });
    const tooLong = 'x '.repeat(MAX_QUERY_LENGTH);
    expect(capCommandText('search', { query: tooLong })).toEqual({ query: tooLong }); // the command says "too long"
  });
});
