import { toSimplified } from '../text/chinese.js';

// Zero-width and bidi control characters carry no meaning for search and would split tokens.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]/g;
// Combining marks are dropped after NFKC so that "café" and "cafe" tokenize alike.
const COMBINING = /\p{M}+/gu;
const PRINTABLE_ASCII = /^[\x20-\x7e\t\n\r]*$/;
// No canonical decomposition and no combining mark: ASCII, CJK punctuation (less the
// ideographic tone marks U+302A–302F) and the CJK Unified Ideographs block.
const NO_MARKS = /^[\t\n\r\x20-\x7e\u3000-\u3029\u3030-\u303f\u4e00-\u9fff]*$/;

/**
 * The single normal form used for both the index and queries: NFKC (full-width
 * letters and punctuation become ASCII), lower case, Traditional → Simplified,
 * invisible characters removed, whitespace collapsed.
 */
export function normalize(text: string): string {
  // Printable ASCII has nothing to fold but case and spaces (most English questions and words).
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(/\s+/g, ' ').trim();
  const folded = toSimplified(text.normalize('NFKC').toLowerCase());
  // ASCII, Chinese characters and their punctuation neither decompose nor combine: the
  // NFD → strip marks → NFC round trip (half the cost of the rest) leaves them as they are.
  return (
    (NO_MARKS.test(folded) ? folded : folded.normalize('NFD').replace(COMBINING, '').normalize('NFC'))
      .replace(INVISIBLE, '')
      // OpenCC's t→cn keeps 著 (also a Simplified character), so 面臨著 would miss 面临着: fold both to one.
      .replace(/著/g, '着')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
