import Fuse, { type IFuseOptions } from 'fuse.js';
import type { Knowledge, Section } from '../knowledge/model.js';
import type { SectionKind } from '../knowledge/schema.js';
import { CandidateIndex } from './candidates.js';
import { analyzeQuery } from './intent.js';
import { normalize } from './normalize.js';
import { tokenize } from './tokenize.js';

export interface SearchDoc {
  id: string;
  kind: SectionKind;
  keywords: string[];
  titles: string[];
  texts: string[];
}

export interface SearchHit {
  id: string;
  /** Relevance from 0 to 1, higher is better; only comparable within one query. */
  score: number;
}

export interface SearchResponse {
  query: string;
  /** Confident matches, best first. Empty when nothing in the base answers the query. */
  results: SearchHit[];
  /** When there are no confident matches: the nearest sections, for "did you mean". */
  suggestions: SearchHit[];
  intents: SectionKind[];
}

export interface SearchOptions {
  limit?: number;
}

/**
 * The fuse.js settings that ranked best on our evaluation set (see README): token
 * search with our tokenizer, no location bias (an answer can sit anywhere in a
 * paragraph), and keywords above titles above body text.
 */
export const FUSE_OPTIONS: IFuseOptions<SearchDoc> = {
  useTokenSearch: true,
  tokenize,
  ignoreLocation: true,
  threshold: 0.3,
  includeScore: true,
  keys: [
    { name: 'keywords', weight: 3 },
    { name: 'titles', weight: 2 },
    { name: 'texts', weight: 1 },
  ],
};

/** How many candidates the prebuilt index hands to fuse. */
const CANDIDATE_LIMIT = 40;
/** Below this much evidence the best match is a coincidence of common words. */
export const MIN_EVIDENCE = 1.6;
/** A section of the kind the question asks for has its fuse score multiplied by this. */
const INTENT_BOOST = 0.35;
const SECOND_INTENT_BOOST = 0.6;

export class SearchEngine {
  private readonly candidates: CandidateIndex;

  constructor(private readonly docs: readonly SearchDoc[]) {
    this.candidates = new CandidateIndex(docs);
  }

  static fromKnowledge(knowledge: Knowledge): SearchEngine {
    return new SearchEngine(knowledge.sections.map(toSearchDoc));
  }

  get size(): number {
    return this.docs.length;
  }

  search(query: string, options: SearchOptions = {}): SearchResponse {
    const limit = Math.max(1, Math.min(options.limit ?? 10, 25));
    const normalized = normalize(query);
    const { content, intents } = analyzeQuery(normalized);
    const empty: SearchResponse = { query, results: [], suggestions: [], intents };
    const terms = tokenize(this.candidates.correctHan(content));
    if (terms.length === 0)
      return intents.length > 0 ? { ...empty, results: this.byKind(intents, limit) } : empty;

    const { candidates, matched } = this.candidates.lookup(terms, CANDIDATE_LIMIT);
    if (candidates.length === 0) return empty;

    const pool = candidates.map((c) => this.docs[c.doc] as SearchDoc);
    const fuse = new Fuse(pool, FUSE_OPTIONS);
    const ranked = fuse
      .search(matched.map((m) => m.spelling).join(' '))
      .map((r) => ({ doc: r.item, score: (r.score ?? 1) * boost(r.item.kind, intents) }))
      .sort((a, b) => a.score - b.score);
    const hits = ranked.map((r) => ({ id: r.doc.id, score: round(1 - r.score) }));

    const best = candidates[0]?.evidence ?? 0;
    if (best < MIN_EVIDENCE) return { ...empty, suggestions: hits.slice(0, 3) };
    return { ...empty, results: hits.slice(0, limit) };
  }

  private byKind(intents: SectionKind[], limit: number): SearchHit[] {
    const kind = intents[0];
    return this.docs
      .filter((d) => d.kind === kind)
      .slice(0, limit)
      .map((d) => ({ id: d.id, score: 0.5 }));
  }
}

function boost(kind: SectionKind, intents: readonly SectionKind[]): number {
  const at = intents.indexOf(kind);
  if (at === 0) return INTENT_BOOST;
  if (at > 0) return SECOND_INTENT_BOOST;
  return 1;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function toSearchDoc(section: Section): SearchDoc {
  return {
    id: section.id,
    kind: section.kind,
    keywords: [...section.keywords.zh, ...section.keywords.en].map(normalize),
    titles: [section.title['zh-Hans'], section.title.en].map(normalize),
    texts: [
      section.text['zh-Hans'],
      section.text.en,
      ...section.measures.filter((m) => !m.section).flatMap((m) => [m.text['zh-Hans'], m.text.en]),
    ].map(normalize),
  };
}
