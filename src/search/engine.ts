import type { IFuseOptions } from 'fuse.js';
import type { Knowledge, Section } from '../knowledge/model.js';
import type { SectionKind } from '../knowledge/schema.js';
import { CandidateIndex, type CandidateResult, type TermMatch } from './candidates.js';
import { analyzeQuery } from './intent.js';
import { normalize } from './normalize.js';
import { FuseRanker } from './ranker.js';
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
  /** Only sections of these kinds. */
  kinds?: readonly SectionKind[];
  /**
   * The query's words are the base's own, as spelled (the question engine searches only words
   * it knows): rank without fuse's typo tolerance, which can only add near misses elsewhere.
   */
  exact?: boolean;
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

/** FUSE_OPTIONS without typo tolerance: for queries made of the base's own words. */
export const EXACT_FUSE_OPTIONS: IFuseOptions<SearchDoc> = { ...FUSE_OPTIONS, threshold: 0 };

export interface Tuning {
  /** How many candidates the prebuilt index hands to fuse. */
  candidateLimit: number;
  /** Below this much evidence the best match is a coincidence of common words. */
  minEvidence: number;
  /** The same when every query word is in the base as typed. */
  minEvidenceWhollyKnown: number;
  /** A section of the kind the question asks for has its fuse score multiplied by this. */
  intentBoost: number;
  /** The same for a kind the question hints at less strongly. */
  secondIntentBoost: number;
  /** Candidates with less than this share of the best evidence are not ranked at all. */
  poolShare: number;
  /** Results scoring below this share of the best are incidental (a shared common word) and left out. */
  relativeCutoff: number;
}

export const DEFAULT_TUNING: Tuning = {
  candidateLimit: 40,
  minEvidence: 1.6,
  minEvidenceWhollyKnown: 1.2,
  relativeCutoff: 0.5,
  poolShare: 0.25,
  intentBoost: 0.35,
  secondIntentBoost: 0.6,
};

export class SearchEngine {
  private readonly candidates: CandidateIndex;

  private readonly tuning: Tuning;

  private readonly ranker: FuseRanker<SearchDoc>;

  /** The same ranking with no typo tolerance (threshold 0), built on first use. */
  private exactRanker: FuseRanker<SearchDoc> | undefined;

  constructor(
    private readonly docs: readonly SearchDoc[],
    tuning: Partial<Tuning> = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.candidates = new CandidateIndex(docs);
    this.ranker = new FuseRanker(docs, FUSE_OPTIONS);
  }

  static fromKnowledge(knowledge: Knowledge, tuning: Partial<Tuning> = {}): SearchEngine {
    return new SearchEngine(knowledge.sections.map(toSearchDoc), tuning);
  }

  get size(): number {
    return this.docs.length;
  }

  /**
   * What a search makes of its query before any kind or option applies: its analysis and its
   * candidates. Searching one query several ways (by kind, or "would it find anything") can
   * share it.
   */
  prepare(query: string): PreparedQuery {
    const analysis = analyzeQuery(normalize(query));
    const terms = tokenize(this.candidates.correctHan(analysis.content));
    return {
      query,
      analysis,
      looked: this.candidates.lookup(terms, this.tuning.candidateLimit),
      [PREPARED]: true,
    };
  }

  search(query: string | PreparedQuery, options: SearchOptions = {}): SearchResponse {
    const plan = this.plan(query, options);
    if ('response' in plan) return plan.response;
    const { empty, pool, terms, boostable, intents, confident, limit } = plan;
    const ranked = this.rankerFor(options)
      .rank(
        pool.map((c) => c.doc),
        terms,
      )
      .map((r) => {
        const doc = pool[r.refIndex]?.doc ?? -1;
        const factor = boostable.has(doc) ? this.boost(r.item.kind, intents) : 1;
        return { id: r.item.id, score: (r.score ?? 1) * factor };
      })
      .sort((x, y) => x.score - y.score);
    const hits = ranked.map((r) => ({ id: r.id, score: round(1 - r.score) }));

    if (!confident) return { ...empty, suggestions: hits.slice(0, 3) };
    const floor = (hits[0]?.score ?? 0) * this.tuning.relativeCutoff;
    return { ...empty, results: hits.filter((h) => h.score >= floor).slice(0, limit) };
  }

  /** Whether `search(query, options)` has results, at a fraction of its cost: nothing is ranked. */
  hasResults(query: string | PreparedQuery, options: SearchOptions = {}): boolean {
    const plan = this.plan(query, options);
    if ('response' in plan) return plan.response.results.length > 0;
    // Every ranked section clears the relative cutoff that the best one sets.
    return (
      plan.confident &&
      this.rankerFor(options).matches(
        plan.pool.map((c) => c.doc),
        plan.terms,
      )
    );
  }

