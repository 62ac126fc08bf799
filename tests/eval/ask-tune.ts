/** Prints the tuning halves' scores and failures: `npx tsx tests/eval/ask-tune.ts [tune|tune2]` (never the test half). */
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { evaluateAsk, formatAskReport, loadAskSet } from './ask-evaluate.js';

const store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
const sets = (process.argv[2] ? [process.argv[2]] : ['tune', 'tune2', 'tune3', 'tune4', 'tune5']) as ('tune' | 'tune2' | 'tune3' | 'tune4' | 'tune5')[];
const lines: string[] = [];
for (const set of sets) {
  const report = evaluateAsk(store.current().questions, loadAskSet(set));
  for (const o of report.outcomes) {
    if (o.right && !o.hedged) continue;
    const e = o.item.expect;
    console.log(
      `${o.right ? 'HEDGE' : 'WRONG'} [${o.item.category}] ${o.item.q.slice(0, 80)}${o.item.context ? ` (after: ${o.item.context.join(' / ')})` : ''}\n   want ${e.kind} ${(e.ids ?? e.parts ?? []).join(',')} ${e.uncovered?.length ? `uncovered ${e.uncovered.join('/')}` : ''}\n   got  ${o.got.kind} ${o.got.main ?? o.got.parts.join(',')} ${o.got.uncovered.length ? `uncovered ${o.got.uncovered.join('/')}` : ''}`,
    );
  }
  lines.push(formatAskReport(set, report));
}
console.log(lines.join('\n'));
