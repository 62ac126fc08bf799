import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { loadKnowledge } from '../src/knowledge/loader.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/knowledge/paths.js';
import { type SearchDoc, SearchEngine, toSearchDoc } from '../src/search/engine.js';
import { normalize } from '../src/search/normalize.js';
import { tokenize } from '../src/search/tokenize.js';
import { EVAL_QUERIES, evaluate } from '../tests/eval/evaluate.js';
import {
  collectGarbage,
  heapUsedMB,
  type Latency,
  measureLatency,
  ms,
  pct,
  printTable,
  verdict,
} from './stats.js';
import { syntheticBase } from './synthetic.js';

/**
 * The search benchmark: accuracy and latency of our engine against fuse.js with its
 * defaults and MiniSearch on the real base and the evaluation set, then our engine's
 * latency, build time and memory on synthetic bases of 1,000 and 10,000 sections.
 */

const REAL_TARGET_MS = 1;
const SYNTHETIC = [
  { size: 1_000, target: 5, queries: 300, warmup: 2, reps: 10 },
  { size: 10_000, target: 50, queries: 300, warmup: 1, reps: 5 },
];
const REAL_RUNS = { warmup: 5, reps: 40 };

/** A search under test: query → section ids, best first; empty means "no answer". */
type Searcher = (query: string) => string[];

interface Contender {
  name: string;
  search: Searcher;
  /** p99 target in ms, if this one has one. */
  target?: number;
}

export async function runSearchBench(): Promise<void> {
  const knowledge = await loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
  const docs = knowledge.sections.map(toSearchDoc);
  const answerable = EVAL_QUERIES.filter((q) => q.accept.length > 0).length;
  const queries = EVAL_QUERIES.map((q) => q.q);

  const ours = SearchEngine.fromKnowledge(knowledge);
  const contenders: Contender[] = [
    {
      name: 'ours (SearchEngine)',
      search: (q) => ours.search(q).results.map((h) => h.id),
      target: REAL_TARGET_MS,
    },
    { name: 'fuse.js, default options', search: fuseDefaults(docs) },
    { name: 'MiniSearch, char pairs', search: miniSearch(docs) },
  ];

  console.log(
    `Real base: ${docs.length} sections. Evaluation set: ${queries.length} queries ` +
      `(${answerable} answerable, ${queries.length - answerable} off-topic).`,
  );
  console.log(
    `Accuracy on the answerable queries; off-topic counts queries correctly answered with nothing.\n` +
      `Latency per query over all ${queries.length} queries: ${REAL_RUNS.reps} timed runs of each after ` +
      `${REAL_RUNS.warmup} warm-up runs (${queries.length * REAL_RUNS.reps} samples per engine).\n`,
  );
  const rows: string[][] = [];
  for (const c of contenders) {
    const report = evaluate(c.search);
    const latency = measureLatency(c.search, queries, REAL_RUNS);
    rows.push([
      c.name,
      pct(report.top1, report.answerable),
      pct(report.top3, report.answerable),
      pct(report.offTopicEmpty, report.offTopic),
      ms(latency.p50),
      ms(latency.p99),
      c.target === undefined ? '' : `${verdict(latency.p99, c.target)} (< ${c.target} ms)`,
    ]);
  }
  printTable(['engine', 'top-1', 'top-3', 'off-topic empty', 'p50 ms', 'p99 ms', 'p99 target'], rows);

  console.log('\nOur engine on synthetic bases (seeded, deterministic; see bench/synthetic.ts).');
  console.log(
    'Queries: words of a random section as typed (exact), with one slip (typo), with question words, ' +
      'and off-topic words.\n',
  );
  const synRows: string[][] = [];
  for (const { size, target, queries: count, warmup, reps } of SYNTHETIC) {
    const base = syntheticBase(size, count);
    const before = heapUsedMB();
    const start = performance.now();
    const engine = new SearchEngine(base.docs);
    const buildMs = performance.now() - start;
    const heap = heapUsedMB() - before;
    const qs = base.queries.map((q) => q.q);
    const search = (q: string) => engine.search(q).results.map((h) => h.id);
    const latency: Latency = measureLatency(search, qs, { warmup, reps });
    // Not a score (synthetic words are random), only a check that the engine still finds things at scale.
    const sourced = base.queries.filter((q) => q.source && q.type !== 'typo');
    const found = sourced.filter((q) =>
      search(q.q)
        .slice(0, 3)
        .includes(q.source as string),
    ).length;
    synRows.push([
      size.toLocaleString('en-US'),
      String(qs.length),
      String(latency.samples),
      buildMs.toFixed(0),
      heap.toFixed(1),
      ms(latency.p50),
      ms(latency.p99),
      `${verdict(latency.p99, target)} (< ${target} ms)`,
      pct(found, sourced.length),
    ]);
    collectGarbage();
  }
  printTable(
    [
      'sections',
      'queries',
      'samples',
      'build ms',
      'index heap MB',
      'p50 ms',
      'p99 ms',
      'p99 target',
      'source in top 3 (exact+question)',
    ],
    synRows,
  );
}

/** fuse.js as it comes: the same normalized sections, default options, the query as typed. */
function fuseDefaults(docs: readonly SearchDoc[]): Searcher {
  const fuse = new Fuse(docs, { keys: ['keywords', 'titles', 'texts'] });
  return (q) => fuse.search(q).map((r) => r.item.id);
}

/**
 * MiniSearch (BM25) with our tokenizer: Chinese character pairs and English words,
 * our normalisation on fields and query, field boosts like ours, and prefix and fuzzy
 * matching for longer English words as our engine has.
 */
function miniSearch(docs: readonly SearchDoc[]): Searcher {
  const latin = (term: string) => !/\p{Script=Han}/u.test(term);
  const ms = new MiniSearch<SearchDoc>({
    fields: ['keywords', 'titles', 'texts'],
    idField: 'id',
    extractField: (doc, field) => {
      const value = doc[field as keyof SearchDoc];
      return Array.isArray(value) ? value.join('\n') : value;
    },
    tokenize: (text) => tokenize(text),
    processTerm: (term) => term,
    searchOptions: {
      boost: { keywords: 3, titles: 2, texts: 1 },
      prefix: (term) => latin(term) && term.length >= 4,
      fuzzy: (term) => (latin(term) && term.length >= 5 ? 0.2 : false),
    },
  });
  ms.addAll(docs);
  return (q) => ms.search(normalize(q)).map((r) => r.id as string);
}
