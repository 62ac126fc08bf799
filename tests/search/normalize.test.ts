import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/search/normalize.js';
import { toSimplified } from '../../src/text/chinese.js';

describe('normalize', () => {
  it('folds full-width letters, digits and punctuation to ASCII (NFKC) and lower-cases', () => {
    expect(normalize('ＨＯＵＳＩＮＧ　Ｐｒｉｃｅｓ　２０２４！')).toBe('housing prices 2024!');
    expect(normalize('Hukou SYSTEM')).toBe('hukou system');
    expect(normalize('房价，下跌：')).toBe('房价,下跌:');
  });

  it('turns Traditional into Simplified, character by character', () => {
    expect(normalize('房價')).toBe('房价');
    expect(normalize('戶籍制度')).toBe('户籍制度');
    expect(normalize('醫療與教育')).toBe('医疗与教育');
    // Vocabulary is kept: Taiwan's 智慧城市 must not become the mainland 智能城市.
    expect(normalize('智慧城市')).toBe('智慧城市');
    expect(normalize('智慧城市建設')).toBe('智慧城市建设');
  });

  it('removes zero-width and bidi marks, collapses white space', () => {
    expect(normalize('infra\u200bstruc\u200dture')).toBe('infrastructure');
    expect(normalize('\u202e房价\u202c\u2066下跌\u2069')).toBe('房价下跌');
    expect(normalize('\ufeff  housing \t\n  prices\u200e ')).toBe('housing prices');
    expect(normalize('café')).toBe('cafe');
  });

  it('is idempotent and leaves nothing a query could hide behind', () => {
    const invisible = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const n = normalize(s);
        expect(normalize(n)).toBe(n);
        expect(n).not.toMatch(invisible);
        expect(n).not.toMatch(/[Ａ-Ｚａ-ｚ０-９A-Z]/);
        expect(n).toBe(n.trim());
      }),
      { numRuns: 300 },
    );
  });

  it('gives what the whole NFD → strip marks → NFC round trip gives, short cut or not', () => {
    // normalize as it was before its short cut for text without marks.
    const reference = (text: string) =>
      toSimplified(text.normalize('NFKC').toLowerCase())
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .normalize('NFC')
        .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]/g, '')
        .replace(/著/g, '着')
        .replace(/\s+/g, ' ')
        .trim();
    for (let c = 0x80; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      expect(normalize(`人${ch}a`), `U+${c.toString(16)}`).toBe(reference(`人${ch}a`));
    }
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'aZ09 ,.~人口流出〇、。〜〪\u0301éが\u3099한ﾊﾞ'.split('')),
          maxLength: 30,
        }),
        (s) => {
          expect(normalize(s)).toBe(reference(s));
        },
      ),
    );
  });
});
