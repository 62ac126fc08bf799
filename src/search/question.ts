import type { Knowledge, Section } from '../knowledge/model.js';
import type { CueKind, SectionKind } from '../knowledge/schema.js';
import { withinOneEdit } from '../text/similar.js';
import type { PreparedQuery, SearchEngine, SearchOptions } from './engine.js';
import {
  charReadings,
  cutChinese,
  englishNames,
  isCommonChinese,
  lexiconTags,
  namesInLexicon,
  pinyinOf,
  type TaggedWord,
  tagChinese,
} from './language.js';
import type { CompiledLexicon, Found, PhraseSet } from './lexicon.js';
import { normalize } from './normalize.js';

/**
 * Answers a question the way a reader of the article would: it reads what is asked
 * (why / what effects / what to do / what the city did / about the article itself), what
 * about, and what in it the article never covers, then picks one of four answers: one
 * section, a whole part, parts side by side, or nothing.
 */

export type AnswerKind = 'section' | 'part' | 'compare' | 'none';

/** The parts a question can ask for, in the article's order. */
const PART_KINDS = ['overview', 'effect', 'cause', 'strategy', 'case', 'outlook'] as const;
type PartKind = (typeof PART_KINDS)[number];

export interface Resolution {
  kind: AnswerKind;
  /** The section shown in full (section answers), or undefined. */
  main?: string;
  /** Other sections that match, after the main one (section answers). */
  others: string[];
  /** The parts shown (part and compare answers), in the order asked. */
  parts: SectionKind[];
  /** What the question asks about that the article does not cover, as the question writes it. */
  uncovered: string[];
  /** The question asks which matters most ("哪个更重要", "the main cause"): the article never says. */
  asksRanking?: boolean;
  /**
   * Our notes the question also asks for beside its main answer ("…有哪些措施？某市是哪个城市？
   * 有数据吗？"): offered as links, not shown.
   */
  alsoAsked?: string[];
}

/** What a conversation remembers of the last answer, so "and what did the city do?" continues it. */
export interface Topic {
  main?: string;
  /** The other matches listed after the main section, in their order. */
  others?: string[];
  parts: SectionKind[];
  kind: AnswerKind;
}

/**
 * How much of a question is read: its opening and its close, where report-style questions
 * put what they ask ("我想问三个问题：…", "…原因和对策分别是什么？"). Past this, more text
 * costs work and adds only the reader's story, so one question's cost is bounded.
 */
export const ANALYSED_HEAD = 300;
export const ANALYSED_TAIL = 900;

/** The part of a question that is read: all of it, or its head and tail cut at clause breaks. */
export function analysedPart(question: string): string {
  if (question.length <= ANALYSED_HEAD + ANALYSED_TAIL) return question;
  let head = question.slice(0, ANALYSED_HEAD);
  let tail = question.slice(question.length - ANALYSED_TAIL);
  const lastBreak = Math.max(...[...head.matchAll(CLAUSE_BREAK)].map((m) => m.index + m[0].length), 0);
  if (lastBreak > 0) head = head.slice(0, lastBreak);
  const firstBreak = tail.search(CLAUSE_BREAK);
  if (firstBreak >= 0 && firstBreak < tail.length - 1) tail = tail.slice(firstBreak + 1);
  // Never half a surrogate pair at a cut.
  return `${head.replace(/[\ud800-\udbff]$/, '')}\n${tail.replace(/^[\udc00-\udfff]/, '')}`;
}

