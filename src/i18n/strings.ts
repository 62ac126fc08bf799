import type { Lang, Text } from '../knowledge/model.js';
import { toTaiwanese } from '../text/chinese.js';

/** Interface wording. Simplified is written by hand; Traditional is derived, like the article's. */
const STRINGS = {
  measures: { zh: '建议措施', en: 'Suggested measures' },
  caseNotCovered: {
    zh: '案例分析没有涉及这一方面。案例涉及：{areas}。',
    en: 'The case study does not cover this area. It covers: {areas}.',
  },
  caseDid: { zh: '案例城市的做法', en: 'What the case city did' },
  otherMatches: { zh: '其他相关结果', en: 'Other matches' },
  alsoAsked: { zh: '你还问到', en: 'You also asked' },
  searchTitle: { zh: '搜索“{query}”', en: 'Search: “{query}”' },
  searchFound: {
    zh: '找到 {count} 个相关部分，点击按钮查看。',
    en: '{count} matching sections. Open one with the buttons.',
  },
  searchFoundOne: {
    zh: '找到 1 个相关部分，点击按钮查看。',
    en: '1 matching section. Open it with the button.',
  },
  notFoundTitle: { zh: '没有找到相关内容', en: 'Nothing found' },
  notFoundBody: {
    zh: '关于“{query}”，知识库里没有把握的答案。',
    en: 'The knowledge base has no confident answer for “{query}”.',
  },
  didYouMean: { zh: '你是不是想找', en: 'Did you mean' },
  tryInstead: {
    zh: '可以试试：`/topics` 查看全部目录，`/search 房价`，或者问 `/ask 为什么人口会外流`。',
    en: 'Try `/topics` for the outline, `/search housing`, or `/ask why do people leave`.',
  },
  emptyQuery: { zh: '请输入要搜索的内容。', en: 'Please type something to search for.' },
  emptyQuestion: { zh: '请输入你的问题。', en: 'Please type your question.' },
  emptyOption: { zh: '请填写“{name}”。', en: 'Please fill in “{name}”.' },
  tooLong: { zh: '内容太长了（最多 {max} 个字符）。', en: 'That is too long (at most {max} characters).' },
  unknownSection: {
    zh: '这个按钮指向的内容已不存在（可能来自旧版本）。请用 `/topics` 重新打开。',
    en: 'That button points to something that no longer exists (perhaps from an older version). Use `/topics` to open it again.',
  },
  unknownOption: {
    zh: '“{value}”不是有效的选项。可选：{choices}。',
    en: '“{value}” is not a valid choice. Choose from: {choices}.',
  },
  otherKind: { zh: '“{name}”是{kind}：{usage}', en: '{name} is {kind}: {usage}' },
  kindEffect: { zh: '一项影响', en: 'an effect' },
  kindCause: { zh: '一个原因', en: 'a cause' },
  kindStrategy: { zh: '一项策略', en: 'a strategy' },
  kindCase: { zh: '案例中的一项措施', en: 'a measure of the case study' },
  caseHasNoTitle: { zh: '案例中没有这一项', en: 'Not in the case study' },
  caseHasNo: {
    zh: '案例分析中没有“{area}”这一方面的措施。文章在应对策略部分谈到了它：{usage}',
    en: 'The case study has no measure for “{area}”. The article discusses it among the strategies: {usage}',
  },
  caseCovers: { zh: '案例涉及', en: 'The case study covers' },
  unknownCommand: {
    zh: '没有这个命令：{name}。输入 `/help` 查看全部命令。',
    en: 'No such command: {name}. Type `/help` for the list.',
  },
  internalError: {
    zh: '抱歉，处理时出了点问题。请稍后再试。',
    en: 'Sorry, something went wrong while answering. Please try again in a moment.',
  },
  slowDown: {
    zh: '你发得太快了，请 {seconds} 秒后再试。',
    en: 'You are sending requests too fast. Please try again in {seconds} s.',
  },
  topicsTitle: { zh: '《{title}》目录', en: 'Outline: {title}' },
  topicsPlaceholder: { zh: '选择要查看的部分…', en: 'Choose a section to open…' },
  helpTitle: { zh: '使用帮助', en: 'How to use this bot' },
  helpBody: {
    zh: '我回答关于人口净流出城市的问题：影响、原因、应对策略和一个城市的案例。直接 @我 或私信提问也可以。每个回答问题的命令都有 `private` 选项，设为 True 时只有你能看到回答。',
    en: 'I answer questions about cities that lose more people than they gain: the effects, the causes, the strategies that answer them, and a case study. You can also @mention me or send a DM. Every answering command has a `private` option: set it to True and only you see the answer.',
  },
  aboutTitle: { zh: '关于本机器人', en: 'About this bot' },
  aboutSource: { zh: '资料来源', en: 'Source' },
  aboutKnows: { zh: '知识库', en: 'Knowledge' },
  aboutKnowsValue: { zh: '{sections} 个部分，版本 {version}', en: '{sections} sections, edition {version}' },
  aboutVersion: { zh: '程序版本', en: 'Version' },
  aboutLanguages: { zh: '语言', en: 'Languages' },
  aboutLanguagesValue: {
    zh: '简体中文、繁体中文、英文（按 Discord 客户端语言）',
    en: 'Simplified Chinese, Traditional Chinese, English (from your Discord language)',
  },
  overviewOf: { zh: '{label}概览', en: '{label}: overview' },
  notCoveredTitle: { zh: '文章没有涉及', en: 'Not in the article' },
  notCovered: { zh: '文章没有提到{items}。', en: 'The article does not mention {items}.' },
  noFiguresFor: {
    zh: '文章没有给出任何数字、年份或统计数据（问到的{items}都没有）。',
    en: 'The article gives no figures, years or statistics (none for {items}).',
  },
  coveredInstead: { zh: '下面是文章里相关的内容。', en: 'Here is what it does say that is relevant.' },
  coveredNothing: { zh: '文章里也没有相关的内容。', en: 'Nor does it say anything related.' },
  coveredNearby: {
    zh: '下面列出的部分只是和问题用词相近，可能并不回答这个问题。',
    en: 'The sections listed below only share words with the question; they may not answer it.',
  },
  sharesWords: { zh: '用词相近的部分', en: 'Sections that share words' },
  notRankedTitle: { zh: '孰轻孰重', en: 'Which matters most' },
  notRanked: {
    zh: '文章没有比较这些方面孰轻孰重，也没有给它们排序。',
    en: 'The article does not weigh these against one another or rank them.',
  },
  notRankedListed: { zh: '下面按文章的顺序列出。', en: ' They are listed in its own order.' },
  compareTitle: { zh: '{parts}：对照', en: '{parts} side by side' },
  compareBody: {
    zh: '按文章的顺序并列各部分的要点，点击按钮查看每一节全文。',
    en: "Each part's points as the article sets them out; open any section in full with the buttons.",
  },
  strategiesFor: { zh: '可应对的策略', en: 'Strategies that answer it' },
  editorialHeading: { zh: '{name}（编者注）', en: '{name} (our reading)' },
  editorialBody: {
    zh: '编者注：本条是我们对文章的说明，不是文章原文。',
    en: "Our reading: a note about the article, not the article's own words.",
  },
  editorNote: { zh: '说明', en: 'Note' },
  restsOn: { zh: '（原文：“{clause}”）', en: ' (the article: “{clause}”)' },
  restsOnOriginal: { zh: '（原文：“{clause}”）', en: ' (the article: “{clause}”, 原文 “{zh}”)' },
  citeFooter: { zh: '原文 {cite}', en: 'article {cite}, our translation' },
  originalField: { zh: '原文', en: 'The article in Chinese (原文)' },
  showOriginal: { zh: '原文', en: 'Chinese original' },
  partTitle: { zh: '{part}：{title}', en: '{part}: {title}' },
  caseRestSame: {
    zh: '其余做法，文章的说法与上述策略几乎相同，从略；全文见下方按钮。',
    en: 'Its other measures are worded almost as the strategy above and are left out; the case in full is behind the button below.',
  },
  caseAllSame: {
    zh: '文章描述案例城市这方面的做法，与上述策略的说法几乎相同，从略；全文见下方按钮。',
    en: 'The article describes what the case city did here in almost the same words as the strategy above, so it is not repeated; the case in full is behind the button below.',
  },
  helpReading: { zh: '怎样读回答', en: 'Reading a reply' },
  helpReadingValue: {
    zh: '正文是文章的原话；标着“编者注”的是我们的解读（哪些策略回应哪个问题、理由和说明），其中引号里的“原文”才是文章的话。页脚的“原文 §2.3”是出处：第二部分第3段，详见 `/about`。',
    en: 'The body is the article’s own words (in English, our translation). What is marked “our reading” is ours: which strategies answer what, why, and our notes; inside it, only what is quoted as “the article” is the article’s. The footer’s “article §2.3” says where it is: part 2, paragraph 3 (see `/about`).',
  },
  aboutStructure: { zh: '文章结构', en: 'How the article is laid out' },
  aboutOpening: { zh: '开篇概述（第一部分之前的一段）', en: 'Opening summary (one paragraph before part 1)' },
  aboutNumbering: { zh: '引用编号', en: 'Citations' },
  aboutNumberingValue: {
    zh: '回答的页脚会注明它在原文中的位置，如“原文 §2.3”：第二部分第3段。段落从各部分标题之后数起，标题和目录不计；§0.1 是第一部分之前的开篇段落。',
    en: 'A reply’s footer says where it sits in the article, e.g. “article §2.3”: part 2, paragraph 3. Paragraphs are counted from 1 after each part’s heading, not counting headings or the table of contents; §0.1 is the opening paragraph before part 1.',
  },
  aboutClosing: {
    zh: '最后一段结语紧接案例分析，没有自己的标题，记作 {cite}。',
    en: 'The closing paragraph follows the case study without a heading of its own: {cite}.',
  },
  aboutTranslation: {
    zh: '英文回答是我们的翻译；英文回答下的“Chinese original”按钮显示原文。',
    en: 'English replies are our translation; the “Chinese original” button under one shows the article’s sentence.',
  },
  aboutCitation: { zh: '出处', en: 'What is known of the source' },
  aboutNoSource: {
    zh: '文章没有写明作者、发表日期、刊物或网址，也没有列出参考文献，所以无法给出这些出处信息。',
    en: 'The text gives no author, date of publication, outlet or web address, and lists no references, so none of these can be cited.',
  },
  aboutNotGiven: { zh: '未注明', en: 'not given' },
  aboutNoReferences: { zh: '参考文献：文中没有列出。', en: 'References: the text lists none.' },
  sourceAuthor: { zh: '作者', en: 'Author' },
  sourceDate: { zh: '日期', en: 'Date' },
  sourceOutlet: { zh: '刊物', en: 'Published in' },
  sourceUrl: { zh: '网址', en: 'Web address' },
  consoleWelcome: {
    zh: '本地控制台（未配置 DISCORD_TOKEN）。输入命令，例如 /strategy industry、/search 房价，或直接提问。输入 /help 查看命令，Ctrl+D 退出。',
    en: 'Local console (no DISCORD_TOKEN configured). Type a command such as /strategy industry or /search 房价, or just ask a question. /help lists commands; Ctrl+D quits.',
  },
} as const satisfies Record<string, Wording>;

/** Our wording: Simplified and English by hand; Traditional derived (toTaiwanese). */
interface Wording {
  zh: string;
  en: string;
}

export type StringKey = keyof typeof STRINGS;

/** Every interface string, for tests that read them all. */
export const STRING_KEYS = Object.keys(STRINGS) as StringKey[];

const cache = new Map<Wording, Text>();

/** Our own wording (interface strings, command descriptions) in all three languages; derived once. */
export function localize(source: Wording): Text {
  let t = cache.get(source);
  if (!t) {
    t = { 'zh-Hans': source.zh, 'zh-Hant': toTaiwanese(source.zh), en: source.en };
    cache.set(source, t);
  }
  return t;
}

export function text(key: StringKey): Text {
  return localize(STRINGS[key]);
}

/** The string in `lang`, with `{name}` placeholders filled. */
export function t(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  return text(key)[lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}
