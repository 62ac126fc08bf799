import * as OpenCC from 'opencc-js';
import { applyCorrections, TAIWAN_CORRECTIONS, TAIWAN_UI_VOCABULARY } from './taiwan.js';

/**
 * One place for Chinese script conversion. `t → cn` folds any Traditional variant
 * (Taiwan, Hong Kong, OpenCC standard) into mainland Simplified for matching. Display
 * uses the character-level `cn → tw` rather than `twp`: phrase conversion rewrites
 * vocabulary (智能 ↔ 智慧), which would stop the text being the article's own words.
 * OpenCC's output then goes through a small table of corrections (src/text/taiwan.ts)
 * where it picks a character Taiwan usage does not write (註重, 併為, 迴流).
 * Converters are built on first use: building the dictionaries costs ~100 ms.
 */
type Convert = (text: string) => string;
let simplify: Convert | undefined;
let traditionalize: Convert | undefined;
let taiwanize: Convert | undefined;

/**
 * OpenCC `t → cn` writes every 帳 as 帐, but an account is 账 in Simplified: the bot shows 壞帳
 * (see taiwan.ts), and a reader who searches for it must find the article's 坏账. Tents and
 * curtains (帐篷, 蚊帐) keep 帐.
 */
const ACCOUNT = /(?<![蚊营纱罗床])帐(?![篷幕])/g;

export function toSimplified(text: string): string {
  if (!simplify) simplify = OpenCC.Converter({ from: 't', to: 'cn' }) as Convert;
  return simplify(text).replace(ACCOUNT, '账');
}

/** The article's text (and anything derived like it) in Traditional characters, Taiwan standard. */
export function toTraditional(text: string): string {
  if (!traditionalize) traditionalize = OpenCC.Converter({ from: 'cn', to: 'tw' }) as Convert;
  return applyCorrections(traditionalize(text), TAIWAN_CORRECTIONS);
}

/**
 * For our own interface wording, not the article's: Taiwan phrasing (搜索 → 搜尋,
 * 点击 → 點選, 命令 → 指令, 私信 → 私訊) and corner quotes, as a zh-TW reader expects.
 */
export function toTaiwanese(text: string): string {
  if (!taiwanize) taiwanize = OpenCC.Converter({ from: 'cn', to: 'twp' }) as Convert;
  const converted = applyCorrections(taiwanize(text), [...TAIWAN_CORRECTIONS, ...TAIWAN_UI_VOCABULARY]);
  return converted.replace(/“/g, '「').replace(/”/g, '」');
}
