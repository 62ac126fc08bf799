import Fuse, { type FuseIndex, type FuseResult, type IFuseOptions } from 'fuse.js';
import { tokenize } from './tokenize.js';

/**
 * Ranks a pool of candidate documents with fuse.js, with exactly the scores of
 * `new Fuse(pool, options).search(query)`, at a fraction of the cost.
 *
 * Done that way, each search rebuilt fuse's records and token statistics from the
 * candidates' full text, then ran fuse's bitap matcher for every query term over every
 * field value: milliseconds a query, nearly all of it spent on text where nothing
 * matches. Here:
 *
 * - fuse's records (field values and their length norms) are built once, up front, and
 *   handed to each search's Fuse through `Fuse.parseIndex`;
 * - fuse's token search weighs each query term by its idf over the pool: how many field
 *   values hold it as a term, out of how many values hold any term. Those counts are
 *   kept here (which values hold a term is found with `indexOf`, not by tokenizing) and
 *   given to fuse in place of the statistics it would otherwise rebuild from every value
 *   of the pool on every search;
 * - fuse searches excerpts. Within its threshold, bitap accepts a term with up to k
 *   edits and scores a text by the fewest edits of any match in it. `Matcher` finds each
 *   term's best match first, cheaply: k edits leave one of k+1 pieces of the term
 *   intact, so only text near a piece needs checking, with Myers' bit-vector algorithm.
 *   A value where no term matches is left out. Otherwise fuse sees only the best match
 *   of each term (with a character either side), the excerpts joined by more separators
 *   than any term's k, so that no match can cross them. Each term's best match is in
 *   the excerpts and none is better than in the whole value, so no score changes.
 *
 * The equivalence rests on the options (token search with our tokenizer, no location
 * bias, no match indices: the constructor refuses others) and on one internal of
 * fuse.js 7.5, the pinned version: the statistics live in `Fuse#_invertedIndex`. The
 * constructor checks that they still do.
 */
export class FuseRanker<T> {
  private readonly keys: FuseIndex<T>['keys'];

  private readonly docs: RankDoc[];

  /** Each distinct value text (lower-cased), by id. */
  private readonly texts: string[] = [];

  /** Per distinct value, what was found in it for the current query… */
  private readonly found: (ValueForQuery | null)[] = [];

  /** …and which query that was. */
  private readonly foundFor: Int32Array;

  private generation = 0;

  /**
   * The options, told that case is already folded: every value fuse sees here is lower-cased
   * once (above), and so is the query. Otherwise fuse lower-cases each value again for every
   * query term, a copy each time for Chinese text.
   */
  private readonly caseSensitive: IFuseOptions<T>;

  constructor(
    private readonly sources: readonly T[],
    private readonly options: IFuseOptions<T>,
  ) {
    const unsupported = unsupportedOptions(options);
    if (unsupported.length > 0) {
      throw new Error(`FuseRanker cannot reproduce fuse with ${unsupported.join(', ')}`);
    }
    checkFuseInternals(options);
    this.caseSensitive = { ...options, isCaseSensitive: true };
    const index = Fuse.createIndex(options.keys ?? [], sources, {
      getFn: options.getFn ?? Fuse.config.getFn,
      fieldNormWeight: options.fieldNormWeight ?? Fuse.config.fieldNormWeight,
    });
    this.keys = index.keys;
    const ids = new Map<string, number>();
    this.docs = index.records.map((record) => {
      const values: RankValue[] = [];
      const offsets: number[] = [];
      const texts: string[] = [];
      let fields = 0;
      let offset = 0;
      for (const [key, value] of Object.entries(record.$ ?? {})) {
        for (const sub of Array.isArray(value) ? value : [value]) {
          // fuse lower-cases values before tokenizing and matching them; so does everything here.
          const lowered = sub.v.toLowerCase();
          const text = lowered === sub.v ? sub.v : lowered;
          let id = ids.get(text);
          if (id === undefined) {
            id = this.texts.length;
            ids.set(text, id);
            this.texts.push(text);
          }
          // fuse counts a value among the fields only if it holds some term ("???" does not).
          if (HAN.test(text) || tokenize(text).length > 0) fields++;
          values.push({ key: Number(key), sub, id, astral: ASTRAL.test(text) });
          offsets.push(offset);
          texts.push(text);
          offset += text.length + SEPARATOR.length;
        }
      }
      return { values, fields, offsets, text: texts.join(SEPARATOR) };
    });
    this.foundFor = new Int32Array(this.texts.length).fill(-1);
  }

