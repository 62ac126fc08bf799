import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildKnowledge } from '../../src/knowledge/loader.js';
import type { Knowledge } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';

/** A shipped knowledge file as the loader reads it: its path inside the folder and its text. */
const raw = (file: string) => ({ file, text: readFileSync(path.join(DEFAULT_KNOWLEDGE_DIR, file), 'utf8') });

/**
 * The shipped knowledge base built in memory (no copy on disk), with one file's JSON edited
 * first, e.g. `('parts.json', (j) => …)` or `('sections/effect.labor.json', (j) => …)`.
 * Throws the loader's KnowledgeError if the edit makes the base invalid.
 */
export function buildShippedWith(file: string, edit: (json: Record<string, unknown>) => void): Knowledge {
  const edited = (f: { file: string; text: string }) => {
    if (f.file !== file) return f;
    const json = JSON.parse(f.text) as Record<string, unknown>;
    edit(json);
    return { file, text: JSON.stringify(json) };
  };
  const sections = readdirSync(path.join(DEFAULT_KNOWLEDGE_DIR, 'sections'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => edited(raw(`sections/${f}`)));
  return buildKnowledge(edited(raw('parts.json')), sections, edited(raw('lexicon.json')));
}
