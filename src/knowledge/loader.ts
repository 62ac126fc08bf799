import { createHash } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import { toTraditional } from '../text/chinese.js';
import { describeIoError, listJsonFiles, readKnowledgeFile, type SkippedFile } from './files.js';
import { describeJsonError } from './json-error.js';
import type { Knowledge, Part, Section, Source, Text } from './model.js';
import { lexiconSchema, type PartsFile, partsFileSchema, type SectionFile, sectionSchema } from './schema.js';

export interface Problem {
  /** Path relative to the knowledge folder, e.g. `sections/effect.labor.json`. */
  file: string;
  /** Dotted field path, e.g. `measures.0.section`; empty for whole-file problems. */
  field: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'KnowledgeError';
  }
}

/** One problem on one line: `file: field: message` (operators grep and diff these). */
export function formatProblem(p: Problem): string {
  const message = p.message.replace(/\s*[\r\n]+\s*/g, ' ');
  return p.field ? `${p.file}: ${p.field}: ${message}` : `${p.file}: ${message}`;
}

export const PARTS_FILE = 'parts.json';
export const SECTIONS_DIR = 'sections';
export const LEXICON_FILE = 'lexicon.json';

interface RawFile {
  file: string;
  text: string;
}

/**
 * Reads and validates the whole knowledge folder. Either every file is valid and a
 * complete base comes back, or a KnowledgeError lists every problem found: the bot
 * never serves a half-loaded base.
 */
export async function loadKnowledge(dir: string, skipped: SkippedFile[] = []): Promise<Knowledge> {
  const problems: Problem[] = [];
  const parts = await readRaw(dir, PARTS_FILE, problems);
  const lexicon = await readRaw(dir, LEXICON_FILE, problems);
  const sectionFiles: RawFile[] = [];
  let names: string[] = [];
  try {
    // Only regular `*.json` files inside the folder; junk (locks, FIFOs, links out) is skipped.
    const listing = await listJsonFiles(dir, SECTIONS_DIR);
    names = listing.files;
    skipped.push(...listing.skipped);
  } catch (err) {
    problems.push({
      file: SECTIONS_DIR,
      field: '',
      message: `cannot read the folder (${describeIoError(err)})`,
    });
  }
  for (const file of names) {
    const raw = await readRaw(dir, file, problems, skipped);
    if (raw) sectionFiles.push(raw);
  }
  if (problems.length > 0) throw new KnowledgeError(problems);
  return buildKnowledge(parts as RawFile, sectionFiles, lexicon as RawFile);
}

/** A section file that turns out not to be one is skipped; a required file (no `skipped`) is a problem. */
async function readRaw(
  dir: string,
  file: string,
  problems: Problem[],
  skipped?: SkippedFile[],
): Promise<RawFile | undefined> {
  const result = await readKnowledgeFile(dir, file);
  if (result.kind === 'ok') return { file, text: result.text };
  if (result.kind === 'skipped' && skipped) skipped.push({ file, reason: result.reason });
  else {
    const message = result.kind === 'problem' ? result.message : `cannot read the file (${result.reason})`;
    problems.push({ file, field: '', message });
  }
  return undefined;
}

