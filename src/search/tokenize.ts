/**
 * The tokenizer fuse.js uses at index and query time (`useTokenSearch`), and that our
 * candidate index uses too, so both see the same terms.
 *
 * Chinese has no spaces, so each run of Han characters becomes overlapping character
 * pairs (房地产市场 → 房地 地产 产市 市场): pairs match words of any length without a
 * dictionary and survive one wrong character in a longer word. Latin text becomes
 * words, without the function words that would match every section.
 */

const HAN = /\p{Script=Han}/u;
const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have how i if in ' +
    'into is it its me my of on or our so such than that the their them then there these they this to was ' +
    'we were what when where which who whom why will with would you your about any some more most do done ' +
    'get gets got tell know want need please should shall may might must just also very much many lot lots ' +
    'thing things way ways happen happens happened good great nice really thanks thank hi hey hello ok okay yes yeah lol s t'
  ).split(' '),
);

export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(RUN)) {
    const run = match[0];
    // By code point: a character outside the BMP (𥥼) is one character, not two halves.
    const first = run.codePointAt(0) ?? 0;
    if (HAN.test(String.fromCodePoint(first))) {
      const chars = [...run];
      if (chars.length === 1) {
        terms.push(run);
        continue;
      }
      for (let i = 0; i + 1 < chars.length; i++) terms.push(`${chars[i]}${chars[i + 1]}`);
    } else if (!ENGLISH_STOPWORDS.has(run) && (run.length > 1 || /\p{N}/u.test(run))) {
      terms.push(run);
    }
  }
  return terms;
}
