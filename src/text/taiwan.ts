/**
 * Traditional Chinese as Taiwan (and Hong Kong) readers write it, where OpenCC alone gets it wrong.
 *
 * OpenCC converts phrase by phrase, longest match first, so a phrase that happens to span two
 * words picks the wrong character: 更加注重 is read as 更 / 加注 / 重 and 加注 becomes 加註. Each
 * entry below corrects one such form in OpenCC's *output*; each was found by reading every
 * sentence of the knowledge base against the original article (knowledge/source/) and is held
 * there by tests/text/chinese.test.ts. Keep the table small: an entry must be wrong wherever it occurs
 * in our texts, or be narrowed by context.
 */

export interface Correction {
  /** The form OpenCC produces (a global regular expression over Traditional text). */
  readonly wrong: RegExp;
  readonly right: string;
  /** Simplified text on which OpenCC produces the wrong form (tests/text/chinese.test.ts checks it still does). */
  readonly example: string;
  /** Where OpenCC produced it, and why Taiwan usage writes it otherwise. */
  readonly why: string;
}

/** Corrections to OpenCC `cn → tw`, for the article's text and everything derived like it. */
export const TAIWAN_CORRECTIONS: readonly Correction[] = [
  {
    wrong: /註重/g,
    example: '更加注重',
    right: '注重',
    why: '更加注重 → 更加註重 (the phrase 加注 → 加註 wins). 注重, to value, is always 注.',
  },
  {
    wrong: /(?<![合兼吞歸])併為/g,
    example: '目标并为社会',
    right: '並為',
    why: '目标并为社会 → 目標併為社會 (the phrase 并为, merge into, wins). Here 并 is "and": 並. 合併為 and the like keep 併.',
  },
  {
    wrong: /迴流/g,
    example: '吸引人口回流',
    right: '回流',
    why: '吸引人口回流 → 吸引人口迴流 (OpenCC has 回流 → 迴流, reflux). People, talent or money coming back is 回流 in Taiwan (人才回流); the original article writes 回流 too.',
  },
  {
    wrong: /賬/g,
    example: '银行坏账',
    right: '帳',
    why: '银行坏账 → 銀行壞賬. The Ministry of Education standard form is 帳 (帳戶, 呆帳, 壞帳); 賬 is its variant. One-way: t → cn reads 帳 as 帐.',
  },
  {
    wrong: /“([^“”]*)”/g,
    example: '只称“某市”',
    right: '「$1」',
    why: 'OpenCC leaves quotation marks alone; Taiwan and Hong Kong quote with corner brackets. (The article quotes nothing: only our notes do.)',
  },
];

/**
 * Our own interface wording (never the article's): the Taiwan word where the mainland one
 * survives OpenCC `twp`. Applied after `twp`, which already makes 搜索 → 搜尋, 点击 → 點選,
 * 默认 → 預設, 信息 → 資訊. The article's own words (生活質量, 服務水平) are quoted, not ours,
 * and keep their form.
 */
export const TAIWAN_UI_VOCABULARY: readonly Correction[] = [
  { wrong: /命令/g, example: '命令', right: '指令', why: 'a bot command is a 指令' },
  { wrong: /私信/g, example: '私信', right: '私訊', why: 'a direct message is a 私訊' },
  { wrong: /使用幫助/g, example: '使用帮助', right: '使用說明', why: 'usage help is 使用說明' },
  { wrong: /關鍵詞/g, example: '关键词', right: '關鍵字', why: 'a search keyword is a 關鍵字' },
  { wrong: /客戶端/g, example: '客户端', right: '用戶端', why: 'the client app is the 用戶端' },
  { wrong: /配置/g, example: '配置', right: '設定', why: 'configuring is 設定' },
  { wrong: /質量/g, example: '质量', right: '品質', why: 'quality is 品質 (質量 is mass)' },
  { wrong: /水平/g, example: '水平', right: '水準', why: 'a level of quality is a 水準' },
  {
    wrong: /編者注/g,
    example: '编者注',
    right: '編者註',
    why: 'an editor’s note is a 編者註 (註 for annotations)',
  },
  {
    wrong: /本地控制台/g,
    example: '本地控制台',
    right: '本機主控台',
    why: 'a local console is a 本機主控台 (in Taiwan 控制台 is Windows’ Control Panel)',
  },
];

/** The mainland forms a zh-TW reader must not meet in our own wording (tests check every string). */
export const MAINLAND_UI_FORMS: readonly string[] = [
  '命令',
  '私信',
  '使用幫助',
  '關鍵詞',
  '客戶端',
  '配置',
  '質量',
  '水平',
  '控制台',
  '搜索',
  '點擊',
  '默認',
  '信息',
  '視頻',
  '軟件',
  '鏈接',
];

export function applyCorrections(text: string, table: readonly Correction[]): string {
  let out = text;
  for (const { wrong, right } of table) out = out.replace(wrong, right);
  return out;
}