const CLAUSE_BREAK = /[，,。；;！!？?\n]/g;

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
// Links, Discord mentions and custom emoji are never content.
const NOT_TEXT = /\b(?:https?:\/\/|www\.)\S+|<a?:\w+:\d+>|<(?:@[!&]?|#)\d+>/g;
const NUMBER =
  /(?<![\p{L}])(?:19|20)\d\d\s*年?(?:代|以后|之后|以来|前后)?|\d+(?:[.,]\d+)?\s*(?:%|percent|万|亿|千|百|个|人|年|成|倍)?|百分之[一二三四五六七八九十几多少]+|[几多少]+\s*[%％]/giu;
const PROPER_TAGS = new Set(['ns', 'nr', 'nrt', 'nt', 'nz', 'nrfg']);
const NOUN_TAGS = new Set(['n', 'nz', 'vn', 'ns', 'nr', 'nt', 'nrt', 'ng', 'nrfg']);
const LATIN_WORD = /[\p{Script=Latin}][\p{Script=Latin}'’-]*/gu;
const ENGLISH_FUNCTION =
  /^(?:i|a|an|the|and|or|but|so|ok|okay|hey|hi|quick|q|does|do|did|is|are|was|were|what|which|who|why|how|when|where|it|its|this|that|any|all|at|in|on|of|for|to|with|about|by|from|as|be|can|could|should|would|will|there|their|they|them|we|our|you|your|me|my|mine|has|have|had|not|no|yes|some|more|most|much|many|also|just|very|really|one|ones|these|those|here|between|among|within|across|whether|although|though|while|since|because|until|unless|per|via|like|such|than|then|even|only|still|yet|ever|never|always|often|quite|rather|less|least|each|every|both|either|neither|other|another|same|own|s|t)$/;

interface Analysis {
  text: string;
  cues: Map<CueKind, Found[]>;
  /** Part kinds asked for, in the order the question asks them. */
  asks: PartKind[];
  /** Only "how" (如何, 怎么) says what is asked: what to do, if the question is about our subject. */
  weakHow: boolean;
  content: string;
  /** Proper names, figures and uncovered topics, as written. */
  uncovered: string[];
  /** Topics from the lexicon's list of what the article never discusses. */
  topics: string[];
  /** Places, people and organisations the article never names. */
  names: string[];
  /** English names and nouns by compromise, computed only when needed. */
  english?: () => { names: string[]; nouns: string[] };
  /** The question's unknown English words that compromise's dictionary names as places, people or organisations. */
  englishPlaces?: () => string[];
  /** Nouns the article never uses: uncovered only when nothing in the article matches. */
  unknown: string[];
}

export class QuestionEngine {
  private readonly byPinyin = new Map<string, string[]>();

  /** The characters of the words a Chinese slip may be for. */
  private readonly repairChars = new Set<string>();

  /** The question words an English slip may be for ("stratgey"): one-word cues of 5+ letters, by length, in lexicon order. */
  private readonly slipTargets = new Map<number, { phrase: string; order: number }[]>();

  constructor(
    private readonly knowledge: Knowledge,
    private readonly engine: SearchEngine,
    private readonly lexicon: CompiledLexicon,
  ) {
    for (const word of lexicon.repairable) {
      const key = pinyinOf(word).join(' ');
      const list = this.byPinyin.get(key) ?? [];
      list.push(word);
      this.byPinyin.set(key, list);
      for (const ch of word) this.repairChars.add(ch);
    }
    const targets = Object.values<PhraseSet>(lexicon.cues.sets).flatMap((set) =>
      [...set.phrases].filter((p) => p.length >= 5 && !p.includes(' ')),
    );
    targets.forEach((phrase, order) => {
      const list = this.slipTargets.get(phrase.length) ?? [];
      list.push({ phrase, order });
      this.slipTargets.set(phrase.length, list);
    });
  }

  answer(question: string, previous?: Topic): Resolution {
    // The search memo serves one question (which searches the same words a few ways), so
    // that each answer costs what it costs, however often it has been asked.
    this.searches.clear();
    this.prepared.clear();
    lastSpelling = undefined;
    const a = this.analyze(question);
    const result = this.decide(a, previous);
    const ranking = (a.cues.get('ranking')?.length ?? 0) > 0 && result.kind !== 'none';
    const also = result.kind === 'none' ? [] : this.alsoAsked(a, result);
    return {
      ...result,
      uncovered: dedupe(result.uncovered),
      ...(ranking ? { asksRanking: true } : {}),
      ...(also.length > 0 ? { alsoAsked: also } : {}),
    };
  }

  /** Our notes on the article that the question asks for and the answer does not already show. */
  private alsoAsked(a: Analysis, r: Resolution): string[] {
    // Only a question of several questions (a question mark with more after it) asks something
    // beside its main one.
    if (!/[?？][\s\S]*\S/.test(a.text)) return [];
    const shown = new Set([
      ...(r.main ? [r.main] : []),
      ...r.others,
      ...this.knowledge.sections.filter((s) => r.parts.includes(s.kind)).map((s) => s.id),
    ]);
    const has = (k: CueKind) => (a.cues.get(k)?.length ?? 0) > 0;
    return ALSO_ASKED.filter(([cue, id]) => has(cue) && !shown.has(id) && this.knowledge.byId.has(id)).map(
      ([, id]) => id,
    );
  }

  /** What a conversation remembers of an answer. */
  static topicOf(r: Resolution): Topic {
    if (!r.main) return { parts: r.parts, kind: r.kind };
    return {
      main: r.main,
      ...(r.others.length > 0 ? { others: r.others } : {}),
      parts: r.parts,
      kind: r.kind,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Reading the question

  analyze(question: string): Analysis {
    const original = analysedPart(question);
    // Clauses about the reader's own life ("我老家的同学都去了深圳上海，文章怎么解释…") are read
    // no further: they ask nothing, what they name is the reader's story, and in a long
    // question reading them would be most of the work.
    const normalized = normalize(original.replace(NOT_TEXT, ' '));
    const background = this.background(normalized);
    // A long question is mostly the reader's own story (where they live, when they moved):
    // its names and figures are background, not what is asked.
    const isLong = codePointCount(original) > LONG_QUESTION;
    let text = isLong ? without(normalized, background) : normalized;
    text = this.repairHan(text);
    text = this.repairLatin(text);

    const cues = this.lexicon.cues.findAll(text);
    // 数字 in 数字化转型 asks for no figure: a quantity word inside a longer word is not one.
    // The question's words, once: for whole-word cues here and for names below.
    // Only Chinese words matter below (cues of one or two characters, names): none in English.
    const tagged = HAN.test(text) ? tagChinese(text) : [];
    const bounds = new Set<number>([0]);
    let offset = 0;
    for (const w of tagged) {
      offset += w.word.length;
      bounds.add(offset);
    }
    // A long question's story sentences ask nothing: where some sentence asks, the cue words and
    // content words of those that only tell the reader's story are the story's (社会实践报告 is
    // no case study, "this city has no future" does not ask about the case city).
    const story = isLong ? storySentences(text) : [];
    const negated = refineCues(cues, text, bounds, story);
    const has = (k: CueKind) => (cues.get(k)?.length ?? 0) > 0;

    const aboutArticle = has('article') || has('reference');
    const uncovered: string[] = [];
    // …except in the sentences that ask ("文章里有没有讲到鹤岗？"): what they name is asked about.
    const askedSpans = isLong ? questionSentences(text) : [];
    const narrativeAt = (at: number) => isLong && !askedSpans.some(([from, to]) => at >= from && at < to);
    // Topics the article never discusses, named in the lexicon.
    const topics = this.lexicon.uncovered.findAll(text);
    for (const f of topics) if (!narrativeAt(f.index)) uncovered.push(asWritten(original, f.phrase));
    // Figures and dates: the article has none.
    for (const m of text.matchAll(NUMBER)) {
      if (narrativeAt(m.index)) continue;
      const figure = m[0].trim();
      // "section 3", "第三部分" are places in the article, not figures.
      const before = text.slice(Math.max(0, m.index - 10), m.index);
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 3);
      if (
        /(?:section|part|chapter|paragraph|§|第)\s*$/.test(before) ||
        /^\s*(?:部分|节|段|条|点)/.test(after)
      )
        continue;
      // "(1) … (2) …", "1. …", "2、…": the question's own list, not a figure.
      if (/^\d$/.test(figure) && (/[(（]\s*$/.test(before) || /^\s*[)）.、]/.test(after))) continue;
      if (/\d|百分之|%/.test(figure)) uncovered.push(asWritten(original, figure));
    }
    // Asking for a quantity is asking for a figure, unless it asks whether the article gives any.
    // …or about the article's own shape ("how many sections").
    if (has('quantity') && !(aboutArticle && has('evidence')) && !has('article'))
      for (const f of cues.get('quantity') ?? [])
        if (!narrativeAt(f.index)) uncovered.push(asWritten(original, quantityPhrase(text, f)));

    // Content: the text less question words, topics already named and numbers.
    const spans: Found[] = [
      ...topics,
      ...negated,
      ...story.map(([from, to]) => ({ phrase: '', index: from, end: to })),
    ];
    for (const [kind, found] of cues) {
      if (kind === 'besides' || kind === 'followup') continue;
      spans.push(...found);
    }
    let content = cut(text, spans).replace(NUMBER, ' ');

    // Names: places, people, organisations the article does not mention.
    const unknown: string[] = [];
    /** Proper names among them: places, people, organisations. */
    const names: string[] = [];
    // Words of the whole question (so that removing question words never glues fragments
    // together), less those that are question words or topics already named.
    let at = 0;
    for (let i = 0; i < tagged.length; i++) {
      const { word, tag } = tagged[i] as TaggedWord;
      const start = text.indexOf(word, at);
      const end = start + word.length;
      at = start >= 0 ? end : at;
      if (word.length < 2 || !HAN.test(word) || this.isKnown(word)) continue;
      if (spans.some((s) => s.index < end && start < s.end)) continue;
      // Places jieba does not know, by their ending: 夕张市, 某某县.
      const place = PLACE_WORD.test(word) && !PLACE_NOT.test(word);
      // A name followed by an aspect particle is a verb after all: 新建了 (jieba's dictionary
      // has 新建 as a county).
      const proper = PROPER_TAGS.has(tag) && !ASPECT_TAGS.has(tagged[i + 1]?.tag ?? '');
      // Of time words, dates (2020年, 九十年代, 去年): 上去 and 下来 are directions.
      const date = tag === 't' && DATE_WORD.test(word);
      if ((proper || date || place) && !narrativeAt(start)) {
        uncovered.push(asWritten(original, word));
        if (tag !== 't') names.push(asWritten(original, word));
      } else if (NOUN_TAGS.has(tag)) unknown.push(asWritten(original, word));
    }
    // compromise costs a millisecond or more: only for English words we do not know.
    const strangeWords = [...text.matchAll(LATIN_WORD)].flatMap((m) => {
      // "article's", "what's", "don't": the word without its clitic.
      const w = m[0]
        .replace(/[’'](?:s|t|re|ve|ll|d)?$/, '')
        .replace(/n$/, (n) => (m[0].endsWith("n't") ? '' : n));
      return w.length > 2 && !ENGLISH_FUNCTION.test(w) && !ENGLISH_FILLER.test(w) && !this.isKnown(w)
        ? [w]
        : [];
    });
    // An acronym is a name too short to be a strange word (AI, EU).
    for (const m of original.matchAll(ACRONYM)) strangeWords.push(m[0]);
    let english: (() => { names: string[]; nouns: string[] }) | undefined;
    let englishPlaces: (() => string[]) | undefined;
    // compromise costs too much for a long question, whose English is mostly story; its
    // capitalised names are read, in the sentences that ask.
    if (strangeWords.length > 0 && isLong) {
      const asked = askedSpans.map(([from, to]) => text.slice(from, to)).join('\n');
      for (const m of original.matchAll(CAPITALISED)) {
        if (SENTENCE_START.test(original.slice(Math.max(0, m.index - 12), m.index))) continue;
        // "I'm", "I'd": the reader, not a name.
        const tail = this.unknownTail(m[0].replace(/[’'](?:s|m|d|ve|ll|re)$/, ''));
        if (tail && asked.includes(normalize(tail))) {
          uncovered.push(tail);
          names.push(tail);
        }
      }
    }
    if (strangeWords.length > 0 && !isLong) {
      // Names compromise's dictionary knows, as the question writes them ("pittsburgh", "harbin"):
      // a word list, so a few hundredths of a millisecond.
      englishPlaces = () =>
        namesInLexicon(strangeWords.slice(0, 12)).flatMap((n) => {
          const written = asWritten(original, n);
          return this.unknownTail(written) === written ? [written] : [];
        });
      // compromise reads English only: Chinese runs become clause breaks.
      const latinOriginal = original
        .replace(NOT_TEXT, ' ')
        .replace(/[^\p{Script=Latin}\p{N}\s'’.,;:?!()"“”-]+/gu, ', ');
      // Capitalised words are names as written ("Flint", "Youngstown"): cheap, so always.
      const capitalised = [...latinOriginal.matchAll(CAPITALISED)]
        .filter((m) => m.index > 0 && !SENTENCE_START.test(latinOriginal.slice(0, m.index)))
        .map((m) => m[0].replace(/[’']s$/, ''));
      for (const name of capitalised) {
        const tail = this.unknownTail(name);
        if (tail) {
          uncovered.push(tail);
          names.push(tail);
        }
      }
      // compromise's tagging costs one to a few milliseconds: only when the answer needs the
      // question's own nouns (nothing the article knows was asked about), see decide().
      // Words of the question's own cue phrases ("rank … by importance") ask; they are no topic.
      const cueWords = new Set(
        [...cues.values()].flatMap((found) => found.flatMap((f) => f.phrase.split(' '))),
      );
      const notCue = (w: string) => !cueWords.has(normalize(w));
      english = () => {
        // The question's first 300 characters: past them an English question is background.
        const tagged = englishNames(latinOriginal.slice(0, 300));
        return {
          names: tagged.names.flatMap((n) => this.unknownTail(n) ?? []).filter(notCue),
          nouns: tagged.nouns.flatMap((n) => this.unknownTail(n) ?? []).filter(notCue),
        };
      };
    }
    // Words readers use for the article's words.
    // …except within words for the subject itself (搬走 is leaving, not the article's 搬迁).
    const subjectSpans = [...text.matchAll(TOPIC_WORDS)].map((m) => [m.index, m.index + m[0].length]);
    const synonyms = this.lexicon.synonyms
      .findAll(text)
      .filter(
        (f) => !subjectSpans.some(([from, to]) => f.index >= (from as number) && f.end <= (to as number)),
      )
      .map((f) => this.lexicon.meaning.get(f.phrase) ?? '');
    content = `${content} ${synonyms.join(' ')}`.replace(/\s+/g, ' ').trim();

    // English names come from the original, background and all: keep those the question asks about.
    const foreground = without(text, background);
    const inForeground = (u: string) => foreground.includes(normalize(u));
    const asks = this.asks(text, cues);
    // "How" alone asks what to do only about our subject: 今天天气如何 asks nothing of the article.
    // "how about consumption?" continues the last answer: its "how" asks nothing.
    // …nor does "how far prices fall": a how that asks for a quantity.
    const hows = (cues.get('how') ?? []).filter(
      (h) =>
        ![...(cues.get('followup') ?? []), ...(cues.get('quantity') ?? [])].some(
          (f) => f.index <= h.index && h.end <= f.end,
        ),
    );
    const weakHow =
      asks.length === 0 && hows.length > 0 && !has('reference') && !has('definition') && !has('article');
    return {
      text,
      cues,
      asks,
      weakHow,
      content,
      uncovered: uncovered.filter(inForeground),
      topics: topics.map((f) => f.phrase).filter(inForeground),
      names: names.filter(inForeground),
      unknown: unknown.filter(inForeground),
      english: english
        ? () => {
            const found = (english as () => { names: string[]; nouns: string[] })();
            return { names: found.names.filter(inForeground), nouns: found.nouns.filter(inForeground) };
          }
        : undefined,
      englishPlaces: englishPlaces
        ? () => (englishPlaces as () => string[])().filter(inForeground)
        : undefined,
    };
  }

  /** Clauses before the last that speak of the reader (我, my…), ask nothing and are not about our subject. */
  private background(text: string): string[] {
    const clauses = text.split(/(?<=[，,。；;！!？?\n])/);
    const asking = (clause: string) =>
      [...this.lexicon.cues.findAll(clause).keys()].some(
        (kind) => kind !== 'followup' && kind !== 'reference',
      );
    // A clause ending in a question mark asks, whoever it speaks of ("我想问一下：文章里有没有讲到鹤岗？").
    return clauses.filter(
      (c, i) =>
        i < clauses.length - 1 &&
        FIRST_PERSON.test(c) &&
        !/[?？]\s*$/.test(c) &&
        !this.isTopical(c) &&
        !asking(c),
    );
  }

  /** Part kinds asked for, in order of first mention; "how" only when nothing else is asked. */
  private asks(text: string, cues: Map<CueKind, Found[]>): PartKind[] {
    // "X 会造成人口流动吗", "does X drive outmigration": asks whether X is a cause.
    // "X 对人口流出有影响吗" too: the effect word in that phrase asks about a cause.
    const causing = CAUSES_OUTFLOW.exec(text);
    if (causing) {
      const [from, to] = [causing.index, causing.index + causing[0].length];
      const effects = cues.get('effect') ?? [];
      cues.set(
        'effect',
        effects.filter((f) => !(f.index >= from && f.index < to)),
      );
      if (!(cues.get('cause')?.length ?? 0)) cues.set('cause', [{ phrase: '', index: from, end: 0 }]);
    }
    // "第二部分", "part 3": the article's own numbering of its four parts.
    const numbered = PART_NUMBER.exec(text);
    if (numbered) {
      const n = numbered[1] ?? numbered[2] ?? numbered[3] ?? '';
      const kind = NUMBERED_PARTS[n];
      if (kind)
        cues.set(kind, [
          { phrase: numbered[0], index: numbered.index, end: numbered.index + numbered[0].length },
          ...(cues.get(kind) ?? []),
        ]);
    }
    const first = (k: CueKind) => cues.get(k)?.[0]?.index ?? -1;
    // The opening paragraph is the overview part.
    const at = (k: PartKind) => first(k === 'overview' ? 'opening' : k);
    return PART_KINDS.filter((k) => at(k) >= 0).sort((x, y) => at(x) - at(y));
  }

  /** The unknown words at the end of an English phrase: "the article mention Flint" → "Flint". */
  private unknownTail(phrase: string): string | undefined {
    const words = phrase.split(/[^\p{Script=Latin}\p{N}'’-]+/u).filter((w) => w.length > 0);
    const tail: string[] = [];
    for (let i = words.length - 1; i >= 0; i--) {
      const written = (words[i] as string).replace(/[’']s$/, '');
      const w = normalize(written);
      const acronym = /^[A-Z]{2,5}$/.test(written);
      if ((w.length < 3 && !acronym) || ENGLISH_FUNCTION.test(w) || ENGLISH_FILLER.test(w) || this.isKnown(w))
        break;
      // A slip we repaired ("reasns") is not a topic.
      if (this.repairLatin(w) !== w) break;
      if (this.isKnown(w.replace(/s$/, ''))) break;
      tail.unshift(written);
    }
    return tail.length > 0 ? tail.join(' ') : undefined;
  }

  /**
   * Whether the article, our keywords or the lexicon use the word. Every caller's word comes
   * from the question in normal form (the index is in normal form too): none is normalised again.
   */
  private isKnown(w: string): boolean {
    if (this.lexicon.known.has(w)) return true;
    // English plurals and singulars: services / service, city / cities.
    if (/^[a-z]{4,}$/.test(w)) {
      const variants = [w.replace(/ies$/, 'y'), w.replace(/s$/, ''), `${w}s`, w.replace(/y$/, 'ies')];
      if (variants.some((v) => this.lexicon.known.has(v))) return true;
    }
    if (HAN.test(w)) return w.length <= 4 ? this.lexicon.pieces.has(w) : this.lexicon.corpus.includes(w);
    return false;
  }

  /** 为神么 → 为什么, 愿因 → 原因: a run of characters that is no word, read the same as one of ours with one character off. */
  private repairHan(text: string): string {
    return text.replace(HAN_RUN, (run) => {
      if (run.length < 2) return run;
      // Only characters jieba could not make a word of: 那个市 is 那个 + 市, not a slip for 哪个市.
      const single: boolean[] = [];
      for (const w of cutChinese(run, false)) for (const _ of w) single.push(w.length === 1);
      let out = run;
      // Each stretch of such characters on its own: a slip lies within one.
      for (let start = 0; start < run.length; ) {
        let end = start;
        while (single[end]) end++;
        if (end - start >= 2)
          out = out.slice(0, start) + this.repairStretch(out.slice(start, end)) + out.slice(end);
        start = end + 1;
      }
      return out;
    });
  }

  /** Windows of 4, 3, then 2 characters read like a repairable word with one character off. */
  private repairStretch(stretch: string): string {
    // A slip is a few characters long; a long run of characters jieba makes nothing of
    // ("的的的…") is no slip of ours, and reading it by sound would cost the most.
    if (stretch.length > MAX_SLIP_STRETCH) return stretch;
    // A slip keeps all but one character of its word: a stretch without any is left as it is.
    if (![...stretch].some((ch) => this.repairChars.has(ch))) return stretch;
    const syllables = charReadings(stretch);
    if (syllables.length !== stretch.length) return stretch;
    let out = stretch;
    for (const n of [4, 3, 2]) {
      for (let i = 0; i + n <= stretch.length; i++) {
        // The text is in normal form already.
        const window = out.slice(i, i + n);
        if (this.isKnown(window)) continue;
        const key = syllables.slice(i, i + n).join(' ');
        const match = this.byPinyin.get(key)?.find((w) => differsByOne(w, window));
        if (match) out = out.slice(0, i) + match + out.slice(i + n);
      }
    }
    return out;
  }

  /** "stratgey" → "strategy": an unknown English word one edit from a question word or keyword. */
  private repairLatin(text: string): string {
    const slips = new Map<string, string>();
    for (const [word] of text.matchAll(LATIN_WORD)) {
      if (slips.has(word) || word.length < 5 || this.isKnown(word) || ENGLISH_FUNCTION.test(word)) continue;
      const target = this.slipTarget(word);
      if (target) slips.set(word, target);
    }
    if (slips.size === 0) return text;
    // A real word one edit from a question word is no slip ("losing", not "closing"): one
    // look-up in compromise's dictionary for all the candidates.
    const words = [...slips.keys()];
    lexiconTags(words).forEach((tags, i) => {
      if (tags.length > 0) slips.delete(words[i] as string);
    });
    return text.replace(LATIN_WORD, (word) => slips.get(word) ?? word);
  }

  /**
   * The question word `word` may be a slip for: one edit away, with the length within one and
   * the first or second letter in place (or shifted by one), a cheap test before the distance
   * itself. The first in lexicon order wins.
   */
  private slipTarget(word: string): string | undefined {
    let best: { phrase: string; order: number } | undefined;
    for (let n = word.length - 1; n <= word.length + 1; n++) {
      for (const target of this.slipTargets.get(n) ?? []) {
        if (best && best.order < target.order) break;
        const { phrase } = target;
        if (word[0] !== phrase[0] && word[1] !== phrase[1] && word[0] !== phrase[1] && word[1] !== phrase[0])
          continue;
        if (withinOneEdit(word, phrase)) {
          best = target;
          break;
        }
      }
    }
    return best?.phrase;
  }

  // ---------------------------------------------------------------------------------------------
  // Choosing the answer

  private decide(analysis: Analysis, previous?: Topic): Resolution {
    let a = analysis;
    const has = (k: CueKind) => (a.cues.get(k)?.length ?? 0) > 0;
    const specific = this.specificTerms(a.content);
    const topical = this.isTopical(a.text);
    // Only words the article (or our keywords and lexicon) knows can find a section: a
    // question about physics shares a character or two with it, never a word.
    const query = specific.filter((w) => this.isKnown(w)).join(' ');
    const subject = query !== '';
    // The question's English names and nouns, when it asks about nothing the article knows
    // or names a topic it never discusses.
    if (a.english && (!subject || a.topics.length > 0)) {
      const { names, nouns } = a.english();
      a = {
        ...a,
        uncovered: [...a.uncovered, ...names],
        names: [...a.names, ...names],
        unknown: [...a.unknown, ...nouns],
      };
    } else if (a.englishPlaces) {
      // A question about the article's subject may still name a place it never mentions, in
      // lower case ("how did pittsburgh recover its steel industry?").
      const fresh = a.englishPlaces().filter((n) => !a.uncovered.some((u) => normalize(u) === normalize(n)));
      if (fresh.length > 0)
        a = { ...a, uncovered: [...a.uncovered, ...fresh], names: [...a.names, ...fresh] };
    }
    // With no subject the article knows, the question's own nouns are what it is about, and missing.
    const missing = subject ? [] : a.unknown.filter((w) => !isCommonChinese(normalize(w)));
    const none: Resolution = { kind: 'none', others: [], parts: [], uncovered: a.uncovered };
    const section = (id: string, others: string[] = []): Resolution => ({
      kind: 'section',
      main: id,
      others: others.filter((o) => o !== id),
      parts: [],
      uncovered: a.uncovered,
    });
    const part = (kind: SectionKind): Resolution => {
      const sections = this.knowledge.sections.filter((x) => x.kind === kind);
      // A part of one section (the outlook) is that section.
      if (sections.length === 1) return section((sections[0] as Section).id);
      return { kind: 'part', others: [], parts: [kind], uncovered: a.uncovered };
    };
    // The best section, or with "besides…", the next one of the same part.
    const pick = (ids: string[]): Resolution => {
      let first = this.section(ids[0] as string) as Section;
      // Unless the case city is asked about, the strategy comes before the case that illustrates it.
      const strategy =
        first.kind === 'case' && !has('case') ? this.counterpart(first, 'strategy') : undefined;
      if (strategy && ids.includes(strategy)) first = this.section(strategy) as Section;
      if (!has('besides'))
        return section(
          first.id,
          ids.filter((id) => id !== first.id),
        );
      const siblings = this.knowledge.sections.filter((x) => x.kind === first.kind && x.id !== first.id);
      return siblings[0]
        ? section(
            siblings[0].id,
            siblings.slice(1).map((x) => x.id),
          )
        : section(first.id);
    };

    // A quotation of the article's own words: the section it comes from.
    const quoted = a.text.length <= 120 ? this.quotedSection(a.text) : undefined;
    if (quoted) return section(quoted);

    // About the article itself: which city, what evidence, who wrote it, did it work.
    if (has('city') && !subject) return section('about.case-city', ['case.outcome']);
    // "文中的某市是不是鹤岗？": a real place put to the unnamed case city.
    if (a.asks.length === 1 && a.asks[0] === 'case' && !subject && a.names.length > 0 && !has('quantity'))
      return section('about.case-city', ['case.outcome']);
    // "这些对策是根据什么提出的", "are the causes backed by data?": what the article rests on.
    if (!subject && has('evidence') && !has('quantity') && !has('compare')) return section('about.evidence');
    if (!subject && a.asks.length === 0) {
      if (has('evidence')) return section('about.evidence');
      if (has('article')) return section('about.article', ['overview']);
    }
    if (
      has('outcome') &&
      !has('compare') &&
      (!subject || a.asks.includes('case')) &&
      a.asks.every((k) => k !== 'cause') &&
      !(a.asks.length >= 2 && this.askedSeparately(a))
    )
      return section('case.outcome', ['case.industry']);
    // A figure about the case city or about nothing the article discusses: the article gives none.
    const figure = has('quantity') && a.uncovered.length > 0 && a.asks.every((k) => k === 'case');
    // "光速是多少" asks a figure about something else entirely: nothing, and say what.
    if (figure && !subject && a.asks.length === 0 && (missing.length > 0 || !topical))
      return { ...none, uncovered: [...a.uncovered, ...missing] };
    if (figure && (!subject || !this.finds(query, a.asks.length > 0 ? a.asks : undefined)))
      return section('about.evidence');
    if (has('opening') && !subject && a.asks.length === 0) return section('overview', ['about.article']);

    // Follow-ups: a question with no subject of its own continues the last answer.
    if (previous && !subject && !topical) {
      const followed = this.followUp(a, previous, has);
      if (followed) return { ...followed, uncovered: a.uncovered };
    }

    // A question about a topic the article never discusses, asking nothing of the article.
    // (with the question's other unknown nouns: "remote work and digital nomads")
    // When the question also names something the article does discuss ("rising production costs,
    // and automation?"), the sections it shares words with are offered, not answered.
    if (a.topics.length > 0 && a.asks.length === 0)
      return {
        ...none,
        others: subject ? this.search(query).slice(0, 3) : [],
        uncovered: [...a.uncovered, ...a.unknown.filter((w) => !isCommonChinese(normalize(w)))],
      };

    const asks = this.mainAskFirst(
      a,
      has,
      a.asks.length > 0
        ? a.asks
        : a.weakHow && (topical || (subject && this.finds(query)))
          ? (['strategy'] as PartKind[])
          : [],
    );

    // Question words about something else entirely ("recommend a good laptop"): nothing.
    const aboutUs = has('city') || has('evidence') || has('article') || has('outcome') || has('reference');
    if (!subject && !topical && missing.length > 0 && !aboutUs && !previous)
      return { ...none, uncovered: [...a.uncovered, ...missing] };

    // Several parts asked for: side by side.
    const compared = this.compared({ ...a, asks }, query, has);
    const uncovered = [...a.uncovered, ...missing];
    if (compared.length >= 2) return { kind: 'compare', others: [], parts: compared, uncovered };
    // "经济因素跟政策因素比，哪个更重要": sections of one part compared, named by title.
    if (asks.length === 0 && has('compare') && subject) {
      const found = this.search(query).map((id) => this.section(id)?.kind);
      const kind = found[0];
      if (
        kind &&
        found.filter((k) => k === kind).length >= 2 &&
        (PART_KINDS as readonly string[]).includes(kind)
      )
        return { kind: 'compare', others: [], parts: [kind], uncovered };
    }
    // Sections of one part compared with each other: that part, side by side.
    if (asks.length === 1 && has('compare') && (!subject || this.search(query, asks).length >= 2))
      return { kind: 'compare', others: [], parts: asks, uncovered };

    if (asks.length >= 1) {
      const ask = asks[0] as PartKind;
      if (!subject) return { ...part(ask), uncovered };
      const within = this.search(query, [ask]);
      // "Why do young people leave 抚顺?": the article says nothing of that place, only why
      // people leave such cities in general — every cause.
      if (ask === 'cause' && within.length > 0 && a.names.length > 0) return { ...part('cause'), uncovered };
      // The best of the asked part (searching every part only where that could change it)…
      if (within.length > 0 && ask !== 'cause') return pick(within);
      const any = this.search(query);
      const best = any[0] ? this.section(any[0]) : undefined;
      // …unless a why-question matches a cause only weakly and an effect is what it is about
      // ("为什么说劳动力短缺是巨大挑战" is about the labour effect).
      const weak = within.length > 0 && any.length > 0 && !any.includes(within[0] as string);
      if (within.length > 0 && !(weak && best && best.kind === 'effect')) return pick(within);
      if (best) {
        // "What can be done about falling house prices": the effect, which names the strategies that answer it.
        if (ask === 'strategy' && (best.kind === 'effect' || best.kind === 'cause')) {
          // "What does it propose to fix the economic causes?": the strategies linked to that cause.
          const linked = best.measures.flatMap((m) => (m.section ? [m.section] : []));
          // "Does it propose any measure for the hukou system?": where our note on the section says
          // what the article proposes nothing for, and no measure of it speaks of what is asked,
          // the section with that note is the answer.
          if (best.note && !this.measuresSpeakOf(best, query)) return section(best.id, linked);
          if (linked[0]) return section(linked[0], [...linked.slice(1), best.id]);
          return section(best.id, any.slice(1));
        }
        // "户籍制度怎样影响人口流动" asks about a cause, whatever the verb.
        if (ask === 'effect' && best.kind === 'cause') return section(best.id, any.slice(1));
        // "What did the case city do for X": the case of that strategy; where the case study has
        // none ("did it also build a smart city?"), the strategy, whose reply says so.
        if (ask === 'case' && best.kind === 'strategy') {
          const example = this.counterpart(best, 'case');
          return example ? section(example, [best.id]) : section(best.id);
        }
        // "Why are labour-intensive industries hit hardest?": the effect explains itself.
        if (ask === 'cause' && best.kind === 'effect') return section(best.id, any.slice(1));
        if (ask === 'strategy' && best.kind === 'case') {
          const strategy = this.counterpart(best, 'strategy');
          if (strategy) return section(strategy, [best.id]);
        }
        if (best.kind === 'overview' || best.kind === 'outlook' || best.kind === 'about')
          return section(best.id, any.slice(1));
      }
      return part(ask);
    }

    if (has('definition') && !subject) return topical ? section('overview') : this.withUnknown(a, none);
    if (!subject) {
      if (has('more') && previous?.main) return section(previous.main);
      return topical ? section('overview') : this.withUnknown(a, none);
    }
    // "那教育医疗呢" after the case city's industry: the same part first.
    const previousKind = previous?.main ? this.section(previous.main)?.kind : previous?.parts[0];
    if (previous && previousKind && has('followup')) {
      const same = this.search(query, [previousKind]);
      if (same.length > 0) return pick(same);
    }
    const any = this.search(query);
    if (any.length > 0) return pick(any);
    if (previous && has('followup')) {
      const followed = this.followUp(a, previous, has);
      if (followed) return { ...followed, uncovered: a.uncovered };
    }
    // Asked about the article itself, with words it does not use ("cite this piece … venue?"): our note.
    if (has('article')) return section('about.article', ['overview']);
    if (has('evidence')) return section('about.evidence');
    return this.withUnknown(a, topical ? section('overview') : none);
  }

  /** The section whose text holds a passage the question quotes (「孕育着新的机遇」, "…"). */
  private quotedSection(text: string): string | undefined {
    for (const m of text.matchAll(/[「『“"']([^「」『』“”"']{4,80})[」』”"']/g)) {
      const passage = (m[1] as string).replace(/[\s，,。.]+$/, '');
      const hit = this.knowledge.sections.find(
        (s) =>
          !s.editorial &&
          (normalize(s.text['zh-Hans']).includes(passage) || normalize(s.text.en).includes(passage)),
      );
      if (hit) return hit.id;
    }
    return undefined;
  }

  /** Parts asked for together: "原因和对策", "compare the strategies with what the city did". */
  private compared(a: Analysis, query: string, has: (k: CueKind) => boolean): PartKind[] {
    if (a.asks.length < 2) return [];
    // Two parts are asked together only when the question joins them ("原因和对策", "causes
    // and remedies") or compares them; "what measures did the case city take" asks one thing.
    if (!has('compare') && !this.joined(a)) return [];
    // "为什么房价会下跌": a why-question about one effect is a question about its causes, not both parts.
    if (!has('compare') && query !== '' && a.asks.length === 2 && !this.askedSeparately(a)) {
      const within = a.asks.map((k) => this.finds(query, [k]));
      if (within.filter(Boolean).length <= 1) return [];
    }
    return a.asks;
  }

  /**
   * Of two part words not joined as two questions, the one the question is about:
   * "why are labour-intensive industries hit hardest?" asks about an effect, "what measures
   * did the case city take?" about the case.
   */
  private mainAskFirst(a: Analysis, has: (k: CueKind) => boolean, asks: PartKind[]): PartKind[] {
    if (asks.length < 2 || has('compare') || this.joined(a)) return asks;
    const first = (k: PartKind) => [k, ...asks.filter((x) => x !== k)];
    if (asks[0] === 'cause' && asks.includes('effect')) return first('effect');
    if (asks.includes('case') && asks.includes('strategy')) return first('case');
    return asks;
  }

  /** The question's part words are joined by "and", 和, a comma… rather than one modifying the other. */
  private joined(a: Analysis): boolean {
    const spans = partCues(a);
    for (let i = 1; i < spans.length; i++) {
      const between = a.text.slice((spans[i - 1] as PartCue).end, (spans[i] as PartCue).index);
      if (JOIN.test(between)) return true;
    }
    return this.askedSeparately(a);
  }

  /**
   * Parts asked in questions of their own: "会造成哪些影响？文章建议采取哪些对策？" asks two
   * things, as "原因和对策" does (a long report-style question usually asks this way).
   */
  private askedSeparately(a: Analysis): boolean {
    const spans = partCues(a);
    // Two parts on either side of a question mark…
    for (let i = 1; i < spans.length; i++) {
      const [before, after] = [spans[i - 1], spans[i]] as [PartCue, PartCue];
      if (before.kind !== after.kind && /[?？]/.test(a.text.slice(before.index, after.index))) return true;
    }
    // …or two question sentences asking for different parts ("原因有哪几类？针对这些原因，
    // 提出了哪些对策？", where the second names the first's part again).
    const asked = new Set<string>();
    let from = 0;
    for (const sentence of a.text.split(/(?<=[?？])/)) {
      const to = from + sentence.length;
      const kinds = [...new Set(spans.filter((s) => s.index >= from && s.index < to).map((s) => s.kind))];
      if (kinds.length > 0) asked.add(kinds.join(','));
      from = to;
    }
    return asked.size >= 2;
  }

  private followUp(a: Analysis, previous: Topic, has: (k: CueKind) => boolean): Resolution | undefined {
    const ask = a.asks[0];
    const main = previous.main ? this.knowledge.byId.get(previous.main) : undefined;
    const base = { others: [] as string[], uncovered: [] as string[] };
    // "第三条展开说说", "the second one": that section of the part just listed.
    const nth = ordinal(a.text);
    const listed = previous.parts[0];
    if (nth !== undefined && listed && !ask) {
      const sections = this.knowledge.sections.filter((x) => x.kind === listed);
      const chosen = nth < 0 ? sections[sections.length - 1] : sections[nth];
      if (chosen) return { ...base, kind: 'section', main: chosen.id, parts: [] };
    }
    // "第二条详细说说" after a section and its other matches: that one of the list, main first.
    if (nth !== undefined && !listed && !ask && previous.main && previous.others?.length) {
      const shown = [previous.main, ...previous.others];
      const chosen = nth < 0 ? shown[shown.length - 1] : shown[nth];
      if (chosen) return { ...base, kind: 'section', main: chosen, parts: [] };
    }
    if (has('more') && !ask) {
      if (main) return { ...base, kind: 'section', main: main.id, parts: [] };
      if (previous.parts.length > 0) return { ...base, kind: previous.kind, parts: previous.parts };
    }
    if (has('besides') && main) {
      const siblings = this.knowledge.sections.filter((s) => s.kind === main.kind && s.id !== main.id);
      const first = siblings[0];
      if (first)
        return {
          ...base,
          kind: 'section',
          main: first.id,
          others: siblings.slice(1).map((s) => s.id),
          parts: [],
        };
    }
    // "为啥？" after an effect or a note about the article: that section is the explanation.
    if (ask === 'cause' && (main?.kind === 'effect' || main?.kind === 'about'))
      return { ...base, kind: 'section', main: main.id, parts: [] };
    // "有具体例子吗" after a cause: the examples are that section's own (户籍, 教育政策).
    const examplesOnly = (a.cues.get('case') ?? []).every((f) => EXAMPLE_WORDS.test(f.phrase));
    if (ask === 'case' && examplesOnly && main && main.kind !== 'strategy' && main.kind !== 'case')
      return { ...base, kind: 'section', main: main.id, parts: [] };
    if (ask && main) {
      const other = ask === 'case' || ask === 'strategy' ? this.counterpart(main, ask) : undefined;
      if (other) return { ...base, kind: 'section', main: other, others: [main.id], parts: [] };
      // "Which strategy answers that?", "针对这个的对策是哪个" after a cause or an effect: the
      // strategies its measures link to ("那政府能做什么" still asks for all of them).
      const linked =
        ask === 'strategy' && WHICH_ONE.test(a.text)
          ? main.measures.flatMap((m) => (m.section ? [m.section] : []))
          : [];
      if (linked[0])
        return {
          ...base,
          kind: 'section',
          main: linked[0],
          others: [...linked.slice(1), main.id],
          parts: [],
        };
      // "Did the city do this too?" of a strategy the case study lacks: the strategy says so.
      if (ask === 'case' && main.kind === 'strategy')
        return { ...base, kind: 'section', main: main.id, parts: [] };
    }
    if (ask) {
      const only = this.knowledge.sections.filter((x) => x.kind === ask);
      if (only.length === 1) return { ...base, kind: 'section', main: (only[0] as Section).id, parts: [] };
      return { ...base, kind: 'part', parts: [ask] };
    }
    return undefined;
  }

  private withUnknown(a: Analysis, r: Resolution): Resolution {
    return { ...r, uncovered: [...r.uncovered, ...a.unknown] };
  }

  /** Whether a word of `query` is in what the section's measures say, or the clauses they rest on. */
  private measuresSpeakOf(section: Section, query: string): boolean {
    const said = normalize(
      section.measures
        .flatMap((m) => [m.text['zh-Hans'], m.text.en, m.restsOn?.['zh-Hans'] ?? '', m.restsOn?.en ?? ''])
        .join('\n'),
    );
    return query.split(' ').some((w) => w.length > 0 && said.includes(w));
  }

  /** The strategy a case section illustrates, or the case section of a strategy. */
  private counterpart(section: Section, kind: 'case' | 'strategy'): string | undefined {
    const area = section.id.split('.').slice(1).join('.');
    const id = `${kind}.${area}`;
    return area && this.knowledge.byId.has(id) ? id : undefined;
  }

  private section(id: string): Section | undefined {
    return this.knowledge.byId.get(id);
  }

  /** The searches of the question being answered, by kinds and words. */
  private readonly searches = new Map<string, string[]>();

  private search(content: string, kinds?: readonly SectionKind[]): string[] {
    if (!content.trim()) return [];
    const key = searchKey(content, kinds);
    const cached = this.searches.get(key);
    if (cached) return cached;
    const found = this.searchUncached(content, kinds);
    this.searches.set(key, found);
    return found;
  }

  /** Whether the search finds anything: the same answer as `search(...).length > 0`, without ranking. */
  private finds(content: string, kinds?: readonly SectionKind[]): boolean {
    if (!content.trim()) return false;
    const cached = this.searches.get(searchKey(content, kinds));
    if (cached) return cached.length > 0;
    return this.engine.hasResults(this.prepare(content), searchOptions(kinds));
  }

  private searchUncached(content: string, kinds?: readonly SectionKind[]): string[] {
    return this.engine.search(this.prepare(content), searchOptions(kinds)).results.map((r) => r.id);
  }

  /** The question's search words, read once however many ways they are searched. */
  private readonly prepared = new Map<string, PreparedQuery>();

  private prepare(content: string): PreparedQuery {
    let prepared = this.prepared.get(content);
    if (!prepared) {
      prepared = this.engine.prepare(content);
      this.prepared.set(content, prepared);
    }
    return prepared;
  }

  /** Content words that say what about: not filler, not the subject itself, not everyday words. */
  private specificTerms(content: string): string[] {
    const stripped = content.replace(TOPIC_WORDS, ' ');
    const terms: string[] = [];
    for (const run of stripped.matchAll(/\p{Script=Han}+|[\p{L}\p{N}][\p{L}\p{N}'’]*/gu)) {
      const word = run[0];
      if (HAN.test(word)) {
        for (const w of tagChinese(word)) {
          if (
            w.word.length >= 2 &&
            !FILLER_TAGS.has(w.tag) &&
            !this.lexicon.everyday.has(w.word) &&
            !CHINESE_FILLER.test(w.word)
          )
            terms.push(w.word);
        }
      } else if (
        word.length > 2 &&
        !ENGLISH_FUNCTION.test(word) &&
        !ENGLISH_FILLER.test(word) &&
        !this.lexicon.everyday.has(word)
      ) {
        terms.push(word);
      }
    }
    return terms;
  }

  private isTopical(text: string): boolean {
    // search, not test: a global regex's test leaves lastIndex behind for the next caller.
    return text.search(TOPIC_WORDS) >= 0;
  }
}

const PART_NUMBER =
  /第\s*([一二三四1-4])\s*(?:部分|部份|章|节|大点|大部分)|\b(?:part|section|chapter)\s+(?:([1-4])|(one|two|three|four))\b/;
const NUMBERED_PARTS: Readonly<Record<string, CueKind>> = {
  一: 'effect',
  1: 'effect',
  one: 'effect',
  二: 'cause',
  2: 'cause',
  two: 'cause',
  三: 'strategy',
  3: 'strategy',
  three: 'strategy',
  四: 'case',
  4: 'case',
  four: 'case',
};

/** Questions about the article that our notes answer, by the cue that asks them. */
const ALSO_ASKED: readonly (readonly [CueKind, string])[] = [
  ['city', 'about.case-city'],
  ['evidence', 'about.evidence'],
];

/** Asking for the one that matches: "which strategy", "哪个对策", "针对这个的". */
const WHICH_ONE = /\bwhich\b|哪|边个|对应|针对/;

type PartCue = Found & { kind: PartKind };

/** The question's words for the parts, in the order written (the opening's words for the overview). */
function partCues(a: Analysis): PartCue[] {
  return PART_KINDS.flatMap((kind) =>
    (a.cues.get(kind === 'overview' ? 'opening' : kind) ?? []).map((f) => ({ ...f, kind })),
  ).sort((x, y) => x.index - y.index);
}

/** Comparatives that ask which is more only when the question offers a choice (CHOICE). */
const BARE_COMPARATIVE =
  /^(?:bigger|worse|more important|更大|影响更大|更严重|比较大|影响比较大|比较严重|大啲|更重要)$/;
const CHOICE =
  /哪|还是|或者|或是|边个|\b(?:or|which|than|versus|vs|compared)\b|比起|相比|(?:跟|和|与|同).{0,15}比/;

/** A capitalised word after a word, a comma or a quote, as names are written ("Flint", "Youngstown"). */
const CAPITALISED = /(?<=[\p{L}\p{N},;:'"“(\s][ \t]*)\b\p{Lu}[\p{L}'’-]+/gu;

/** Text ending where a sentence ends: "e.g. Oswalt", "vs. Detroit" go on with the sentence. */
const SENTENCE_START = /(?<!\b(?:e\.g|i\.e|etc|vs|cf|incl|esp|approx))[.!?]\s*$/i;

/** The reader speaking of themselves: 我, 我们, 老家, my, we… */
const FIRST_PERSON = /我|咱|俺|老家|家乡|屋企|\b(?:i|i'm|i've|my|me|we|our|us)\b/;

/** Case cues that only ask for an example, not for the case city. */
const EXAMPLE_WORDS = /^(?:例子|实例|举例|举个例子|example|examples|for example)$/;

/** Past this many characters a question is mostly the reader's own story. */
const LONG_QUESTION = 120;
/** jieba's tags for 了, 过, 着 after a verb. */
const ASPECT_TAGS = new Set(['ul', 'ug', 'uz']);
/** Time words that name a time: a year, decade, month or day, or a season of years. */
const DATE_WORD = /[\d〇零一二三四五六七八九十百千年月日代纪季]|去年|前年|今年|明年|后年|当年|近年/;
/** Two to five capitals on their own (Latin letters only: 5G is no acronym). */
const ACRONYM = /(?<![\p{Script=Latin}\p{N}])[A-Z]{2,5}(?![\p{Script=Latin}\p{N}])/gu;
/** The longest stretch of unsegmented characters searched for a slip. */
const MAX_SLIP_STRETCH = 16;
const CAUSES_OUTFLOW =
  /(?:造成|导致|引起|引发|促使|带动|加剧|影响)(?:了)?(?:人口|年轻人|人才|人)(?:的)?(?:流动|外流|流出|流失|外移|迁移|离开|净流出)|对[^，。？?！!]{0,8}?(?:人口|年轻人|人才)(?:的)?(?:流动|外流|流出|流失|外移|迁移|净流出)(?:有|有没有|有无|有什么|会有|产生|带来)(?:什么)?(?:影响|作用)|\b(?:cause|causes|drive|drives|driving|push|pushes|lead to|leads to)\s+(?:people|young people|residents|outmigration|the exodus|population (?:loss|decline|outflow))/;
const PLACE_WORD = /^(?![某该那这哪每本全各一个城都大小])\p{Script=Han}{1,3}[市县省州镇]$/u;
const PLACE_NOT = /^(?:城市|都市|超市|股市|楼市|房市|上市|门市|夜市|街市|市县|城镇|乡镇|小镇|县市)$/;

const TOPIC_WORDS =
  /人口净流出的城市|人口净流出城市|人口净流出|人口(?:会|都|一直|不断|持续|越来越)?(?:减少|下降|变少|萎缩|外流|流出|流失|外移)|净流出|人口迁移|人口流动|\b(?:shrinking|declining|depopulating) (?:cities|city|towns?)\b|\b(?:net )?(?:population )?outflow\b|\bpopulation (?:loss|decline)\b|\bdepopulation\b|\boutmigration\b|\bexodus\b|\blosing (?:population|people|residents)\b|搬走|搬离|走光|走晒|吸引人(?:口)?(?:回来|回流|返嚟|返来|回去|返去)|\b(?:people|residents|young people|youth) (?:leave|left|leaving|move away|moved away|moving away|move out|moved out)\b/g;
const FILLER_TAGS = new Set([
  'r',
  'p',
  'c',
  'u',
  'uj',
  'ul',
  'uz',
  'ug',
  'uv',
  'ud',
  'y',
  'e',
  'o',
  'd',
  'x',
  'w',
  'zg',
  'q',
  'm',
  'f',
  'k',
  'h',
]);
const CHINESE_FILLER =
  /^(?:问题|没有|认为|什么|是什么|什么样|为什么|哪些|哪个|有没有|是不是|可以|能够|请问|一下|我想|想知道|告诉我|关于|有关|讲讲|说说|介绍|我们|你们|他们|一直|真的|其实|觉得|知道|应该|还是|还有|就是|这样|那样|怎么样|有啥|有何|是否|会不会|能不能|大不大|多不多|吗|呢|一些|这些|那些|所以|但是|而且|如果|因为|然后|提到|说的|指的|算是|属于|包括|主要|方面|具体|地方|城市|事情|有关系|关系|帮忙|总结|一起|归纳|简单|可能|需要|出现|发生|变得|变成|越来越|特别|尤其|比较|情况|现象)$/;
const ENGLISH_FILLER =
  /^(?:use|uses|used|using|rely|relies|based|draw|draws|drawn|lose|loses|lost|losing|gain|gains|most|least|wondering|wonder|curious|back|claims|support|supports|show|shows|up|don't|doesn't|didn't|isn't|aren't|tell|explain|describe|say|says|said|mention|mentions|mentioned|discuss|discusses|discussed|talk|talks|give|gives|list|summarise|summarize|summary|according|account|accounts|describes|described|depict|depicts|portray|portrays|piece|answer|answers|answered|adopt|adopts|adopted|implement|implements|implemented|high|higher|low|lower|identify|identifies|identified|put|puts|forward|purely|alongside|address|addresses|addressed|tackle|tackles|tackled|article|piece|text|paper|author|does|doing|done|make|makes|made|get|gets|go|goes|going|happen|happens|happened|think|thinks|know|want|need|please|thanks|thank|here|there|mainly|main|actually|really|exactly|specifically|particularly|generally|overall|anything|something|everything|nothing|people|city|cities|town|towns|place|places|claim|claims|claimed|treat|treated|see|sees|seen|suggest|suggests|propose|proposes|proposed|part|parts|point|points|way|ways|kind|kinds|role|play|plays|lead|leads|leave|leaves|leaving|left|move|moves|moving|moved|like|such|other|others|each|every|first|then|than|into|onto|over|under|after|before|while|because|since|still|even|only|both|either|neither|whether|if|else)$/;

function cut(text: string, spans: readonly Found[]): string {
  // Spans index UTF-16 code units; rebuild by slicing the string instead of by code points.
  let out = '';
  let at = 0;
  for (const s of [...spans].sort((x, y) => x.index - y.index)) {
    if (s.index < at) {
      at = Math.max(at, s.end);
      continue;
    }
    out += `${text.slice(at, s.index)} `;
    at = s.end;
  }
  return (out + text.slice(at)).replace(/\s+/g, ' ').trim();
}

const JOIN =
  /和|与|跟|及|以及|还有|同|并且|而且|到|再到|、|,|，|;|；|\+|&|→|->|或|\band\b|\bthen\b|\balso\b|\bor\b|\bversus\b|\bvs\b|\balongside\b|\balong with\b|\btogether with\b|\bas well as\b/;

const ORDINALS: Readonly<Record<string, number>> = {
  一: 0,
  二: 1,
  三: 2,
  四: 3,
  五: 4,
  六: 5,
  1: 0,
  2: 1,
  3: 2,
  4: 3,
  5: 4,
  6: 5,
};
const ENGLISH_ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];

/** "第三条", "第2个", "the third one", "number 2": a zero-based position. */
function ordinal(text: string): number | undefined {
  const zh = /第\s*([一二三四五六1-6])\s*(?:条|个|项|点|种|部分|节|段)?/u.exec(text);
  if (zh) return ORDINALS[zh[1] as string];
  if (/最后一[个条项点种]|\blast one\b|\bthe last\b/.test(text)) return -1;
  const en = /\b(first|second|third|fourth|fifth|sixth)\b|\b(?:number|no\.?|#)\s*([1-6])\b/.exec(text);
  if (en?.[1]) return ENGLISH_ORDINALS.indexOf(en[1]);
  if (en?.[2]) return ORDINALS[en[2]];
  return undefined;
}

/** Kinds whose short Chinese cues also occur inside longer words: 数字化, 创新驱动, 影响力. */
const WORD_BOUND_CUES: readonly CueKind[] = ['quantity', 'cause', 'effect', 'strategy', 'outlook'];

/** The text with these clauses taken out. */
function without(text: string, clauses: readonly string[]): string {
  // A sentence's end stays: what follows is a sentence of its own ("…卖不出去。我想问…" keeps its 。).
  return clauses.reduce(
    (rest, clause) => rest.replace(clause, /[。！!？?\n]\s*$/.test(clause) ? ' 。' : ' '),
    text,
  );
}

/**
 * Cue matches that do not ask what they seem to, taken out of `cues` in place; returns those
 * that are no content word either (to be cut from the question's content).
 */
function refineCues(
  cues: Map<CueKind, Found[]>,
  text: string,
  bounds: ReadonlySet<number>,
  story: readonly (readonly [number, number])[],
): Found[] {
  const keep = (kind: CueKind, test: (f: Found) => boolean) => {
    const kept = (cues.get(kind) ?? []).filter(test);
    if (kept.length > 0) cues.set(kind, kept);
    else cues.delete(kind);
  };
  // The story's sentences ask nothing (all but the article named and the follow-up words).
  if (story.length > 0)
    for (const kind of [...cues.keys()])
      if (kind !== 'reference' && kind !== 'followup')
        keep(kind, (f) => !story.some(([from, to]) => f.index >= from && f.index < to));
  const isWord = (f: Found) => bounds.has(f.index) && bounds.has(f.end);
  for (const kind of WORD_BOUND_CUES)
    keep(kind, (f) => !HAN.test(f.phrase) || f.phrase.length > 2 || isWord(f));
  // A one-character evidence word is a word of its own (有图吗), not part of another (截图, 地图).
  keep('evidence', (f) => f.phrase.length > 1 || !HAN.test(f.phrase) || isWord(f));
  // "我可以怎么引用": a how that is part of asking about the article (怎么引用) asks no strategy.
  const aboutArticle = cues.get('article') ?? [];
  keep('strategy', (f) => !aboutArticle.some((g) => g.index < f.end && f.index < g.end));
  // "我们吵了半天没结论": a conclusion the reader did not reach asks nothing of the article's,
  // and is no content word either.
  const negated = (cues.get('outlook') ?? []).filter((f) => /(?:没有?|无)$/.test(text.slice(0, f.index)));
  keep('outlook', (f) => !negated.includes(f));
  // "受影响更大", "bigger cities": a bare comparative compares or ranks only between choices
  // ("哪个影响更大", "X or Y, which is worse", "bigger than").
  if (!CHOICE.test(text))
    for (const kind of ['compare', 'ranking'] as const) keep(kind, (f) => !BARE_COMPARATIVE.test(f.phrase));
  return negated;
}

/** The quantity phrase with what it counts: "薪资大概多少", "多少人", "how many people". */
function quantityPhrase(text: string, f: Found): string {
  const after = text.slice(f.end);
  const han = /^\p{Script=Han}{0,2}/u.exec(after)?.[0] ?? '';
  if (HAN.test(f.phrase)) {
    // What is counted usually comes first: 薪资大概多少, 人口减少了百分之多少.
    const before =
      text
        .slice(Math.max(0, f.index - 12), f.index)
        .split(/[的是有在和与跟，。？！?!,\s]/)
        .pop() ?? '';
    // Back to the nearest noun: 补贴一般给多少, 薪资大概多少, 人口减少了百分之多少.
    const words = before ? tagChinese(before) : [];
    let from = words.length;
    for (let i = words.length - 1; i >= 0 && words.length - i <= 4; i--) {
      from = i;
      if ((words[i] as { tag: string }).tag.startsWith('n')) break;
    }
    const lead = words
      .slice(from)
      .map((w) => w.word)
      .join('');
    return lead + f.phrase + (/^[人个钱]/.test(han) ? han.slice(0, 1) : '');
  }
  // What is counted: the words after it up to the first noun, in compromise's dictionary
  // ("how many new jobs", "how much money"), at most three.
  const next = (/^(?:\s+[a-z][a-z'-]*){1,3}/.exec(after)?.[0] ?? '').trim().split(/\s+/).filter(Boolean);
  const taken: string[] = [];
  const tags = lexiconTags(next);
  for (let i = 0; i < next.length; i++) {
    const word = next[i] as string;
    if (ENGLISH_FUNCTION.test(word)) break;
    taken.push(word);
    if (tags[i]?.includes('Noun') || !tags[i]?.includes('Adjective')) break;
  }
  return [f.phrase, ...taken].join(' ');
}

function searchKey(content: string, kinds?: readonly SectionKind[]): string {
  return `${kinds?.join(',') ?? ''}|${content}`;
}

/** The question engine searches only words the base knows, as spelled: no typo tolerance needed. */
function searchOptions(kinds?: readonly SectionKind[]): SearchOptions {
  return kinds ? { limit: 6, kinds, exact: true } : { limit: 6, exact: true };
}

/**
 * [start, end) of the sentences that only tell the reader's story, when some sentence asks:
 * those that speak of the reader (我, my), not of the article, ask nothing (no question mark,
 * request or wish) and list no points to cover. Empty when no sentence asks.
 */
function storySentences(text: string): (readonly [number, number])[] {
  const sentences = sentenceSpans(text);
  const asks = (s: string) => ENDS_ASKING.test(s) || REQUEST.test(s);
  if (!sentences.some(([from, to]) => asks(text.slice(from, to)))) return [];
  const story = (s: string) =>
    !asks(s) && FIRST_PERSON.test(s) && !ARTICLE_WORD.test(s) && !ENUMERATION.test(s);
  return sentences.filter(([from, to]) => story(text.slice(from, to)));
}

/** Asking without a question mark: a request (请问, could you, please) or a wish (我想, I'd like). */
const REQUEST =
  /请问|想问|想知道|想了解|请教|麻烦|能不能|可不可以|帮我|告诉我|我需要|我想|我要|我希望|想将|想把|\b(?:could|can|would) you\b|\bplease\b|\bi(?:'d| would) like\b|\bi (?:need|want|hope) to\b|\btell me\b|\bi need\b|\bi want\b/i;

/** The article itself, named: 文章, 这篇, 原文, the article, this piece… */
const ARTICLE_WORD =
  /文章|这篇|本文|原文|文中|作者|\b(?:the|this) (?:article|piece|text|paper)\b|\bthe author\b|\bit (?:says|argues|claims)\b/;

/** Points the reader lists to cover: 第一…第二, 一方面…另一方面, 首先, (1), first… */
const ENUMERATION =
  /第[一二三四1-4]|一方面|另一方面|首先|其次|再者|最后|[(（][1-9一二三][)）]|\b(?:first|second|third|firstly|secondly)\b/;

/**
 * [start, end) of each sentence, in one pass: up to a full stop, ! or ? (either width) or a line
 * break, and in English up to a full stop before a space ("…since 2010. I'd like…"). A run of
 * such marks ends one sentence.
 */
function sentenceSpans(text: string): (readonly [number, number])[] {
  const spans: (readonly [number, number])[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const stop = ch === '.' && /\s/.test(text[i + 1] ?? '') && /[\p{L}\p{N})]/u.test(text[i - 1] ?? '');
    if (!SENTENCE_END.has(ch) && !stop) continue;
    while (SENTENCE_END.has(text[i + 1] ?? '')) i++;
    if (text.slice(start, i + 1).trim()) spans.push([start, i + 1]);
    start = i + 1;
  }
  if (text.slice(start).trim()) spans.push([start, text.length]);
  return spans;
}

/** [start, end) of each sentence that ends in a question mark. */
function questionSentences(text: string): (readonly [number, number])[] {
  return sentenceSpans(text).filter(([from, to]) => ENDS_ASKING.test(text.slice(from, to)));
}

const SENTENCE_END = new Set(['。', '！', '!', '？', '?', '\n']);
/** A sentence's closing marks include a question mark. */
const ENDS_ASKING = /[?？][。！!？?\n]*\s*$/;

function differsByOne(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  return diff === 1;
}

function dedupe(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const item of list) {
    const n = normalize(item);
    if (!n || out.some((o) => normalize(o).includes(n))) continue;
    for (let i = out.length - 1; i >= 0; i--) if (n.includes(normalize(out[i] as string))) out.splice(i, 1);
    out.push(item.trim());
  }
  return out;
}

/**
 * The question's own spelling of a phrase found in its normal form (台南 in 臺南's place,
 * "Detroit" for "detroit"): the substring of the original that normalises to it.
 */
const charForms = new Map<string, string>();

/** One character's normal form, remembered: a long question repeats most of its characters. */
function normalizeChar(ch: string): string {
  let n = charForms.get(ch);
  if (n === undefined) {
    n = normalize(ch);
    if (charForms.size < 20_000) charForms.set(ch, n);
  }
  return n;
}

/** Code points, not UTF-16 units: what a reader counts as characters. */
function codePointCount(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The question being answered, normalised a character at a time (asWritten): one question's only. */
let lastSpelling: { original: string; chars: string[]; joined: string; from: number[] } | undefined;

function asWritten(original: string, phrase: string): string {
  const target = normalize(phrase);
  if (lastSpelling?.original !== original) {
    const chars = [...original];
    // Normalise one character at a time, keeping where each came from.
    let joined = '';
    const from: number[] = [];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i] as string;
      const n = /\s/.test(ch) ? ' ' : normalizeChar(ch);
      for (let k = 0; k < n.length; k++) from.push(i);
      joined += n;
    }
    lastSpelling = { original, chars, joined, from };
  }
  const { chars, joined, from } = lastSpelling;
  const at = joined.indexOf(target);
  if (at < 0) return phrase;
  const start = from[at] as number;
  const end = (from[at + target.length - 1] as number) + 1;
  return chars.slice(start, end).join('').trim();
}
