import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import type nlpType from 'compromise';
import type { pinyin as pinyinType } from 'pinyin-pro';

const require = createRequire(import.meta.url);
// compromise takes ~0.5 s to load and pinyin-pro ~70 ms: loaded on first use, not at start-up.
let nlp: typeof nlpType | undefined;
let pinyin: typeof pinyinType | undefined;

/**
 * The language tools behind question understanding, each a well-kept library rather
 * than rules of our own:
 * - @node-rs/jieba segments Chinese into words with part-of-speech tags (ns place,
 *   nr person, nt organisation, m number, t time), which is how a question names
 *   something the article never mentions;
 * - pinyin-pro reads characters by sound, to repair input-method slips (为神么 → 为什么);
 * - compromise finds English places, people, organisations and nouns.
 */

export interface TaggedWord {
  word: string;
  tag: string;
}

let jieba: Jieba | undefined;

/**
 * Each dictionary word's part-of-speech tag, as jieba's own `tag` reads it: `tag` is `cut`
 * plus this look-up, but its JS objects cost three times the segmentation itself.
 */
const tagOf = new Map<string, string>();

/**
 * jieba's dictionary, less its rare common words: loading all 349,000 entries takes
 * ~300 ms; these ~175,000 (every proper noun, and words seen 20 times or more) take
 * ~100 ms and segment questions the same way in practice.
 */
function loadJieba(): Jieba {
  const full = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  const kept = full.split('\n').filter((line) => {
    const [word, freq, tag] = line.split(' ');
    const keep = Number(freq) >= 20 || /^n[rstz]/.test(tag ?? '');
    if (keep && word && tag) tagOf.set(word, tag);
    return keep;
  });
  return Jieba.withDict(Buffer.from(kept.join('\n')));
}

/** Build the segmenter now (it is built on first use otherwise). */
export function warmUpLanguage(): void {
  jieba ??= loadJieba();
  pinyinOf('预热');
  isCommonChinese('预热');
  englishNames('Warming up in Flint.');
}

/** Words with their part-of-speech tags: exactly jieba's `tag(text, true)` (a test holds it to that). */
export function tagChinese(text: string): TaggedWord[] {
  jieba ??= loadJieba();
  return jieba.cut(text, true).map((word) => ({ word, tag: tagOf.get(word) ?? untagged(word) }));
}

/** jieba's tag for a word its dictionary lacks: m for digits, eng for other ASCII letters, else x. */
function untagged(word: string): string {
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) letters++;
  }
  if (letters + digits === 0) return 'x';
  return letters === 0 ? 'm' : 'eng';
}

/** jieba's own tagging, for the test that holds tagChinese to it. */
export function jiebaTag(text: string): TaggedWord[] {
  jieba ??= loadJieba();
  return jieba.tag(text, true);
}

const added = new Set<string>();

/**
 * Words jieba must know as words: the article's keywords and the lexicon's phrases (房市,
 * 找头路), whatever the trimmed dictionary left out.
 */
export function addWords(words: Iterable<string>): void {
  jieba ??= loadJieba();
  const fresh = [...words].filter((w) => /^\p{Script=Han}{2,8}$/u.test(w) && !added.has(w));
  if (fresh.length === 0) return;
  for (const w of fresh) {
    added.add(w);
    if (!tagOf.has(w)) tagOf.set(w, 'n');
  }
  jieba.loadDict(Buffer.from(fresh.map((w) => `${w} 2000 n`).join('\n')));
}

/** Segments without HMM new-word discovery: characters jieba has no word for stay single. */
export function cutChinese(text: string, discover = true): string[] {
  jieba ??= loadJieba();
  return jieba.cut(text, discover);
}

let common: Set<string> | undefined;

/**
 * Everyday Chinese words (整体, 事情, 政策): inverse document frequency under 7 in jieba's
 * own table. A question's everyday words are never "a topic the article does not cover".
 */
