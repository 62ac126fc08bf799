/**
 * The optimal string alignment distance (insertions, deletions, substitutions and swaps of
 * neighbours, each costing 1), by UTF-16 unit. Gives up above `max` and returns `max + 1`,
 * so a long input costs little. Search's typo index and "did you mean" both use it.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return Math.min(prev[b.length] as number, max + 1);
}

/**
 * `editDistance(a, b, 1) <= 1`, in one pass and without allocating: equal, or one
 * substitution, insertion, deletion or swap of neighbours apart. For hot loops over many
 * candidates (the question engine's slip repair).
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > 1) return false;
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  if (i === b.length) return true; // equal, or one letter added at the end
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i); // one inserted
  if (a.slice(i + 1) === b.slice(i + 1)) return true; // one substituted
  // neighbours swapped
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** How far apart two short words are, for "did you mean". */
export function distance(a: string, b: string, max = 3): number {
  return editDistance(a, b, max);
}

/**
 * The candidates that `typed` plausibly misspells, best first: within a third of the longer
 * word's length in edits (at least 1), or sharing a start of 4+ characters (strategies →
 * strategy, infra → infrastructure). At most `limit`.
 */
export function closest(typed: string, candidates: readonly string[], limit = 3): string[] {
  const word = typed.trim().toLowerCase();
  if (!word) return [];
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const target = c.toLowerCase();
    const allowed = Math.max(1, Math.floor(Math.max(word.length, target.length) / 3));
    const d = distance(word, target, allowed);
    const prefix = commonPrefix(word, target);
    if (d <= allowed) scored.push({ c, d });
    else if (prefix >= 4 && prefix >= Math.min(word.length, target.length) - 3)
      scored.push({ c, d: allowed + 1 });
  }
  return scored
    .sort((x, y) => x.d - y.d)
    .slice(0, limit)
    .map((x) => x.c);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
