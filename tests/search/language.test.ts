import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWords, jiebaTag, tagChinese } from '../../src/search/language.js';
import { loadAskSet } from '../eval/ask-evaluate.js';

const asPairs = (words: { word: string; tag: string }[]) => words.map((w) => `${w.word}/${w.tag}`);

describe('tagChinese', () => {
  it('tags every evaluation question and the article exactly as jieba does', () => {
    // Words added at run time (the lexicon's) are nouns, unless jieba's dictionary has them (包括 stays v).
    addWords(['找头路', '人口净流出', '包括']);
    const article = readFileSync(
      new URL('../../knowledge/source/article.zh-Hans.txt', import.meta.url),
      'utf8',
    );
    const texts = [
      ...(['tune', 'tune2', 'tune3', 'tune4', 'tune5', 'test'] as const).flatMap((s) =>
        loadAskSet(s).map((q) => q.q),
      ),
      ...article.split('\n'),
      '找头路很难，人口净流出，包括这些',
    ];
    for (const text of texts) expect(asPairs(tagChinese(text)), text).toEqual(asPairs(jiebaTag(text)));
  });

  it('agrees with jieba on any text: letters, digits, symbols, Han', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'人口流出城市发展2020年abcXYZ09 ，,。.%伊春鹤岗了的是Ａ１'.split('')),
          maxLength: 30,
        }),
        (s) => {
          expect(asPairs(tagChinese(s))).toEqual(asPairs(jiebaTag(s)));
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        expect(asPairs(tagChinese(s))).toEqual(asPairs(jiebaTag(s)));
      }),
    );
  });
});
