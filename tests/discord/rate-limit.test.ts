import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/discord/rate-limit.js';

describe('RateLimiter', () => {
  it('allows `count` requests per window per user, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, 10_000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(10_000);
    expect(limiter.take('b')).toBe(0);
    now += 4_000;
    expect(limiter.take('a')).toBe(6_000);
    now += 6_001;
    expect(limiter.take('a')).toBe(0);
  });

  it('forgets users whose window has passed, so memory stays bounded', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1_000, () => now);
    for (let i = 0; i < 500; i++) limiter.take(`user${i}`);
    expect(limiter.trackedUsers).toBe(500);
    now += 5_000;
    limiter.take('late');
    expect(limiter.trackedUsers).toBe(1);
  });

  it('is off when count is 0', () => {
    const limiter = new RateLimiter(0, 1_000);
    for (let i = 0; i < 100; i++) expect(limiter.take('a')).toBe(0);
  });
});
