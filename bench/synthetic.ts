import type { SectionKind } from '../src/knowledge/schema.js';
import { SECTION_KINDS } from '../src/knowledge/schema.js';
import type { SearchDoc } from '../src/search/engine.js';
import { normalize } from '../src/search/normalize.js';

/**
 * Deterministic synthetic knowledge bases that look like the real one: each section has
 * Chinese and English keywords, a title in each language, body text of 100–300
 * characters per language and a few measures. Words come from large vocabularies with a
 * Zipf distribution, so common character pairs have long posting lists, as in real text,
 * and each section leans on its own topic words, as real sections do.
 */

// About 550 frequent Simplified characters, roughly most frequent first; the rest of the pool
// comes from the CJK block, ranked after them.
const COMMON_HAN =
  '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知使全很最实长现部已工气意文明力理体点员把加性问相代月高重各本外西系反战内向合区开因新表走位外被通物头提条解北结线由门意平山资路社南少度身政东机期安便任建格放较接百听总难特活感权强教任立题海太造口利保先路完变信件确流光叫组今据步报专济思料深近运非再色果样导亲群红领议写原觉量转真调团打决别选边较华众委场收手数况观民正件清科老记金克率集查程图往把连花支务须持类设八油五德石准达研服音布料刚满济际共争林验石质声指始切器空求压单六影证达改般眼认白局区值维术吃书车快住复统该即养元响值传易价省团议响乡规院根黑段题治至格命包示历商热属土型众革速快斗较千爱号严务足王府温例米土青阿校务识配离象势精越治族备容形增尽导底段轮写武破跟势具食素状友息半致江标识除视适刻城房市村镇县街业产品营销售场厂企职员岗位薪资育教学校医疗院卫健康养老保险障碍交通铁路航空港桥隧道网络数据智能技术创新研发投融资银行贷款债务财税收费预算项目规划建设改造更新环境污染治理绿色能源电力水气候农林牧渔粮食种植畜养殖旅游文化体育艺术娱乐媒体新闻出版法律制度政策改革开放合作交流贸易进出口物流仓储运输消费需求供给价格成本利润竞争优势劣势机遇挑战风险危机发展增长下降减少增加提高降低扩大缩小稳定波动趋势变化影响原因结果措施办法对策方案目标任务责任监管服务管理组织协调沟通协商参与支持鼓励引导推动促进加强完善优化提升改善保护利用开发配置分配调整转型升级融合协同共享均衡公平效率质量安全健全体系机制平台载体渠道途径手段工具方式模式路径框架结构功能作用地位水平能力素质人才队伍团队专家学者青年儿童家庭父母孩子学生老师医生工人农民干部群众居民市民游客消费者';

const ENGLISH_WORDS = (
  'city town village region province county district street market housing property price cost income wage salary ' +
  'job work worker labour employer factory industry business company firm enterprise service retail shop store mall ' +
  'consumer demand supply growth decline rise fall increase decrease population resident family child school teacher ' +
  'student hospital doctor health care elderly pension insurance transport railway road highway airport port bridge ' +
  'metro subway network internet data digital smart technology innovation research investment finance bank loan debt ' +
  'budget tax revenue project plan planning construction renewal environment pollution green energy power water climate ' +
  'farm agriculture rural urban tourism culture sport media policy reform trade export logistics storage profit ' +
  'competition advantage opportunity challenge risk crisis development stable trend change effect cause measure strategy ' +
  'target task responsibility regulation management cooperation support guide promote improve protect upgrade integrate ' +
  'share balance fair efficiency quality safety system platform channel tool model framework structure function talent ' +
  'expert youth graduate migrant commuter tenant landlord developer investor mortgage vacancy apartment neighbourhood ' +
  'community council government ministry official subsidy grant incentive startup manufacturing mining steel coal oil ' +
  'textile electronics software hardware logistics warehouse shipping freight cargo container harbour coastal inland ' +
  'mountain river lake forest desert northeast southwest capital cluster corridor hub zone park campus clinic pharmacy ' +
  'nursing childcare kindergarten university college training skill apprenticeship employment unemployment vacancy ' +
  'recruitment retention migration relocation commuting household registration hukou welfare benefit allowance ' +
  'affordable rent lease ownership mortgage foreclosure bankruptcy default recession stagnation recovery revival ' +
  'regeneration heritage tourism festival museum library theatre stadium gym broadband coverage signal satellite'
).split(' ');

// Syllables for made-up English words, so the English vocabulary runs to thousands of words.
const SYLLABLES = (
  'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo fu ga ge gi go gu ha he hi ho hu la le li lo lu ' +
  'ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo ' +
  'ven ter lin mar son ton ber ley ing tion ment ness able ful less ous ive ist ism ent ant ary ory'
).split(' ');

