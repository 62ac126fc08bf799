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
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class PhraseSet {
  private readonly regex: RegExp | undefined;
  readonly phrases: ReadonlySet<string>;

  constructor(phrases: Iterable<string>) {
    const list = [...new Set([...phrases].map(normalize).filter((p) => p.length > 0))].sort(
      (a, b) => b.length - a.length,
    );
    this.phrases = new Set(list);
    this.regex =
      list.length === 0
        ? undefined
        : new RegExp(
            list
              .map((p) =>
                HAN.test(p) ? escapeRegExp(p) : `(?<![\\p{L}\\p{N}])${escapeRegExp(p)}(?![\\p{L}\\p{N}])`,
              )
              .join('|'),
            'gu',
          );
  }

  findAll(text: string): Found[] {
    if (!this.regex) return [];
    return [...text.matchAll(this.regex)].map((m) => ({
      phrase: m[0],
      index: m.index,
      end: m.index + m[0].length,
    }));
  }

  has(text: string): boolean {
    return this.findAll(text).length > 0;
  }
}

export interface CompiledLexicon {
  cues: Readonly<Record<CueKind, PhraseSet>>;
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
  const cues = Object.fromEntries(
    Object.entries(cueLists).map(([k, list]) => [k, new PhraseSet(list)]),
  ) as Record<CueKind, PhraseSet>;

  addWords(
    [
      ...knowledge.sections.flatMap((s) => s.keywords.zh),
      ...file.synonyms.flatMap((x) => [x.means, ...x.words]),
      ...file.uncovered,
      ...file.known,
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
    repairable: [...repairable],
  };
}
