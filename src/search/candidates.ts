import { editDistance } from '../text/similar.js';
import { tokenize } from './tokenize.js';

/**
 * A prebuilt inverted index that narrows a query to the few documents that can match
 * before fuse.js ranks them. fuse scans every record on every search, which is fine
 * for twenty sections and far too slow for ten thousand; this index answers in time
 * proportional to the postings of the query's terms.
 *
 * It is also the confidence gate: `evidence` is how strongly the best document is
 * supported by the query's terms, weighted by rarity (idf) and by where they occur.
 */

export interface IndexedFields {
  /** Already normalized strings, by field. */
  keywords: readonly string[];
  titles: readonly string[];
  texts: readonly string[];
}

// Where a term occurs says how much it means: a keyword or title is chosen to describe
// the section, a word in the body may be incidental.
const FIELD_WEIGHT = { keywords: 1, titles: 1, texts: 0.5 } as const;
const PREFIX_STRENGTH = 0.8;
// A lone Chinese character (left over from a one-character word) says little on its own.
const HAN_CHAR_STRENGTH = 0.4;
const MIN_FUZZY_LENGTH = 5;
const MIN_FUZZY2_LENGTH = 9;

export interface TermMatch {
  /** The query term. */
  term: string;
  /** The indexed spelling it matched best: the term itself, or the word it was mistyped for. */
  spelling: string;
  /** 1 when found as typed, less when only a near spelling was found. */
  strength: number;
  idf: number;
}

export interface Candidate {
  doc: number;
  evidence: number;
}

export interface CandidateResult {
  candidates: Candidate[];
  /** The query terms that matched anything, for fuse to rank on. */
  matched: TermMatch[];
  /** How many query terms there were, matched or not. */
  termCount: number;
}

export class CandidateIndex {
  private readonly postings = new Map<string, Postings>();
  private readonly hanChars = new Map<string, Postings>();
  private readonly deletions = new Map<string, string[]>();
  /**
   * For each pair of Han characters one apart, the character most often seen between
   * them (the first seen, among equals).
   */
  private readonly hanGaps = new Map<string, string>();
  private readonly latinTerms: string[];
  /** The longest of them: a longer query word can be no prefix of one, nor two edits from one. */
  private readonly longestLatin: number;
  private readonly docCount: number;
  /** Scratch space for `lookup`, one slot per document, kept between calls. */
  private readonly evidence: Float64Array;
  private readonly termValue: Float64Array;

  constructor(docs: readonly IndexedFields[]) {
    this.docCount = docs.length;
    this.evidence = new Float64Array(docs.length);
    this.termValue = new Float64Array(docs.length);
    // Counts of each (left, right, middle) triple, in order of first sight.
    const triples = new Map<string, number>();
    docs.forEach((doc, i) => {
      for (const field of ['keywords', 'titles', 'texts'] as const) {
        const weight = FIELD_WEIGHT[field];
        for (const value of doc[field]) {
          for (const term of tokenize(value)) addPosting(this.postings, term, i, weight);
          for (const ch of value.match(/\p{Script=Han}/gu) ?? []) addPosting(this.hanChars, ch, i, weight);
          for (const run of value.match(/\p{Script=Han}{3,}/gu) ?? []) countGaps(triples, run);
        }
      }
    });
    const best = new Map<string, number>();
    for (const [triple, n] of triples) {
      const key = triple.slice(0, 2);
      if (n > (best.get(key) ?? 0)) {
        best.set(key, n);
        this.hanGaps.set(key, triple.slice(2));
      }
    }
    this.latinTerms = [...this.postings.keys()].filter((t) => !/\p{Script=Han}/u.test(t)).sort();
    this.longestLatin = this.latinTerms.reduce((n, t) => Math.max(n, t.length), 0);
    for (const term of this.latinTerms) {
      if (term.length < MIN_FUZZY_LENGTH - 1) continue;
      for (const variant of deletionsOf(term)) {
        const list = this.deletions.get(variant);
        if (list) list.push(term);
        else this.deletions.set(variant, [term]);
      }
    }
  }

  /**
   * Repairs one wrong character inside a Chinese word (智会城市 → 智慧城市): where
   * neither pair around a character is known but the characters on either side are
   * known to stand one apart, the most common character between them replaces it.
   */
  correctHan(text: string): string {
    return text.replace(/\p{Script=Han}{3,}/gu, (run) => {
      const chars = [...run];
      for (let i = 1; i + 1 < chars.length; i++) {
        const left = `${chars[i - 1]}${chars[i]}`;
        const right = `${chars[i]}${chars[i + 1]}`;
        if (this.postings.has(left) || this.postings.has(right)) continue;
        const middle = this.hanGaps.get(`${chars[i - 1]}${chars[i + 1]}`);
        if (middle !== undefined) chars[i] = middle;
      }
      return chars.join('');
    });
  }

  private idf(df: number): number {
    return Math.log(1 + this.docCount / df);
  }

