/**
 * Prints how long this fresh process takes, from its first line, to reach a point:
 * - `search`: the knowledge and search engine alone, as the bot started before /ask read questions;
 * - `store`: what start-up does now (KnowledgeStore.open: also the lexicon; the question engine is lazy);
 * - `questions`: the store, then the warm-up the bot runs once it is connected (jieba, pinyin,
 *   compromise, the lexicon compiled) and a first answer.
 * Imports are dynamic so that their cost is inside the measurement.
 */
const start = performance.now();
const mode = process.argv[2];
const { DEFAULT_KNOWLEDGE_DIR } = await import('../src/knowledge/paths.js');
if (mode === 'search') {
  const { loadKnowledge } = await import('../src/knowledge/loader.js');
  const { SearchEngine } = await import('../src/search/engine.js');
  SearchEngine.fromKnowledge(await loadKnowledge(DEFAULT_KNOWLEDGE_DIR)).search('房价');
} else {
  const { KnowledgeStore, warmUp } = await import('../src/store/store.js');
  const store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  store.current().engine.search('房价');
  if (mode === 'questions') warmUp(store.current());
}
process.stdout.write(`${performance.now() - start}\n`);
