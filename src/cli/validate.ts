import { KnowledgeError, loadKnowledge } from '../knowledge/loader.js';
import { knowledgeDir } from '../knowledge/paths.js';

// `npm run validate [dir]`: every problem on its own line as "file: field: message"; exit 1 if any.
const dir = process.argv[2] ?? knowledgeDir();
try {
  const knowledge = await loadKnowledge(dir);
  process.stdout.write(
    `${dir}: ${knowledge.sections.length} sections valid (version ${knowledge.version})\n`,
  );
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  process.stderr.write(`${err.problems.length} problem(s) in ${dir}:\n${err.message}\n`);
  process.exitCode = 1;
}
