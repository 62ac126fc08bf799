import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/knowledge/json-schema.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import type { Knowledge } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';

const KNOWLEDGE = DEFAULT_KNOWLEDGE_DIR;

let shipped: Knowledge;

beforeAll(async () => {
  shipped = await loadKnowledge(KNOWLEDGE);
});

describe('the JSON Schemas in knowledge/schema/', () => {
  const schemaDir = path.join(KNOWLEDGE, 'schema');

  it('are exactly what jsonSchemas() generates (run `npm run schema` after changing the zod schema)', () => {
    const generated = jsonSchemas();
    expect(readdirSync(schemaDir).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated)) {
      expect(readFileSync(path.join(schemaDir, name), 'utf8'), name).toBe(text);
    }
  });

  it('are what every shipped file points at with $schema', () => {
    const files = [
      { file: path.join(KNOWLEDGE, 'parts.json'), schema: 'parts.schema.json' },
      ...readdirSync(path.join(KNOWLEDGE, 'sections'))
        .filter((n) => n.endsWith('.json'))
        .map((n) => ({ file: path.join(KNOWLEDGE, 'sections', n), schema: 'section.schema.json' })),
    ];
    expect(files.length).toBe(shipped.sections.length + 1);
    for (const { file, schema } of files) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { $schema?: unknown };
      expect(typeof json.$schema, file).toBe('string');
      const target = path.resolve(path.dirname(file), json.$schema as string);
      expect(target, file).toBe(path.join(schemaDir, schema));
      expect(existsSync(target), target).toBe(true);
    }
  });
});
