import type { SkippedFile } from '../knowledge/files.js';
import { KnowledgeError, loadKnowledge } from '../knowledge/loader.js';
import { knowledgeDir } from '../knowledge/paths.js';

// `npm run validate [dir]`: every problem on its own line as "file: field: message"; exit 1 if any.
const dir = process.argv[2] ?? knowledgeDir();
const skipped: SkippedFile[] = [];
try {
  const knowledge = await loadKnowledge(dir, skipped);
  process.stdout.write(
    `${dir}: ${knowledge.sections.length} sections valid (version ${knowledge.version})\n`,
  );
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  process.stderr.write(`${err.problems.length} problem(s) in ${dir}:\n${err.message}\n`);
  process.exitCode = 1;
}
// Files the bot would leave out (editor junk, FIFOs, links out of the folder): warnings, not problems.
for (const s of skipped) process.stderr.write(`warning: ${s.file}: skipped: ${s.reason}\n`);