export function isCommonChinese(word: string): boolean {
  if (!common) {
    // latin1 and a line-anchored scan: ~40 ms for the 350,000-line table.
    const table = readFileSync(require.resolve('@node-rs/jieba/idf.txt'), 'latin1');
    common = new Set();
    for (const m of table.matchAll(/^(\S+) [0-6]\./gm))
      common.add(Buffer.from(m[1] as string, 'latin1').toString('utf8'));
  }
  return common.has(word);
}

/** Toneless pinyin, one syllable per character (non-Han characters stand for themselves). */
export function pinyinOf(text: string): string[] {
  pinyin ??= (require('pinyin-pro') as { pinyin: typeof pinyinType }).pinyin;
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
}

const readings = new Map<string, string>();

/**
 * Each character's own toneless reading, out of context: for characters jieba could make no
 * word of, where context has nothing to tell. Remembered per character (a few thousand at most).
 */
export function charReadings(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    let r = readings.get(ch);
    if (r === undefined) {
      r = pinyinOf(ch)[0] ?? ch;
      if (readings.size < 50_000) readings.set(ch, r);
    }
    out.push(r);
  }
  return out;
}

export interface EnglishNames {
  /** Places, people and organisations compromise recognises, as written. */
  names: string[];
  /** Nouns (the last word of each noun phrase), lower case. */
  nouns: string[];
}

export function englishNames(text: string): EnglishNames {
  nlp ??= require('compromise') as typeof nlpType;
  // compromise's lexicon and first tagging pass, not its full pipeline: nlp(text) adds a
  // pass of contextual corrections and the chunker, three times the cost, and on our
  // questions changes no name and no noun we use (the evaluation sets answer the same).
  const doc = nlp.tokenize(text).compute(['lexicon', 'preTagger', 'contractionTwo']);
  const names: string[] = [];
  const nouns: string[] = [];
  for (const sentence of doc.json() as { terms: { text: string; tags: string[] }[] }[]) {
    // Runs of terms with one tag: places, people, organisations; nouns ("does the city skip"
    // makes skip a verb).
    let name: string[] = [];
    let nameTag = '';
    let run: string[] = [];
    for (const term of sentence.terms) {
      const tag = NAME_TAGS.find((t) => term.tags.includes(t)) ?? '';
      if (tag && tag === nameTag) name.push(term.text);
      else {
        if (name.length > 0) names.push(name.join(' '));
        name = tag ? [term.text] : [];
        nameTag = tag;
      }
      const noun = term.tags.includes('Noun') && !term.tags.includes('Pronoun');
      if (noun) run.push(term.text);
      else if (run.length > 0) {
        nouns.push(run.join(' '));
        run = [];
      }
    }
    if (name.length > 0) names.push(name.join(' '));
    if (run.length > 0) nouns.push(run.join(' '));
  }
  return {
    names: names
      .map((n) =>
        n
          .replace(/[’']s$/i, '')
          .replace(/[^\p{L}\p{N}\s.-]+$/u, '')
          .trim(),
      )
      .filter((n) => n.length > 1),
    nouns,
  };
}

const NAME_TAGS = ['Place', 'Person', 'Organization'];

/** Each word's tags in compromise's dictionary alone, out of context (none for a word it lacks). */
export function lexiconTags(words: readonly string[]): string[][] {
  if (words.length === 0) return [];
  nlp ??= require('compromise') as typeof nlpType;
  const doc = nlp.tokenize(words.join(', ')).compute('lexicon');
  return (doc.json() as { terms: { tags: string[] }[] }[]).flatMap((s) => s.terms.map((t) => t.tags));
}

/**
 * Of single words, those compromise's dictionary knows as places, people or organisations
 * ("harbin", "obama"), lower case or not: its lexicon alone, without tagging in context.
 */
export function namesInLexicon(words: readonly string[]): string[] {
  const tags = lexiconTags(words);
  // One term a word, unless compromise splits one ("o'brien"): then names are not read.
  if (tags.length !== words.length) return [];
  return words.filter((_, i) => NAME_TAGS.some((t) => tags[i]?.includes(t)));
}
