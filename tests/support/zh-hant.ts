import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import type { Knowledge, Text } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';

/**
 * The reviewed Traditional form of every Chinese sentence in the knowledge base, as
 * tests/fixtures/zh-Hant.expected.json: `{ "<Simplified sentence>": "<Traditional sentence>" }`.
 *
 *   npx tsx tests/support/zh-hant.ts           lists sentences missing from the fixture or changed
 *   npx tsx tests/support/zh-hant.ts --write   adds the missing ones as converted now, drops unused ones
 *
 * --write never changes an entry that is already there: those were reviewed. Review what it adds
 * (read it against knowledge/source/article.original.txt) before committing.
 */

export const FIXTURE = fileURLToPath(new URL('../fixtures/zh-Hant.expected.json', import.meta.url));

export interface SentencePair {
  where: string;
  hans: string;
  hant: string;
}

function isText(value: unknown): value is Text {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v['zh-Hans'] === 'string' && typeof v['zh-Hant'] === 'string' && typeof v.en === 'string';
}

/** Every localized text anywhere in the base (titles, text, measures, parts, source, and any field added later). */
export function localizedTexts(knowledge: Knowledge): { where: string; text: Text }[] {
  const out: { where: string; text: Text }[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, where: string) => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (isText(value)) {
      out.push({ where, text: value });
      return;
    }
    if (value instanceof Map) {
      for (const [k, v] of value) visit(v, `${where}.${String(k)}`);
      return;
    }
    for (const [k, v] of Object.entries(value)) visit(v, where ? `${where}.${k}` : k);
  };
  // The whole base, so that a localized field added later is covered without changing this.
  visit(knowledge, '');
  return out;
}

/** Sentences end at 。！？；, or at a line break. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？；!?;])|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Each Simplified sentence with its Traditional counterpart, in the order of the base. */
export function sentencePairs(knowledge: Knowledge): SentencePair[] {
  const pairs: SentencePair[] = [];
  for (const { where, text } of localizedTexts(knowledge)) {
    const hans = sentences(text['zh-Hans']);
    const hant = sentences(text['zh-Hant']);
    if (hans.length !== hant.length)
      throw new Error(`${where}: the two scripts split into different sentences`);
    hans.forEach((h, i) => {
      pairs.push({ where, hans: h, hant: hant[i] as string });
    });
  }
  return pairs;
}

export async function readFixture(): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(FIXTURE, 'utf8')) as Record<string, string>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

async function main(write: boolean): Promise<void> {
  const pairs = sentencePairs(await loadKnowledge(DEFAULT_KNOWLEDGE_DIR));
  const fixture = await readFixture();
  const next: Record<string, string> = {};
  const added: SentencePair[] = [];
  for (const p of pairs) {
    if (p.hans in next) continue;
    const reviewed = fixture[p.hans];
    if (reviewed === undefined) added.push(p);
    else if (reviewed !== p.hant)
      console.log(`differs  ${p.where}\n  expected ${reviewed}\n  actual   ${p.hant}`);
    next[p.hans] = reviewed ?? p.hant;
  }
  const dropped = Object.keys(fixture).filter((k) => !(k in next));
  for (const p of added) console.log(`${write ? 'added' : 'missing'}  ${p.where}\n  ${p.hans}\n  ${p.hant}`);
  for (const k of dropped) console.log(`${write ? 'dropped' : 'unused'}  ${k}`);
  if (write) await writeFile(FIXTURE, `${JSON.stringify(next, null, 2)}\n`);
  console.log(
    `${pairs.length} sentences, ${Object.keys(next).length} distinct; ${added.length} new, ${dropped.length} unused`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.includes('--write'));
}