  get size(): number {
    return this.docs.length;
  }

  /**
   * Whether `rank(pool, query)` would rank any document, without ranking: fuse matches a
   * document when some term matches in one of its values, which is what `check` finds.
   */
  matches(pool: readonly number[], query: string): boolean {
    const { matchers, gap } = this.matchers(query);
    // A term too long to bound is checked in whole values, where fuse alone can tell; a
    // query without terms is fuse's to answer too (it lists every document).
    if (matchers.length === 0 || matchers.some((m) => !m.bounded)) return this.rank(pool, query).length > 0;
    for (const at of pool) {
      const doc = this.docs[at] as RankDoc;
      const toCheck = termsToCheck(doc, matchers);
      for (let v = 0; v < toCheck.length; v++) {
        const here = toCheck[v];
        if (!here) continue;
        const { id, astral } = doc.values[v] as RankValue;
        if (check(this.texts[id] as string, here, gap, astral)?.excerpt !== undefined) return true;
      }
    }
    return false;
  }

  private matchers(query: string): { matchers: Matcher[]; gap: number } {
    const threshold = this.options.threshold ?? Fuse.config.threshold;
    const matchers = [...new Set(tokenize(query.toLowerCase()))].map((term) => new Matcher(term, threshold));
    return { matchers, gap: 1 + Math.max(0, ...matchers.map((m) => m.errors)) };
  }

  /** Ranks the documents at `pool` (indices into the sources) for `query`, best first. */
  rank(pool: readonly number[], query: string): FuseResult<T>[] {
    const { matchers, gap } = this.matchers(query);
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      this.foundFor.fill(-1);
    }
    const generation = ++this.generation;
    const items: T[] = [];
    const searched: FuseRecord<T>[] = [];
    // fuse's token statistics over the pool: values holding any term, and each query term.
    let fieldCount = 0;
    const df = new Map<string, number>();
    for (const at of pool) {
      const i = items.length;
      const doc = this.docs[at] as RankDoc;
      items.push(this.sources[at] as T);
      fieldCount += doc.fields;
      const kept: Record<number, FuseSubRecord[]> = {};
      let any = false;
      const toCheck = termsToCheck(doc, matchers);
      for (let v = 0; v < toCheck.length; v++) {
        const here = toCheck[v];
        if (!here) continue;
        const { key, sub, id, astral } = doc.values[v] as RankValue;
        if (this.foundFor[id] !== generation) {
          this.foundFor[id] = generation;
          this.found[id] = check(this.texts[id] as string, here, gap, astral);
        }
        const found = this.found[id];
        if (!found) continue;
        for (const term of found.terms) df.set(term, (df.get(term) ?? 0) + 1);
        if (found.excerpt === undefined) continue;
        const list = kept[key] ?? [];
        kept[key] = list;
        list.push(found.excerpt === sub.v ? sub : { ...sub, v: found.excerpt });
        any = true;
      }
      if (any) searched.push({ i, $: kept });
    }
    const fuse = new Fuse(items, this.caseSensitive, Fuse.parseIndex<T>({ keys: this.keys, records: [] }));
    fuse._invertedIndex = { fieldCount, df, docFieldCount: new Map(), docTermFieldHits: new Map() };
    fuse.getIndex().setIndexRecords(searched);
    return fuse.search(query.toLowerCase());
  }
}

