import { type CommandArgs, MAX_QUERY_LENGTH } from '../commands/spec.js';

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
 * Work units of an autocomplete value that are searched: a Chinese character is one, and so is a
 * short word (up to 3 letters: mostly stop words); a longer word is two (it is looked up with its
 * typo variants, which cost about twice as much): eight characters, or four long words.
 */
export const AUTOCOMPLETE_MAX_TERMS = 8;
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
    units += HAN.test(match[0]) || match[0].length <= 3 ? 1 : 2;
    if (units > maxTerms) return head.slice(0, match.index).trimEnd();
  }
  return head;
}

/**
 * Free text of commands whose cost grows with it, and the work units kept: /search ranks every
 * term of its query, so a pasted 300-character slice cost ~160-400× a reader's query. 20 units
 * bring it to about the cost of the most expensive reader queries (5-9× the median) and cut none
 * of the 219 reader queries of the evaluation sets. /ask reads the question as a whole and costs
 * little more for a long one, so it is left alone.
 */
export const COMMAND_TEXT_UNITS: Readonly<Record<string, { option: string; units: number }>> = {
  search: { option: 'query', units: 20 },
};

/** The command's arguments with its free text capped (see COMMAND_TEXT_UNITS); others unchanged. */
export function capCommandText(name: string, args: CommandArgs): CommandArgs {
  const rule = COMMAND_TEXT_UNITS[name];
  const value = rule ? args[rule.option] : undefined;
  // Text over the length limit is left for the command to refuse ("too long"), which costs nothing.
  if (!rule || typeof value !== 'string' || value.length > MAX_QUERY_LENGTH) return args;
  return { ...args, [rule.option]: capQuery(value, value.length, rule.units) };
}