/** Pure: validates file contents and builds the base. Exported for tests and for the validator. */
export function buildKnowledge(
  partsRaw: RawFile,
  sectionRaws: readonly RawFile[],
  lexiconRaw: RawFile,
): Knowledge {
  const problems: Problem[] = [];
  const partsFile = parseFile(partsRaw, partsFileSchema, problems);
  const lexicon = parseFile(lexiconRaw, lexiconSchema, problems);
  const files: { file: string; data: SectionFile }[] = [];
  for (const raw of sectionRaws) {
    const data = parseFile(raw, sectionSchema, problems);
    if (data) files.push({ file: raw.file, data });
  }
  if (sectionRaws.length === 0)
    problems.push({ file: SECTIONS_DIR, field: '', message: 'no section files found' });

  const seen = new Map<string, string>();
  for (const { file, data } of files) {
    const expected = path.basename(file, '.json');
    if (data.id !== expected) {
      problems.push({ file, field: 'id', message: `"${data.id}" must match the file name ("${expected}")` });
    }
    const other = seen.get(data.id);
    if (other) problems.push({ file, field: 'id', message: `duplicate id "${data.id}" (also in ${other})` });
    else seen.set(data.id, file);
  }
  // A section file that failed to parse still names its section: its file name is its id.
  // Counting it as known keeps one broken file from turning every reference to it into
  // a problem of its own.
  const known = new Set([...sectionRaws.map((r) => path.basename(r.file, '.json')), ...seen.keys()]);
  for (const { file, data } of files) {
    data.related.forEach((id, i) => {
      if (!known.has(id))
        problems.push({ file, field: `related.${i}`, message: `unknown section id "${id}"` });
      else if (id === data.id)
        problems.push({ file, field: `related.${i}`, message: 'a section cannot relate to itself' });
    });
    data.measures.forEach((m, i) => {
      if (m.section && !known.has(m.section)) {
        problems.push({ file, field: `measures.${i}.section`, message: `unknown section id "${m.section}"` });
      }
      // A link is our reading: it must say which clause of the article it rests on.
      if (m.section && !m.rests_on)
        problems.push({ file, field: `measures.${i}.rests_on`, message: 'is required for a link (section)' });
      if (!m.section && m.rests_on)
        problems.push({
          file,
          field: `measures.${i}.rests_on`,
          message: 'only a link (section) rests on a clause',
        });
    });
  }
  if (partsFile) {
    const kinds = new Set<string>();
    partsFile.parts.forEach((p, i) => {
      if (kinds.has(p.kind)) {
        problems.push({
          file: partsRaw.file,
          field: `parts.${i}.kind`,
          message: `duplicate part "${p.kind}"`,
        });
      }
      kinds.add(p.kind);
    });
    for (const { file, data } of files) {
      if (!kinds.has(data.kind)) {
        problems.push({
          file,
          field: 'kind',
          message: `no part for kind "${data.kind}" in ${partsRaw.file}`,
        });
      }
    }
  }
  if (problems.length > 0 || !partsFile || !lexicon) throw new KnowledgeError(problems);

  const sections = files
    .map(({ data }) => toSection(data))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const hash = createHash('sha256');
  for (const raw of [partsRaw, ...sectionRaws, lexiconRaw])
    hash.update(raw.file).update('\0').update(raw.text).update('\0');
  return {
    version: hash.digest('hex').slice(0, 8),
    source: toSource(partsFile.source),
    sections,
    byId: new Map(sections.map((s) => [s.id, s])),
    parts: new Map(partsFile.parts.map((p) => [p.kind, toPart(p)])),
    lexicon,
  };
}

function parseFile<S extends z.ZodType>(
  raw: RawFile,
  schema: S,
  problems: Problem[],
): z.output<S> | undefined {
  let json: unknown;
  const text = raw.text.replace(/^\uFEFF/, '');
  try {
    json = JSON.parse(text);
  } catch (err) {
    problems.push({
      file: raw.file,
      field: '',
      message: `invalid JSON: ${describeJsonError(err, text)}`,
    });
    return undefined;
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.');
    problems.push({ file: raw.file, field, message: describeIssue(issue, json) });
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  // zod leaves `issue.input` out unless asked, so look the value up: only an absent
  // field is "required"; a present one of the wrong type gets zod's "expected …".
  if (issue.code === 'invalid_type' && valueAt(json, issue.path) === undefined) return 'is required';
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

function valueAt(json: unknown, at: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of at) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function localize(t: { zh: string; en: string }): Text {
  return { 'zh-Hans': t.zh, 'zh-Hant': toTraditional(t.zh), en: t.en };
}

function toSection(data: SectionFile): Section {
  return {
    id: data.id,
    kind: data.kind,
    order: data.order,
    editorial: data.editorial,
    title: localize(data.title),
    text: localize(data.text),
    cite: data.cite,
    ...(data.note ? { note: localize(data.note) } : {}),
    measures: data.measures.map((m) => ({
      text: localize(m),
      ...(m.section ? { section: m.section } : {}),
      ...(m.rests_on ? { restsOn: localize(m.rests_on) } : {}),
      ...(m.repeats ? { repeats: true } : {}),
    })),
    related: data.related,
    keywords: data.keywords,
  };
}

function toSource(s: PartsFile['source']): Source {
  const { title, description, ...known } = s;
  return { title: localize(title), description: localize(description), ...known };
}

function toPart(p: PartsFile['parts'][number]): Part {
  return {
    kind: p.kind,
    label: localize(p.label),
    ...(p.number !== undefined ? { number: p.number } : {}),
    ...(p.heading ? { heading: localize(p.heading) } : {}),
    ...(p.intro ? { intro: localize(p.intro) } : {}),
  };
}
