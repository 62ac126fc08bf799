import type { Knowledge } from '../knowledge/model.js';
import type { CueKind, LexiconFile } from '../knowledge/schema.js';
import { addWords, cutChinese } from './language.js';
import { normalize } from './normalize.js';

/**
 * The lexicon file (knowledge/lexicon.json) compiled for matching: every phrase in the
 * normal form queries are matched in, Chinese phrases found anywhere, Latin ones only
 * as whole words.
 */

export interface Found {
  phrase: string;
  index: number;
  end: number;
}

const HAN = /\p{Script=Han}/u;

interface Entry {
  phrase: string;
  /** The kind's number, an index into the kinds of the set of sets. */
  kind: number;
  /** Latin phrases match whole words only. */
  latin: boolean;
}

/** Entries by their first character, longest first: a scan tries only those that can start there. */
function indexByFirst(entries: Entry[]): Map<string, Entry[]> {
  const byFirst = new Map<string, Entry[]>();
  for (const e of [...entries].sort((a, b) => b.phrase.length - a.phrase.length)) {
    const first = e.phrase[0] as string;
    const bucket = byFirst.get(first) ?? [];
    bucket.push(e);
    byFirst.set(first, bucket);
  }
  return byFirst;
}

/**
 * Every match of each of `kinds` kinds, leftmost-longest, not overlapping others of its kind,
 * in one pass over the text: Chinese phrases anywhere, Latin ones only as whole words (not
 * "rate" inside "separate"). found[k] lists kind k's matches.
 */
function scan(text: string, byFirst: ReadonlyMap<string, Entry[]>, kinds: number): (Found[] | undefined)[] {
  // Plain arrays, filled as kinds match: most scans match a few kinds or none (a typed array
  // here would be a buffer outside the heap for every scan, which the garbage collector sweeps).
  const found: (Found[] | undefined)[] = new Array(kinds);
  /** Where each kind may match next: past its last match (so also: not twice at one place). */
  const free: (number | undefined)[] = new Array(kinds);
  for (let i = 0; i < text.length; i++) {
    const bucket = byFirst.get(text[i] as string);
    // A bucket's phrases share their first character: Latin ones start only at a word's start.
    if (!bucket || ((bucket[0] as Entry).latin && !isBoundary(text, i - 1))) continue;
    for (const e of bucket) {
      if ((free[e.kind] ?? 0) > i || !text.startsWith(e.phrase, i)) continue;
      if (e.latin && !isBoundary(text, i + e.phrase.length)) continue;
      const end = i + e.phrase.length;
      const match = { phrase: e.phrase, index: i, end };
      const list = found[e.kind];
      if (list) list.push(match);
      else found[e.kind] = [match];
      free[e.kind] = end;
    }
  }
  return found;
}

export class PhraseSet {
  readonly phrases: ReadonlySet<string>;

  private readonly byFirst: Map<string, Entry[]>;

  constructor(phrases: Iterable<string>) {
    this.phrases = new Set([...phrases].map(normalize).filter((p) => p.length > 0));
    this.byFirst = indexByFirst([...this.phrases].map((phrase) => entry(phrase, 0)));
  }

  /**
   * Every match, leftmost-longest, not overlapping: Chinese phrases anywhere, Latin ones
   * only as whole words (not "rate" inside "separate").
   */
  findAll(text: string): Found[] {
    return scan(text, this.byFirst, 1)[0] ?? [];
  }
}

/** Several phrase sets found in one pass: each kind's matches as its own PhraseSet would find them. */
export class PhraseSets<K extends string> {
  private readonly kinds: K[];

  private readonly byFirst: Map<string, Entry[]>;

  constructor(readonly sets: Readonly<Record<K, PhraseSet>>) {
    this.kinds = Object.keys(sets) as K[];
    this.byFirst = indexByFirst(
      this.kinds.flatMap((kind, k) =>
        [...(sets[kind] as PhraseSet).phrases].map((phrase) => entry(phrase, k)),
      ),
    );
  }

  /** Each kind's matches (kinds without any are absent). */
  findAll(text: string): Map<K, Found[]> {
    const found = new Map<K, Found[]>();
    const lists = scan(text, this.byFirst, this.kinds.length);
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k];
      if (list) found.set(this.kinds[k] as K, list);
    }
    return found;
  }
}

