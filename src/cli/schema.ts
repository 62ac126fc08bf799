import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jsonSchemas } from '../knowledge/json-schema.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../knowledge/paths.js';

// Regenerates knowledge/schema/*.json from the zod schema; a test fails when they drift.
for (const [name, text] of Object.entries(jsonSchemas())) {
  const file = path.join(DEFAULT_KNOWLEDGE_DIR, 'schema', name);
  await writeFile(file, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