const ZH_PUNCT = ['，', '，', '，', '。', '、', '；'];
const EN_PUNCT = [',', ',', '.', ';'];
const ZH_QUESTION = ['为什么', '怎么办', '如何', '有什么影响', '原因是什么', '的措施', ''];
const EN_QUESTION = ['why', 'how to', 'what about', 'effects of', ''];

/** mulberry32: small, fast, good enough for test data, and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(readonly next: () => number) {}

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Draws items with probability proportional to 1 / rank^s (Zipf), as words occur in text. */
class Zipf<T> {
  private readonly cumulative: Float64Array;

  constructor(
    private readonly items: readonly T[],
    s = 1,
  ) {
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    for (let i = 0; i < items.length; i++) {
      total += 1 / (i + 1) ** s;
      this.cumulative[i] = total;
    }
  }

  draw(rng: Rng): T {
    const x = rng.next() * (this.cumulative[this.cumulative.length - 1] as number);
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo] as T;
  }
}

interface Vocabulary {
  han: Zipf<string>;
  hanWords: string[];
  en: Zipf<string>;
  enWords: string[];
  /** Characters used nowhere in the base, for off-topic queries. */
  unusedHan: string[];
  /** Characters of the pool, for typos. */
  hanChars: string[];
}

const HAN_RE = /^\p{Script=Han}$/u;

function buildVocabulary(rng: Rng): Vocabulary {
  // The common characters first, then others from the CJK block, up to 3,000: about
  // the number of characters that cover everyday written Chinese.
  const pool: string[] = [];
  const seen = new Set<string>();
  const take = (ch: string) => {
    if (seen.has(ch) || !HAN_RE.test(ch) || normalize(ch) !== ch) return;
    seen.add(ch);
    pool.push(ch);
  };
  for (const ch of COMMON_HAN) take(ch);
  const block: string[] = [];
  for (let cp = 0x4e00; cp <= 0x9fa5; cp++) block.push(String.fromCodePoint(cp));
  shuffle(block, rng);
  let b = 0;
  while (pool.length < 3000 && b < block.length) take(block[b++] as string);
  const unusedHan: string[] = [];
  while (unusedHan.length < 200 && b < block.length) {
    const ch = block[b++] as string;
    if (!seen.has(ch) && normalize(ch) === ch) unusedHan.push(ch);
  }

  const chars = new Zipf(pool, 1.05);
  const hanSet = new Set<string>();
  while (hanSet.size < 20_000) {
    const len = rng.chance(0.7) ? 2 : rng.chance(0.6) ? 3 : 4;
    let w = '';
    for (let i = 0; i < len; i++) w += chars.draw(rng);
    hanSet.add(w);
  }
  const hanWords = [...hanSet];

  const enSet = new Set<string>(ENGLISH_WORDS);
  while (enSet.size < 4000) {
    let w = '';
    const n = rng.int(2, 4);
    for (let i = 0; i < n; i++) w += rng.pick(SYLLABLES);
    enSet.add(w);
  }
  const enWords = [...enSet];
  return { han: new Zipf(hanWords), hanWords, en: new Zipf(enWords), enWords, unusedHan, hanChars: pool };
}

function shuffle<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

interface Topic {
  han: string[];
  en: string[];
}

function chineseText(rng: Rng, vocab: Vocabulary, topic: Topic, min: number, max: number): string {
  const target = rng.int(min, max);
  let text = '';
  let clause = 0;
  while (text.length < target) {
    text += rng.chance(0.35) ? rng.pick(topic.han) : vocab.han.draw(rng);
    clause++;
    if (clause >= rng.int(3, 6)) {
      text += rng.pick(ZH_PUNCT);
      clause = 0;
    }
  }
  return `${text.slice(0, target).replace(/[，、；]$/u, '')}。`;
}

function englishText(rng: Rng, vocab: Vocabulary, topic: Topic, min: number, max: number): string {
  const target = rng.int(min, max);
  const words: string[] = [];
  let length = 0;
  while (length < target) {
    const w = rng.chance(0.3)
      ? rng.pick(topic.en)
      : rng.chance(0.35)
        ? rng.pick(['the', 'and', 'of', 'to', 'in', 'for', 'a', 'is', 'with', 'more'])
        : vocab.en.draw(rng);
    const punct = rng.chance(0.1) ? rng.pick(EN_PUNCT) : '';
    words.push(w + punct);
    length += w.length + punct.length + 1;
  }
  return `${words.join(' ').replace(/[,.;]$/, '')}.`;
}

export interface SyntheticQuery {
  q: string;
  type: 'exact' | 'typo' | 'question' | 'off-topic';
  /** The section the words were taken from; none for off-topic queries. */
  source?: string;
}

export interface SyntheticBase {
  docs: SearchDoc[];
  queries: SyntheticQuery[];
}

/**
 * `size` sections and `queryCount` queries, all from `seed`. The strings are already in
 * our normal form (lower case, Simplified, single spaces), as `toSearchDoc` would make them.
 */
