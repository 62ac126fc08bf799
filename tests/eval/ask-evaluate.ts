/**
 * Scores question answering against an evaluation set written as readers would ask
 * (tests/eval/ask/{tune,test}.json). Shared by the test (test half) and `npm run bench`.
 *
 * - right: the answer has the expected form (one section among the acceptable ids, the
 *   part, the parts side by side, or nothing) and, for out-of-scope questions, names
 *   what is missing;
 * - named: out-of-scope questions whose every expected missing thing is named;
 * - hedged: in-scope questions that were told something is missing.
 */
import { readFileSync } from 'node:fs';
import { normalize } from '../../src/search/normalize.js';
import { QuestionEngine, type Resolution, type Topic } from '../../src/search/question.js';

export interface AskCase {
  q: string;
  locale: 'zh-CN' | 'zh-TW' | 'en-US';
  category: 'specific' | 'broad' | 'compare' | 'about' | 'out-of-scope' | 'off-topic' | 'followup';
  expect: {
    kind: 'section' | 'part' | 'compare' | 'none' | 'any';
    ids?: string[];
    parts?: string[];
    uncovered?: string[];
  };
  context?: string[];
}

export interface AskOutcome {
  item: AskCase;
  got: Resolution;
  right: boolean;
  named: boolean;
  hedged: boolean;
}

export interface AskReport {
  total: number;
  right: number;
  outOfScope: number;
  named: number;
  inScope: number;
  hedged: number;
  outcomes: AskOutcome[];
}

export function loadAskSet(half: 'tune' | 'tune2' | 'tune3' | 'tune4' | 'tune5' | 'test'): AskCase[] {
  const file = new URL(`./ask/${half}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { questions: AskCase[] }).questions;
}

export function askWithContext(questions: QuestionEngine, item: AskCase): Resolution {
  let previous: Topic | undefined;
  for (const q of item.context ?? []) previous = QuestionEngine.topicOf(questions.answer(q, previous));
  return questions.answer(item.q, previous);
}

function names(got: readonly string[], expected: string): boolean {
  const e = normalize(expected);
  return got.some((g) => {
    const n = normalize(g);
    return n.includes(e) || e.includes(n);
  });
}

export function judge(item: AskCase, got: Resolution): AskOutcome {
  const e = item.expect;
  const outOfScope = item.category === 'out-of-scope';
  const named = (e.uncovered ?? []).every((u) => names(got.uncovered, u));
  let shape: boolean;
  switch (e.kind) {
    case 'any':
      shape = true;
      break;
    case 'section':
      shape = got.kind === 'section' && (e.ids ?? []).includes(got.main ?? '');
      break;
    case 'part':
      // A part of one section (the outlook, the overview) is shown as that section: the same reply.
      shape =
        (got.kind === 'part' && sameSet(got.parts, e.parts ?? [])) ||
        (got.kind === 'section' && (e.parts ?? []).some((p) => PART_OF_ONE[p] === got.main));
      break;
    case 'compare':
      shape = got.kind === 'compare' && (e.parts ?? []).every((p) => got.parts.includes(p as never));
      break;
    case 'none':
      shape = got.kind === 'none';
      break;
  }
  const inScope = !outOfScope && item.category !== 'off-topic';
  return {
    item,
    got,
    right: shape && (!outOfScope || named),
    named: outOfScope && named,
    hedged: inScope && got.uncovered.length > 0,
  };
}

const PART_OF_ONE: Readonly<Record<string, string>> = { overview: 'overview', outlook: 'outlook' };

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function evaluateAsk(questions: QuestionEngine, items: readonly AskCase[]): AskReport {
  const outcomes = items.map((item) => judge(item, askWithContext(questions, item)));
  const oos = outcomes.filter((o) => o.item.category === 'out-of-scope');
  const inScope = outcomes.filter((o) => o.item.category !== 'out-of-scope' && o.item.category !== 'off-topic');
  return {
    total: outcomes.length,
    right: outcomes.filter((o) => o.right).length,
    outOfScope: oos.length,
    named: oos.filter((o) => o.named).length,
    inScope: inScope.length,
    hedged: inScope.filter((o) => o.hedged).length,
    outcomes,
  };
}

export function formatAskReport(name: string, r: AskReport): string {
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
  return `${name}: right ${r.right}/${r.total} (${pct(r.right, r.total)}), out-of-scope named ${r.named}/${r.outOfScope} (${pct(r.named, r.outOfScope)}), in-scope hedged ${r.hedged}/${r.inScope} (${pct(r.hedged, r.inScope)})`;
}