/**
 * For each value of `doc` (by index), the terms that may match in it: those with a piece
 * in the value; undefined where none has. One pass over the document's text per piece.
 */
function termsToCheck(doc: RankDoc, matchers: readonly Matcher[]): (Matcher[] | undefined)[] {
  const out: (Matcher[] | undefined)[] = new Array(doc.values.length);
  const add = (v: number, m: Matcher) => {
    const list = out[v];
    if (!list) out[v] = [m];
    else if (!list.includes(m)) list.push(m);
  };
  const { text, offsets } = doc;
  for (const m of matchers) {
    if (!m.bounded) {
      for (let v = 0; v < doc.values.length; v++) add(v, m);
      continue;
    }
    for (const piece of m.pieces) {
      for (let at = text.indexOf(piece); at >= 0; ) {
        const v = valueAt(offsets, at);
        add(v, m);
        // One occurrence is enough: go on from the next value.
        at = v + 1 < offsets.length ? text.indexOf(piece, offsets[v + 1]) : -1;
      }
    }
  }
  return out;
}

/**
 * What a value holds for the query's terms: which are terms of its own, and the excerpt
 * fuse is to search, cut down to the best match of each term (with a character either
 * side), joined by `gap` separators. Null when it holds nothing.
 */
function check(
  text: string,
  matchers: readonly Matcher[],
  gap: number,
  astral: boolean,
): ValueForQuery | null {
  const terms: string[] = [];
  const windows: number[] = [];
  let whole = false;
  for (const m of matchers) {
    if (!m.bounded) {
      whole = true;
      if (m.isTermOf(text, astral, 0)) terms.push(m.term);
      continue;
    }
    const edits = m.bestIn(text);
    if (edits < 0) continue;
    const end = m.bestEnd;
    if (edits === 0 && m.isTermOf(text, astral, end - m.term.length)) terms.push(m.term);
    windows.push(Math.max(0, end - m.term.length - edits - 1), Math.min(text.length, end + 1));
  }
  if (terms.length === 0 && windows.length === 0 && !whole) return null;
  return {
    terms,
    excerpt: whole ? text : windows.length > 0 ? cut(text, windows, gap, matchers) : undefined,
  };
}

/** `text` cut to the windows, joined by `gap` separators; the text itself if that is all of it. */
function cut(text: string, windows: number[], gap: number, matchers: readonly Matcher[]): string {
  const parts = mergeWindows(windows, gap);
  if (parts.length === 2 && parts[0] === 0 && parts[1] === text.length) return text;
  const pieces: string[] = [];
  for (let w = 0; w < parts.length; w += 2) pieces.push(text.slice(parts[w], parts[w + 1]));
  const joined = pieces.join(SEPARATOR.repeat(gap));
  // bitap scores a text that is exactly the term 0 rather than 0.001: keep that case as it was.
  return matchers.some((m) => m.term === joined) ? text : joined;
}