  lookup(terms: readonly string[], limit: number): CandidateResult {
    // Evidence per document, in scratch arrays (documents touched listed once each):
    // a common term's postings run to thousands at ten thousand documents.
    const { evidence, termValue } = this;
    const touched: number[] = [];
    const matched: TermMatch[] = [];
    for (const term of new Set(terms)) {
      const found = this.expand(term);
      if (found.length === 0) continue;
      let best: TermMatch = { term, spelling: term, strength: 0, idf: 0 };
      // Per document, a term counts once, through its strongest spelling.
      const termDocs: number[] = [];
      for (const { word, postings, strength } of found) {
        const idf = this.idf(postings.docs.length);
        for (let p = 0; p < postings.docs.length; p++) {
          const doc = postings.docs[p] as number;
          const value = idf * strength * (postings.weights[p] as number);
          const before = termValue[doc] as number;
          if (before === 0) termDocs.push(doc);
          if (value > before) termValue[doc] = value;
        }
        if (strength * idf > best.strength * best.idf) best = { term, spelling: word, strength, idf };
      }
      for (const doc of termDocs) {
        if (evidence[doc] === 0) touched.push(doc);
        evidence[doc] = (evidence[doc] as number) + (termValue[doc] as number);
        termValue[doc] = 0;
      }
      matched.push(best);
    }
    const candidates = touched
      .map((doc) => ({ doc, evidence: evidence[doc] as number }))
      .sort((a, b) => b.evidence - a.evidence || a.doc - b.doc)
      .slice(0, limit);
    for (const doc of touched) evidence[doc] = 0;
    return { candidates, matched, termCount: new Set(terms).size };
  }

  /** The spellings of `term` present in the index: as typed, as a prefix, or one or two edits away. */
  private expand(term: string): Spelling[] {
    if (term.length === 1 && HAN_RE.test(term)) {
      const postings = this.hanChars.get(term);
      return postings ? [{ word: term, postings, strength: HAN_CHAR_STRENGTH }] : [];
    }
    const exact = this.postings.get(term);
    if (exact) return [{ word: term, postings: exact, strength: 1 }];
    if (HAN_RE.test(term) || term.length < MIN_FUZZY_LENGTH - 1) return [];
    // Also spares a 10,000-letter "word" its 10,000 deletions of 9,999 letters each.
    if (term.length > this.longestLatin + 2) return [];
    const out: Spelling[] = [];
    for (const word of this.withPrefix(term)) {
      const postings = this.postings.get(word);
      if (postings) out.push({ word, postings, strength: PREFIX_STRENGTH });
    }
    if (out.length > 0 || term.length < MIN_FUZZY_LENGTH) return out;
    // Symmetric deletions: a word one edit away shares a one-letter deletion with the query.
    const maxDistance = term.length >= MIN_FUZZY2_LENGTH ? 2 : 1;
    const near = new Set<string>(this.deletions.get(term) ?? []);
    for (const variant of deletionsOf(term)) {
      for (const word of this.deletions.get(variant) ?? []) near.add(word);
      if (this.postings.has(variant)) near.add(variant);
    }
    for (const word of near) {
      const postings = this.postings.get(word);
      const distance = editDistance(term, word, maxDistance);
      // One slip in a long word is surer than one in a short word.
      if (postings && distance <= maxDistance) {
        out.push({ word, postings, strength: Math.max(0.5, 1 - (1.5 * distance) / term.length) });
      }
    }
    return out;
  }

  private *withPrefix(prefix: string): Generator<string> {
    let lo = 0;
    let hi = this.latinTerms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.latinTerms[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.latinTerms.length && i < lo + 8; i++) {
      const word = this.latinTerms[i] as string;
      if (!word.startsWith(prefix)) break;
      yield word;
    }
  }
}

/** The documents holding a term, ascending, each with the weight of the best field it is in. */
interface Postings {
  docs: number[];
  weights: number[];
}

interface Spelling {
  word: string;
  postings: Postings;
  strength: number;
}

const HAN_RE = /\p{Script=Han}/u;

/** Documents are indexed in order, so a document is new to a term or the last one in its postings. */
function addPosting(map: Map<string, Postings>, term: string, doc: number, weight: number): void {
  let postings = map.get(term);
  if (!postings) {
    postings = { docs: [], weights: [] };
    map.set(term, postings);
  }
  const last = postings.docs.length - 1;
  if (postings.docs[last] !== doc) {
    postings.docs.push(doc);
    postings.weights.push(weight);
  } else if (weight > (postings.weights[last] as number)) postings.weights[last] = weight;
}

/** Counts each character between two others in a run of Chinese, as a triple: left, right, middle. */
function countGaps(triples: Map<string, number>, run: string): void {
  for (let i = 0; i + 2 < run.length; i++) {
    const triple = `${run[i]}${run[i + 2]}${run[i + 1]}`;
    triples.set(triple, (triples.get(triple) ?? 0) + 1);
  }
}

function deletionsOf(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}