export function syntheticBase(size: number, queryCount: number, seed = 42): SyntheticBase {
  const rng = new Rng(prng(seed));
  const vocab = buildVocabulary(rng);
  const docs: SearchDoc[] = [];
  const topics: Topic[] = [];
  for (let i = 0; i < size; i++) {
    const topic: Topic = { han: [], en: [] };
    for (let k = rng.int(8, 14); k > 0; k--) topic.han.push(rng.pick(vocab.hanWords));
    for (let k = rng.int(6, 10); k > 0; k--) topic.en.push(rng.pick(vocab.enWords));
    topics.push(topic);
    const keywordsZh = topic.han.slice(0, rng.int(5, topic.han.length));
    // Real keyword lists also hold compounds of two words (房地产市场).
    for (let k = rng.int(2, 6); k > 0; k--) keywordsZh.push(rng.pick(topic.han) + rng.pick(topic.han));
    const keywordsEn = topic.en.slice(0, rng.int(3, topic.en.length));
    for (let k = rng.int(2, 6); k > 0; k--) keywordsEn.push(`${rng.pick(topic.en)} ${vocab.en.draw(rng)}`);
    const measures = rng.int(0, 3);
    const texts = [chineseText(rng, vocab, topic, 100, 300), englishText(rng, vocab, topic, 100, 300)];
    for (let m = 0; m < measures; m++) {
      texts.push(chineseText(rng, vocab, topic, 30, 80), englishText(rng, vocab, topic, 40, 120));
    }
    docs.push({
      id: `syn.${i}`,
      kind: rng.pick(SECTION_KINDS) as SectionKind,
      keywords: [...keywordsZh, ...keywordsEn],
      titles: [topic.han.slice(0, rng.int(2, 3)).join(''), topic.en.slice(0, rng.int(2, 4)).join(' ')],
      texts,
    });
  }
  return { docs, queries: syntheticQueries(rng, vocab, docs, topics, queryCount) };
}

function syntheticQueries(
  rng: Rng,
  vocab: Vocabulary,
  docs: readonly SearchDoc[],
  topics: readonly Topic[],
  count: number,
): SyntheticQuery[] {
  const queries: SyntheticQuery[] = [];
  while (queries.length < count) {
    const at = rng.int(0, docs.length - 1);
    const topic = topics[at] as Topic;
    const source = (docs[at] as SearchDoc).id;
    const zh = rng.chance(0.6);
    const words = zh ? topic.han : topic.en;
    const n = rng.int(1, 3);
    const picked = [...new Set(Array.from({ length: n }, () => rng.pick(words)))];
    const roll = rng.next();
    if (roll < 0.4) {
      queries.push({ q: picked.join(zh ? '' : ' '), type: 'exact', source });
    } else if (roll < 0.65) {
      const q = zh
        ? hanTypo(rng, vocab, picked.join(''))
        : picked.map((w, i) => (i === 0 ? latinTypo(rng, w) : w));
      queries.push({ q: typeof q === 'string' ? q : q.join(' '), type: 'typo', source });
    } else if (roll < 0.8) {
      const q = zh
        ? `${picked.join('')}${rng.pick(ZH_QUESTION)}`
        : `${rng.pick(EN_QUESTION)} ${picked.join(' ')}`.trim();
      queries.push({ q, type: 'question', source });
    } else {
      // Off topic: characters the base never uses, or English words it has never seen.
      let q = '';
      if (zh) {
        for (let k = rng.int(2, 6); k > 0; k--) q += rng.pick(vocab.unusedHan);
        if (rng.chance(0.5)) q += rng.pick(ZH_QUESTION);
      } else {
        const made: string[] = [];
        for (let k = rng.int(1, 3); k > 0; k--)
          made.push(`${rng.pick(['zq', 'xv', 'kj', 'wx'])}${rng.pick(SYLLABLES)}`);
        q = made.join(' ');
      }
      queries.push({ q, type: 'off-topic' });
    }
  }
  return queries;
}

/** One wrong character inside a Chinese phrase (智慧城市 → 智会城市). */
function hanTypo(rng: Rng, vocab: Vocabulary, phrase: string): string {
  if (phrase.length < 3) return phrase;
  const i = rng.int(1, phrase.length - 2);
  return phrase.slice(0, i) + rng.pick(vocab.hanChars) + phrase.slice(i + 1);
}

/** One letter dropped, doubled or two swapped in an English word. */
function latinTypo(rng: Rng, word: string): string {
  if (word.length < 4) return word;
  const i = rng.int(1, word.length - 2);
  const kind = rng.int(0, 2);
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + (word[i] as string) + word.slice(i);
  return word.slice(0, i - 1) + (word[i] as string) + (word[i - 1] as string) + word.slice(i + 1);
}
