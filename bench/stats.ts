import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Shared helpers for the benchmarks: timing, percentiles, heap, and table printing.
 */

export interface Latency {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LatencyOptions {
  /** Untimed passes over every query first, so the JIT and caches settle. */
  warmup: number;
  /** Timed passes over every query; every call is one sample. */
  reps: number;
}

/**
 * Times `fn` once per query per repetition, after warm-up. Every call is a sample, so
 * p99 includes the occasional slow call (garbage collection), as a user would see it.
 */
export function measureLatency(
  fn: (query: string) => unknown,
  queries: readonly string[],
  { warmup, reps }: LatencyOptions,
): Latency {
  let sink = 0;
  for (let w = 0; w < warmup; w++) for (const q of queries) sink += touch(fn(q));
  const samples = new Float64Array(queries.length * reps);
  let k = 0;
  for (let r = 0; r < reps; r++) {
    for (const q of queries) {
      const start = process.hrtime.bigint();
      const result = fn(q);
      samples[k++] = Number(process.hrtime.bigint() - start) / 1e6;
      sink += touch(result);
    }
  }
  if (sink === -1) console.log(sink); // keeps the results observable
  samples.sort();
  return {
    samples: samples.length,
    p50: percentile(samples, 0.5),
    p99: percentile(samples, 0.99),
    max: samples[samples.length - 1] ?? 0,
  };
}

function touch(result: unknown): number {
  return Array.isArray(result) ? result.length : result ? 1 : 0;
}

/**
 * What one call costs: its fastest of `runs` runs (after `warmup` untimed ones), stopping
 * early once `budgetMs` is spent and `minRuns` are done. The minimum, not the mean: on a
 * shared machine a mean measures the neighbours.
 */
export function fastestOf(
  call: () => unknown,
  { runs, warmup = 0, minRuns = runs, budgetMs = Number.POSITIVE_INFINITY }: FastestOptions,
): number {
  for (let i = 0; i < warmup; i++) call();
  let best = Number.POSITIVE_INFINITY;
  const start = performance.now();
  for (let r = 0; r < minRuns || (r < runs && performance.now() - start < budgetMs); r++) {
    const t = performance.now();
    call();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

export interface FastestOptions {
  runs: number;
  warmup?: number;
  minRuns?: number;
  budgetMs?: number;
}

/** p50 and p99 of samples, sorting them in place. */
export function percentiles(samples: Float64Array): { p50: number; p99: number } {
  samples.sort();
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

let gcFn: (() => void) | undefined;

/** A full garbage collection, so heap figures measure what is retained. */
export function collectGarbage(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

export function heapUsedMB(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export function ms(n: number): string {
  return n.toFixed(3);
}

export function pct(part: number, whole: number): string {
  return `${part}/${whole} (${((100 * part) / Math.max(1, whole)).toFixed(1)}%)`;
}

export function verdict(value: number, target: number): string {
  return value < target ? 'PASS' : 'MISS';
}

/** Prints rows as aligned columns; numbers-looking cells are right-aligned. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => width(r[c] ?? ''))));
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => {
        const pad = ' '.repeat((widths[c] ?? 0) - width(cell));
        return /^[\d.,/%() ]+$/.test(cell) && c > 0 ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 2 : 1;
  return w;
}