  /** All of a search but the ranking: its answer when that needs no ranking, or what to rank. */
  private plan(input: string | PreparedQuery, options: SearchOptions): Plan {
    const limit = Math.max(1, Math.min(options.limit ?? 10, 25));
    const { query, analysis, looked } = typeof input === 'string' ? this.prepare(input) : input;
    const { content, intents, topic, kindOnly } = analysis;
    const empty: SearchResponse = { query, results: [], suggestions: [], intents };
    // A question about the subject with nothing more specific ("why do people leave?")
    // is answered by the whole part it asks for, or by the overview.
    const listing = (): SearchHit[] => {
      const kind =
        intents.length > 0 && (topic || kindOnly || content === '')
          ? intents[0]
          : topic
            ? 'overview'
            : undefined;
      return kind && (!options.kinds || options.kinds.includes(kind)) ? this.byKind(kind, limit) : [];
    };
    const { matched, termCount } = looked;
    const kinds = options.kinds;
    const candidates = kinds
      ? looked.candidates.filter((c) => kinds.includes(this.docs[c.doc]?.kind as SectionKind))
      : looked.candidates;
    // A query whose every word is in the base, as typed, is on topic even when its words
    // are common ones ("人才", "talent"); one with stray words needs stronger evidence.
    const wholly = termCount > 0 && matched.length === termCount && matched.every((m) => m.strength === 1);
    const needed = wholly ? this.tuning.minEvidenceWhollyKnown : this.tuning.minEvidence;
    const bestEvidence = candidates[0]?.evidence ?? 0;
    const confident = bestEvidence >= needed;
    if (!confident) {
      const listed = listing();
      if (listed.length > 0 || candidates.length === 0) return { response: { ...empty, results: listed } };
    }

    // The question's kind lifts only sections that match nearly as well on their own
    // words, so "why build more metro lines?" still finds the infrastructure strategy.
    const boostable = new Set(candidates.filter((c) => c.evidence >= bestEvidence * 0.5).map((c) => c.doc));
    // Candidates with a small share of the best evidence share only a common word with the query: not worth ranking.
    const pool = candidates.filter((c) => c.evidence >= bestEvidence * this.tuning.poolShare);
    return { empty, pool, terms: rankingTerms(matched).join(' '), boostable, intents, confident, limit };
  }

  private rankerFor(options: SearchOptions): FuseRanker<SearchDoc> {
    if (!options.exact) return this.ranker;
    this.exactRanker ??= new FuseRanker(this.docs, EXACT_FUSE_OPTIONS);
    return this.exactRanker;
  }

  private boost(kind: SectionKind, intents: readonly SectionKind[]): number {
    const at = intents.indexOf(kind);
    if (at === 0) return this.tuning.intentBoost;
    if (at > 0) return this.tuning.secondIntentBoost;
    return 1;
  }

  private byKind(kind: SectionKind | undefined, limit: number): SearchHit[] {
    return this.docs
      .filter((d) => d.kind === kind)
      .slice(0, limit)
      .map((d) => ({ id: d.id, score: 0.5 }));
  }
}

const PREPARED: unique symbol = Symbol('prepared');

/** A query as `SearchEngine.prepare` read it: for searching it again, by other kinds or options. */
export interface PreparedQuery {
  readonly query: string;
  readonly analysis: ReturnType<typeof analyzeQuery>;
  readonly looked: CandidateResult;
  readonly [PREPARED]: true;
}

type Plan =
  | { response: SearchResponse }
  | {
      empty: SearchResponse;
      pool: readonly { doc: number }[];
      /** What fuse ranks on. */
      terms: string;
      boostable: ReadonlySet<number>;
      intents: SectionKind[];
      /** Whether the best evidence is enough for results (else only suggestions). */
      confident: boolean;
      limit: number;
    };

/** Words in more than half the sections (city, 发展) barely move the ranking but cost the most to match. */
const COMMON_IDF = Math.log(3);

/** The spellings fuse ranks on: every matched term, less the common ones when rarer ones remain. */
function rankingTerms(matched: readonly TermMatch[]): string[] {
  const telling = matched.filter((m) => m.idf > COMMON_IDF);
  return (telling.length > 0 ? telling : matched).map((m) => m.spelling);
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
    // Our own notes about the article are found by their keywords and title only: their
    // prose mentions every part ("the causes") and would answer queries about those.
    texts: section.editorial
      ? []
      : [
          section.text['zh-Hans'],
          section.text.en,
          ...section.measures.filter((m) => !m.section).flatMap((m) => [m.text['zh-Hans'], m.text.en]),
        ].map(normalize),
  };
}