/** The index of the value in which position `at` of the joined text falls. */
function valueAt(offsets: readonly number[], at: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((offsets[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * `rank` hands fuse its token statistics through `Fuse#_invertedIndex`, an internal of
 * fuse.js 7.5. Fails loudly, at startup, if a fuse.js upgrade moved or reshaped them.
 */
function checkFuseInternals<T>(options: IFuseOptions<T>): void {
  const fuse = new Fuse([{}], { ...options, keys: ['x'] } as IFuseOptions<object>);
  const stats = fuse._invertedIndex as Record<string, unknown> | null;
  const shape = stats ? Object.keys(stats).sort().join(',') : '';
  if (shape !== 'df,docFieldCount,docTermFieldHits,fieldCount' || !(stats?.df instanceof Map)) {
    throw new Error(
      `fuse.js ${Fuse.version} keeps its token statistics differently from 7.5; update src/search/ranker.ts`,
    );
  }
}

type FuseRecord<T> = FuseIndex<T>['records'][number];
type FuseValue = NonNullable<FuseRecord<unknown>['$']>[number];
type FuseSubRecord = Exclude<FuseValue, unknown[]>;

interface RankValue {
  key: number;
  sub: FuseSubRecord;
  /** Of the distinct value text. */
  id: number;
  /** Holds UTF-16 surrogates, which `Matcher.isTermOf` leaves to the tokenizer. */
  astral: boolean;
}

interface RankDoc {
  values: RankValue[];
  /** How many values hold some term: what fuse counts as the document's fields. */
  fields: number;
  /** All the values, joined by a separator, to find pieces of terms in one pass… */
  text: string;
  /** …and where each value starts in it. */
  offsets: number[];
}

interface ValueForQuery {
  /** The query terms the value holds as terms of its own. */
  terms: readonly string[];
  /** The text fuse searches in place of the value; undefined when no query term matches in it. */
  excerpt: string | undefined;
}

/** Joins excerpts. No query term holds it, so a match across it costs an edit per character. */
const SEPARATOR = '\u0000';

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;
const ASTRAL = /[\ud800-\udfff]/;

function unsupportedOptions<T>(options: IFuseOptions<T>): string[] {
  const problems: string[] = [];
  if (!options.useTokenSearch) problems.push('useTokenSearch off');
  if (options.tokenize !== tokenize) problems.push('another tokenizer');
  if (!options.ignoreLocation) problems.push('ignoreLocation off');
  if (options.tokenMatch === 'all') problems.push("tokenMatch 'all'");
  if (options.useExtendedSearch) problems.push('useExtendedSearch');
  if (options.includeMatches) problems.push('includeMatches');
  if (options.findAllMatches) problems.push('findAllMatches');
  if ((options.minMatchCharLength ?? 1) > 1) problems.push('minMatchCharLength');
  if (options.isCaseSensitive) problems.push('isCaseSensitive');
  if (options.ignoreDiacritics) problems.push('ignoreDiacritics');
  return problems;
}

/**
 * Merges [start, end) windows given flat (start, end, start, end…), sorting them in
 * place (there are few: one a term). Windows less than `gap` apart merge too: a
 * separator must cost more than the text it replaces.
 */
function mergeWindows(flat: number[], gap: number): number[] {
  for (let w = 2; w < flat.length; w += 2) {
    const start = flat[w] as number;
    const end = flat[w + 1] as number;
    let at = w;
    for (; at > 0 && (flat[at - 2] as number) > start; at -= 2) {
      flat[at] = flat[at - 2] as number;
      flat[at + 1] = flat[at - 1] as number;
    }
    flat[at] = start;
    flat[at + 1] = end;
  }
  let last = 1;
  for (let w = 2; w < flat.length; w += 2) {
    const start = flat[w] as number;
    const end = flat[w + 1] as number;
    if (start - (flat[last] as number) <= gap) flat[last] = Math.max(flat[last] as number, end);
    else {
      flat[last + 1] = start;
      flat[last + 2] = end;
      last += 2;
    }
  }
  flat.length = last + 1;
  return flat;
}

/**
 * One query term, matched as fuse's bitap matcher matches it with `ignoreLocation`: the
 * fewest edits (Levenshtein) that turn the term into some substring of the text, a match
 * when at most `errors`, the most edits that keep edits / length within the threshold.
 */
export class Matcher {
  readonly errors: number;

  /** k+1 pieces of the term for k errors: any match leaves one intact. Empty when unbounded. */
  readonly pieces: string[] = [];

  private readonly han: boolean;

  /** Each character's positions in the term, as bits: for Myers, so built when first needed. */
  private masks: { ascii: Int32Array; other: Map<number, number> } | undefined;

  constructor(
    readonly term: string,
    threshold: number,
  ) {
    let errors = 0;
    while ((errors + 1) / term.length <= threshold) errors++;
    this.errors = errors;
    this.han = HAN.test(term);
    if (term.length > 32) return; // beyond bitap's (and Myers') 32-bit masks: not bounded
    for (let p = 0; p <= errors; p++) {
      const from = Math.floor((p * term.length) / (errors + 1));
      this.pieces.push(term.slice(from, Math.floor(((p + 1) * term.length) / (errors + 1))));
    }
  }

  /** Built only for a term with typos allowed: an exact term never reaches Myers. */
  private charMasks(): { ascii: Int32Array; other: Map<number, number> } {
    if (this.masks) return this.masks;
    const ascii = new Int32Array(128);
    const other = new Map<number, number>();
    for (let i = 0; i < this.term.length; i++) {
      const c = this.term.charCodeAt(i);
      if (c < 128) ascii[c] = (ascii[c] as number) | (1 << i);
      else other.set(c, (other.get(c) ?? 0) | (1 << i));
    }
    this.masks = { ascii, other };
    return this.masks;
  }

  /** False for a term too long to bound its matches, to be searched for in whole values. */
  get bounded(): boolean {
    return this.pieces.length > 0;
  }

  /**
   * Whether `tokenize(text)` includes the term, found without tokenizing the text;
   * `from` is where to start looking (no occurrence before it).
   */
  isTermOf(text: string, astral: boolean, from: number): boolean {
    const term = this.term;
    if (astral || ASTRAL.test(term)) return tokenize(text).includes(term);
    // Any two Chinese characters side by side are one of the pairs of their run.
    if (this.han && term.length === 2) return text.includes(term);
    // A lone Chinese character, or a word, is a term only where it is its whole run.
    const joins = this.han
      ? (ch: string | undefined) => ch !== undefined && HAN.test(ch)
      : (ch: string | undefined) => ch !== undefined && WORD.test(ch) && !HAN.test(ch);
    for (let at = text.indexOf(term, from); at >= 0; at = text.indexOf(term, at + 1)) {
      if (!joins(text[at - 1]) && !joins(text[at + term.length])) return true;
    }
    return false;
  }

  /** Where the best match found by the last `bestIn` ends (the index just past it). */
  bestEnd = -1;

  /**
   * The edits of the best match of the term in `text`, -1 when none is within `errors`;
   * `bestEnd` tells where it ends. Only for a bounded term.
   */
  bestIn(text: string): number {
    const m = this.term.length;
    const exact = text.indexOf(this.term);
    if (exact >= 0) {
      this.bestEnd = exact + m;
      return 0;
    }
    if (this.errors === 0) return -1;
    // A match lies within the longest match's length of an intact piece. Regions around
    // the pieces may overlap (then some text is read twice); there are few.
    const span = m + this.errors;
    let best = this.errors + 1;
    for (const piece of this.pieces) {
      for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
        const edits = this.myers(
          text,
          Math.max(0, at + piece.length - span),
          Math.min(text.length, at + span),
          best,
        );
        if (edits < best) {
          best = edits;
          if (best === 1) return 1; // 0 would have been found by indexOf
        }
      }
    }
    return best <= this.errors ? best : -1;
  }

  /**
   * Myers (1999), search form: the fewest edits between the term and a substring of
   * text[from, to), if fewer than `below` (then `bestEnd` is set); otherwise `below`.
   */
  private myers(text: string, from: number, to: number, below: number): number {
    const { ascii, other } = this.charMasks();
    const high = 1 << (this.term.length - 1);
    let pv = -1;
    let mv = 0;
    let score = this.term.length;
    let best = below;
    for (let j = from; j < to; j++) {
      const c = text.charCodeAt(j);
      const eq = c < 128 ? (ascii[c] as number) : (other.get(c) ?? 0);
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & high) score++;
      else if (mh & high) score--;
      ph <<= 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
      if (score < best) {
        best = score;
        this.bestEnd = j + 1;
      }
    }
    return best;
  }
}