function entry(phrase: string, kind: number): Entry {
  return { phrase, kind, latin: !HAN.test(phrase[0] as string) };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Position `at` is outside the text or not a letter or digit. */
function isBoundary(text: string, at: number): boolean {
  const ch = text[at];
  return ch === undefined || !WORD_CHAR.test(ch);
}

export interface CompiledLexicon {
  cues: PhraseSets<CueKind>;
  /** Synonym phrase → the word it stands for. */
  synonyms: PhraseSet;
  meaning: ReadonlyMap<string, string>;
  uncovered: PhraseSet;
  /** Words that never count as a topic the article lacks: the article's words, keywords, lexicon words. */
  known: ReadonlySet<string>;
  /** Everyday words (report, government, city) that say nothing about what is asked. */
  everyday: ReadonlySet<string>;
  /** The article's Chinese text and keywords in one string, for "does the article use this word". */
  corpus: string;
  /** Every 2–4 character piece of the corpus: "does the article use this word" in O(1). */
  pieces: ReadonlySet<string>;
  /** Every Chinese word (2–4 characters) we could repair a slip to, by its toneless pinyin. */
  repairable: readonly string[];
}

export function compileLexicon(knowledge: Knowledge, file: LexiconFile): CompiledLexicon {
  const zhTexts: string[] = [];
  const enTexts: string[] = [];
  for (const s of knowledge.sections) {
    zhTexts.push(s.title['zh-Hans'], ...s.keywords.zh);
    enTexts.push(s.title.en, ...s.keywords.en);
    if (!s.editorial) {
      zhTexts.push(s.text['zh-Hans'], ...s.measures.map((m) => m.text['zh-Hans']));
      enTexts.push(s.text.en, ...s.measures.map((m) => m.text.en));
    }
  }
  for (const p of knowledge.parts.values()) {
    for (const t of [p.label, p.heading, p.intro]) {
      if (t) {
        zhTexts.push(t['zh-Hans']);
        enTexts.push(t.en);
      }
    }
  }
  const corpus = normalize(zhTexts.join('\n'));
  // The article's own sentences (not our keywords): a synonym never overrides these.
  const articleText = normalize(
    [
      ...knowledge.sections.filter((s) => !s.editorial).map((s) => s.text['zh-Hans']),
      ...[...knowledge.parts.values()].flatMap((p) => [
        p.heading?.['zh-Hans'] ?? '',
        p.intro?.['zh-Hans'] ?? '',
      ]),
    ].join('\n'),
  );
  // A synonym never overrides the article's own use of a word (住房 stays the article's 住房).
  const meaning = new Map<string, string>();
  for (const { means, words } of file.synonyms) {
    for (const w of words) {
      const word = normalize(w);
      if (!(HAN.test(word) && articleText.includes(word)) && word !== normalize(means))
        meaning.set(word, normalize(means));
    }
  }
  const cueLists = file.cues as Record<CueKind, string[]>;
  const cues = new PhraseSets(
    Object.fromEntries(Object.entries(cueLists).map(([k, list]) => [k, new PhraseSet(list)])) as Record<
      CueKind,
      PhraseSet
    >,
  );

  addWords(
    [
      ...knowledge.sections.flatMap((s) => s.keywords.zh),
      ...file.synonyms.flatMap((x) => [x.means, ...x.words]),
      ...file.uncovered,
      ...file.known,
      // Question words are words too (点解, 成因), so that jieba keeps them whole.
      ...Object.values(file.cues as Record<string, string[]>).flat(),
    ].map(normalize),
  );
  const known = new Set<string>();
  const add = (w: string) => {
    const n = normalize(w);
    if (n) known.add(n);
  };
  for (const t of zhTexts) for (const w of cutChinese(normalize(t))) add(w);
  for (const t of enTexts) for (const w of normalize(t).split(/[^\p{L}\p{N}-]+/u)) add(w);
  for (const k of [...knowledge.sections.flatMap((s) => [...s.keywords.zh, ...s.keywords.en]), ...file.known])
    add(k);
  for (const { means, words } of file.synonyms) for (const w of [means, ...words]) add(w);
  for (const list of Object.values(cueLists)) for (const w of list) add(w);

  const repairable = new Set<string>();
  for (const w of known)
    if (HAN.test(w) && w.length >= 2 && w.length <= 4 && !/[^\p{Script=Han}]/u.test(w)) repairable.add(w);
  return {
    cues,
    synonyms: new PhraseSet(meaning.keys()),
    meaning,
    uncovered: new PhraseSet(file.uncovered),
    known,
    everyday: new Set(file.known.map(normalize)),
    corpus,
    pieces: piecesOf(corpus),
    repairable: [...repairable],
  };
}

function piecesOf(corpus: string): Set<string> {
  const pieces = new Set<string>();
  for (const run of corpus.match(/\p{Script=Han}+/gu) ?? []) {
    for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= run.length; i++) pieces.add(run.slice(i, i + n));
  }
  return pieces;
}
