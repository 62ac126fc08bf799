/** Prints how long this fresh process takes to be ready to answer: `search` (knowledge + search) or `questions` (+ a first question). */
import { loadKnowledge } from '../src/knowledge/loader.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/knowledge/paths.js';
import { KnowledgeStore } from '../src/knowledge/store.js';
import { SearchEngine } from '../src/search/engine.js';

const start = performance.now();
if (process.argv[2] === 'questions') {
  const store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  store.current().questions.answer('为什么年轻人都去大城市了？');
} else {
  SearchEngine.fromKnowledge(await loadKnowledge(DEFAULT_KNOWLEDGE_DIR)).search('房价');
}
process.stdout.write(`${performance.now() - start}\n`);
