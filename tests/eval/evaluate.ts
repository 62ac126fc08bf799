import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface EvalQuery {
  q: string;
  accept: string[];
  lang: string;
  type: string;
}

function readQueries(file: string): EvalQuery[] {
  return JSON.parse(readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8')).queries;
}

/** The evaluation set the engine was tuned against. */
export const EVAL_QUERIES: EvalQuery[] = readQueries('./queries.json');
/** Written separately and never used for tuning: a check on how far the tuning generalises. */
export const HOLDOUT_QUERIES: EvalQuery[] = readQueries('./holdout.json');

export interface EvalReport {
  answerable: number;
  top1: number;
  top3: number;
  offTopic: number;
  offTopicEmpty: number;
  failures: { q: string; accept: string[]; got: string[] }[];
}

/** Scores a search function (query → ranked ids) against the evaluation set. */
export function evaluate(search: (q: string) => string[], queries: readonly EvalQuery[] = EVAL_QUERIES): EvalReport {
  const report: EvalReport = { answerable: 0, top1: 0, top3: 0, offTopic: 0, offTopicEmpty: 0, failures: [] };
  for (const query of queries) {
    const got = search(query.q);
    if (query.accept.length === 0) {
      report.offTopic++;
      if (got.length === 0) report.offTopicEmpty++;
      else report.failures.push({ q: query.q, accept: [], got: got.slice(0, 3) });
      continue;
    }
    report.answerable++;
    const first = got[0];
    if (first && query.accept.includes(first)) report.top1++;
    else report.failures.push({ q: query.q, accept: query.accept, got: got.slice(0, 3) });
    if (got.slice(0, 3).some((id) => query.accept.includes(id))) report.top3++;
  }
  return report;
}
