/** Autocomplete allows this many times the per-user count (default 8 → 64 per 20 s). */
export const AUTOCOMPLETE_FACTOR = 8;

/**
 * Per-user sliding-window limit: at most `count` requests in any `windowMs`. Keeps one
 * small array per active user and forgets users whose window has passed, so memory
 * stays bounded by the number of users active in one window.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;
  private autocompleteBucket: RateLimiter | undefined;

  constructor(
    private readonly count: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when allowed (and counted); otherwise the milliseconds until the user may try again. */
  take(userId: string): number {
    if (this.count <= 0) return 0;
    const now = this.now();
    this.sweep(now);
    const since = now - this.windowMs;
    const times = (this.hits.get(userId) ?? []).filter((t) => t > since);
    if (times.length >= this.count) {
      this.hits.set(userId, times);
      return (times[0] as number) + this.windowMs - now;
    }
    times.push(now);
    this.hits.set(userId, times);
    return 0;
  }

  /**
   * A separate, more generous bucket for autocomplete (AUTOCOMPLETE_FACTOR times the count,
   * same window): Discord sends one per keystroke, so typing must not use up the commands'
   * allowance, but a flood of them must still be stopped.
   */
  get autocomplete(): RateLimiter {
    this.autocompleteBucket ??= new RateLimiter(this.count * AUTOCOMPLETE_FACTOR, this.windowMs, this.now);
    return this.autocompleteBucket;
  }

  get trackedUsers(): number {
    return this.hits.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [user, times] of this.hits) {
      if ((times.at(-1) ?? 0) <= now - this.windowMs) this.hits.delete(user);
    }
  }
}
