/**
 * Caps the work one typed query can cause before it reaches the search engine. Search cost grows
 * with the number of terms (every Chinese character starts a pair, every word is looked up with
 * its typo variants), so a 300-character slice of the article costs two orders of magnitude more
 * than a normal query. Autocomplete runs on every keystroke and shows 25 suggestions at most: the
 * first words are plenty. Cutting by terms, not only by length, bounds a crafted query to a few
 * times a normal one (measured: `npm run bench -- flood`).
 */

/** Characters of an autocomplete value that are looked at. */
export const AUTOCOMPLETE_MAX_CHARS = 100;
/**
 * Work units of an autocomplete value that are searched: a Chinese character is one, a word in
 * another script two (each is looked up with its typo variants, which costs about twice as much):
 * ten characters or five words.
 */
export const AUTOCOMPLETE_MAX_TERMS = 10;
const HAN = /^\p{Script=Han}$/u;

const PIECES = /\p{Script=Han}|[\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+/gu;
const IS_TERM = /[\p{L}\p{N}]/u;

/**
 * The start of `text` holding at most `maxTerms` work units and `maxChars` UTF-16 units, never cut
 * inside a surrogate pair. Separators between terms are kept, so what is searched is exactly
 * what the user typed, only shorter.
 */
export function capQuery(
  text: string,
  maxChars = AUTOCOMPLETE_MAX_CHARS,
  maxTerms = AUTOCOMPLETE_MAX_TERMS,
): string {
  let head = text.length > maxChars ? text.slice(0, maxChars) : text;
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  let units = 0;
  for (const match of head.matchAll(PIECES)) {
    if (!IS_TERM.test(match[0])) continue;
    units += HAN.test(match[0]) ? 1 : 2;
    if (units > maxTerms) return head.slice(0, match.index).trimEnd();
  }
  return head;
}
