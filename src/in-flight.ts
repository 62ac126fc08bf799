/**
 * Work in progress (replies being sent, requests being answered), so that a shutdown can let it
 * finish: the gateway bot and the HTTP server each keep one.
 */
export class InFlight {
  private readonly work = new Set<Promise<unknown>>();

  get size(): number {
    return this.work.size;
  }

  /** Tracks `work` until it settles. */
  track(work: Promise<unknown>): void {
    this.work.add(work);
    const done = () => this.work.delete(work);
    void work.then(done, done);
  }

  /**
   * Resolves once nothing is in flight, counting work tracked while it waits, or at `deadline`
   * (a `performance.now()` time), whichever comes first.
   */
  async drain(deadline: number): Promise<void> {
    while (this.work.size > 0) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.work]),
        new Promise((r) => {
          timer = setTimeout(r, left).unref();
        }),
      ]);
      clearTimeout(timer);
    }
  }
}
