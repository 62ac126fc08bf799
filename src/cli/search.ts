import { loadKnowledge } from '../knowledge/loader.js';
import type { Knowledge } from '../knowledge/model.js';
import { knowledgeDir } from '../knowledge/paths.js';
import { SearchEngine, type SearchResponse } from '../search/engine.js';
import { isMain } from './is-main.js';
import { answerLines, argumentExit, loadOrExplain, stopWhenOutputCloses } from './lines.js';

const USAGE = `Usage: npm run --silent search -- [--json] [--limit N] "<query>"
       npm run --silent search -- [--json] --stdin     (one query per line)

The score is relevance from 0 to 1, higher is better, comparable only within one query.
Results are empty when nothing in the knowledge base answers the query confidently.`;

interface Args {
  json: boolean;
  stdin: boolean;
  limit: number;
  query: string;
}

export function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { json: false, stdin: false, limit: 10, query: '' };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') args.json = true;
    else if (a === '--stdin') args.stdin = true;
    else if (a === '--limit') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 10) return '--limit takes a whole number from 1 to 10';
      args.limit = n;
    } else if (a === '--help' || a === '-h') return USAGE;
    else if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    } else rest.push(a);
  }
  args.query = rest.join(' ');
  if (!args.stdin && !args.query.trim()) return `No query given.\n\n${USAGE}`;
  return args;
}

export function toJson(response: SearchResponse, knowledge: Knowledge): string {
  return JSON.stringify({
    query: response.query,
    results: response.results.map((r) => ({
      id: r.id,
      score: r.score,
      title: knowledge.byId.get(r.id)?.title['zh-Hans'] ?? r.id,
    })),
  });
}

export function toText(response: SearchResponse, knowledge: Knowledge): string {
  const title = (id: string) => {
    const s = knowledge.byId.get(id);
    return s ? `${s.title['zh-Hans']} / ${s.title.en}` : id;
  };
  if (response.results.length === 0) {
    const lines = [`No confident match for "${response.query}".`];
    if (response.suggestions.length > 0) {
      lines.push('Nearest sections:', ...response.suggestions.map((s) => `  - ${title(s.id)}  (${s.id})`));
    }
    return lines.join('\n');
  }
  return response.results
    .map((r, i) => `${String(i + 1).padStart(2)}. ${title(r.id)}  (${r.id}, score ${r.score.toFixed(3)})`)
    .join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') return argumentExit(args, USAGE) as number;
  const knowledge = await loadOrExplain(() => loadKnowledge(knowledgeDir()));
  if (typeof knowledge === 'number') return knowledge;
  const engine = SearchEngine.fromKnowledge(knowledge);
  const answer = (q: string) => {
    const response = engine.search(q, { limit: args.limit });
    return args.json ? toJson(response, knowledge) : toText(response, knowledge);
  };
  return answerLines(answer, { stdin: args.stdin, single: args.query, keepBlank: args.json });
}

if (isMain(import.meta.url)) {
  stopWhenOutputCloses();
  process.exitCode = await main();
}
