import { beforeAll, describe, expect, it } from 'vitest';
import { Conversations } from '../../src/answers/conversation.js';
import { answerQuestion } from '../../src/commands/ask.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import {
  ANALYSED_HEAD,
  ANALYSED_TAIL,
  analysedPart,
  QuestionEngine,
  type Resolution,
  type Topic,
} from '../../src/search/question.js';
import { KnowledgeStore, type Snapshot } from '../../src/store/store.js';
import { evaluateAsk, formatAskReport, loadAskSet } from '../eval/ask-evaluate.js';

let snapshot: Snapshot;
let ask: (q: string, previous?: Topic) => Resolution;

beforeAll(async () => {
  snapshot = (await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR)).current();
  ask = (q, previous) => snapshot.questions.answer(q, previous);
});

describe('the evaluation set as readers write (tests/eval/ask/test.json, never tuned on)', () => {
  it('answers ≥ 90 % right, names what is missing in ≥ 90 % of out-of-scope questions, hedges ≤ 3 % of in-scope ones', () => {
    const report = evaluateAsk(snapshot.questions, loadAskSet('test'));
    // Only the figures: the items of the held-out half are not shown, so nobody tunes on them.
    const summary = formatAskReport('test half', report);
    expect(report.total, summary).toBeGreaterThanOrEqual(120);
    expect(report.right / report.total, summary).toBeGreaterThanOrEqual(0.9);
    expect(report.named / report.outOfScope, summary).toBeGreaterThanOrEqual(0.9);
    expect(report.hedged / report.inScope, summary).toBeLessThanOrEqual(0.03);
  });
});

describe('the form of the answer', () => {
  it('reads attracting people back as the subject itself, and 没有/认为 as no subject', () => {
    expect(ask('政府可以做乜嘢吸引人返嚟住').parts).toEqual(['strategy']);
    expect(ask('政府可以做什么吸引人回来').parts).toEqual(['strategy']);
    expect(ask('吸引人才回流有什么办法').main).toBe('strategy.industry');
    expect(
      ask('请问这篇文章有提到高龄化或者出生率的问题吗？如果没有，那文章认为人口流出会带来哪些影响？'),
    ).toMatchObject({ kind: 'part', parts: ['effect'] });
  });

  it('a broad question gets the whole part; a specific one gets one section', () => {
    expect(ask('人口流失会造成什么后果')).toMatchObject({ kind: 'part', parts: ['effect'] });
    expect(ask('what can a city do about it?')).toMatchObject({ kind: 'part', parts: ['strategy'] });
    expect(ask('房价下跌会带来什么影响')).toMatchObject({ kind: 'section', main: 'effect.housing' });
  });

  it('the question word steers which part answers, not a shared content word', () => {
    // 政策 is in the policy cause's title; the question asks for recommendations.
    expect(ask('有哪些政策建议').parts).toEqual(['strategy']);
    expect(ask('为什么人才留不住').main ?? ask('为什么人才留不住').parts[0]).toMatch(/^cause/);
  });

  it('asks for several parts side by side, in the order asked', () => {
    expect(ask('原因和对策分别是什么')).toMatchObject({ kind: 'compare', parts: ['cause', 'strategy'] });
    expect(ask('strategies vs what the city actually did')).toMatchObject({
      kind: 'compare',
      parts: ['strategy', 'case'],
    });
    // Each part in a question of its own, after the reader's story.
    const story = '我家鄉在南部一個小鎮，同學畢業後幾乎都北上找頭路，街上很多店都收了。';
    expect(
      ask(`${story}想請教：人口外移主要會造成哪些影響？文章建議地方政府可以採取哪些對策？`),
    ).toMatchObject({
      kind: 'compare',
      parts: ['effect', 'strategy'],
    });
    // "效果怎么样" after two questions is part of the case, not the only thing asked.
    expect(ask('文章里提到的应对策略有哪些？文章里的某市是怎么做的，最后效果怎么样？').kind).toBe('compare');
    // A conclusion the reader did not reach asks nothing of the article's.
    expect(ask('我们吵了半天没结论。请问文章里把原因分成哪几类？').parts).toEqual(['cause']);
  });

  it('answers questions about the article itself from our notes', () => {
    expect(ask('案例里的某市到底是哪个城市？').main).toBe('about.case-city');
    expect(ask('what data or sources does it use?').main).toBe('about.evidence');
    expect(ask('這篇文章的作者是誰').main).toBe('about.article');
    expect(ask("What is the article's overall argument?")).toMatchObject({ main: 'overview', uncovered: [] });
    expect(ask('這篇文章的案例研究在講什麼？').parts).toEqual(['case']);
    expect(ask('政府可以做啲乜？').parts).toEqual(['strategy']);
    expect(ask('did the measures work?').main).toBe('case.outcome');
    // "Where" is about the article when it asks where it appeared, about the city otherwise.
    expect(ask('这篇文章在哪里发表的？').main).toBe('about.article');
    expect(ask('某市在哪里').main).toBe('about.case-city');
    // What it rests on, whichever part is named.
    expect(ask('这些对策有什么依据').main).toBe('about.evidence');
    // How to cite it is about the article, not a "how" asking for strategies.
    expect(ask('這篇文章的出處在哪裡？我可以怎麼引用？').main).toBe('about.article');
    expect(ask('How do I cite this article?').main).toBe('about.article');
    expect(ask('文章作者认为城市该怎么做').parts).toEqual(['strategy']);
    // Asked about the article in words it does not use: our note, not "nothing found".
    expect(ask('How should I cite this piece? Is there an author, year or venue?').main).toBe(
      'about.article',
    );
    expect(ask('Give me a summary of the whole article.').main).toBe('about.article');
    expect(ask('文章里有没有具体数据可以引用').main).toBe('about.evidence');
    // The words of asking ("its account of", "the piece describes") are no topic it lacks.
    expect(
      ask("Contrast the article's account of causes with its account of consequences.").uncovered,
    ).toEqual([]);
    expect(ask('What are the main consequences of net outflow that the piece describes?').uncovered).toEqual(
      [],
    );
  });

  it('answers "does it propose anything for X" with our note when no measure speaks of X', () => {
    // cause.policy's note: the article proposes nothing for the household registration system.
    const hukou = ask('Does the article propose any measure addressing the household registration system?');
    expect(hukou.main).toBe('cause.policy');
    expect(snapshot.knowledge.byId.get('cause.policy')?.note).toBeDefined();
    expect(ask('户籍制度的问题文章有没有给出解决办法').main).toBe('cause.policy');
    // …while a cause whose measures do speak of it gets the strategy they link to.
    expect(ask('针对教育资源不均衡有什么对策').main).toBe('strategy.public-services');
    expect(ask('What does it propose to fix the economic causes?').main).toBe('strategy.industry');
  });

  it('says, as our note, that the article ranks nothing when asked which matters most', () => {
    const ranked = ask('经济因素和社会因素，哪个更重要？');
    expect(ranked).toMatchObject({ kind: 'compare', parts: ['cause'], asksRanking: true });
    expect(ask('which of the strategies matters most?').asksRanking).toBe(true);
    // The words of the asking ("by importance") are not a topic the article lacks.
    expect(ask('Does the article rank the causes by importance?')).toMatchObject({
      parts: ['cause'],
      uncovered: [],
      asksRanking: true,
    });
    expect(ask('原因和对策分别是什么').asksRanking).toBeUndefined();
    // A bare comparative asks why, not which: no ranking, no comparison.
    expect(ask('为啥依赖劳动密集型产业的城市受影响更大')).toMatchObject({
      kind: 'section',
      main: 'effect.labor',
    });
    expect(ask('为啥依赖劳动密集型产业的城市受影响更大').asksRanking).toBeUndefined();
    expect(ask('Why do young people leave for bigger cities?')).toMatchObject({
      kind: 'part',
      parts: ['cause'],
    });
    expect(ask('房价下跌和劳动力短缺，哪个影响更大？').asksRanking).toBe(true);
    const ctx = { ...snapshot, lang: 'zh-Hans' as const, quote: (x: string) => x };
    const fields = answerQuestion('经济因素和社会因素，哪个更重要？', ctx).fields;
    const note = fields.findIndex((f) => f.value.includes('没有给它们排序'));
    expect(note).toBeGreaterThanOrEqual(0);
    expect(fields[note]?.editorial).toBe(true);
    expect(fields[note]?.value).toContain('按文章的顺序');
    // Before the article's own fields.
    expect(fields.slice(0, note).every((f) => f.editorial)).toBe(true);
    expect(answerQuestion('原因和对策分别是什么', ctx).fields.some((f) => f.value.includes('排序'))).toBe(
      false,
    );
  });

  it('reads 对人口流出有影响吗 as asking for a cause, and words for leaving as the subject', () => {
    expect(ask('网购对小城市人口流出有影响吗')).toMatchObject({ kind: 'part', parts: ['cause'] });
    expect(ask('點解啲人都搬走晒？').parts).toEqual(['cause']);
  });
});

describe('what the article does not cover', () => {
  it('names places, figures and topics as the question writes them', () => {
    const r = ask('伊春2020年人口為什麼減少了30%？');
    expect(r.uncovered).toEqual(expect.arrayContaining(['伊春', '2020年', '30%']));
    expect(r.parts).toEqual(['cause']);
    expect(ask('Does the article mention Flint or the Ruhr?').uncovered).toEqual(['Flint', 'Ruhr']);
    expect(ask('人口外流对养老金有什么影响').uncovered).toEqual(['养老金']);
    // A name after "e.g." is inside a sentence, not the capital that starts one.
    expect(ask('Does it cite the shrinking-cities literature, e.g. Oswalt?').uncovered).toEqual(['Oswalt']);
    expect(ask('Is it like other cases, vs. Detroit?').uncovered).toEqual(['Detroit']);
  });

  it('does not hedge an in-scope question', () => {
    for (const q of [
      '年轻人为什么都去大城市',
      'how does better transport help keep talent?',
      '房價下跌影響銀行嗎',
      // Directions and verbs jieba tags as time words or places: 提上去, 新建了.
      '就业机会提上去了人就回来吗',
      '那个市新建了医院吗',
      // ICT is the article's 信息通信 (information and communication technology).
      'Does it recommend building out ICT infrastructure?',
    ])
      expect(ask(q).uncovered, q).toEqual([]);
  });

  it('names lower-case places and acronyms even when the rest is in the article', () => {
    const r = ask('how did pittsburgh bring its industry back?');
    expect(r.uncovered).toEqual(['pittsburgh']);
    expect(r.kind).not.toBe('none');
    expect(ask('what should harbin do about its young people leaving').uncovered).toEqual(['harbin']);
    expect(ask('文章提到用AI补劳动力吗').uncovered).toContain('AI');
    // Dates are figures; 今天 is not.
    expect(ask('2015年以后人口为什么减少').uncovered).toEqual(['2015年以后']);
    expect(ask('今天想问问人口流失的原因').uncovered).toEqual([]);
  });

  it('says figures are not given, rather than that the subject is not mentioned', () => {
    const ctx = { ...snapshot, lang: 'en' as const, quote: (x: string) => x };
    for (const q of [
      'how many people have left these cities since 2010?',
      'how many people left the case city?',
    ]) {
      const answer = answerQuestion(q, ctx);
      const text = [answer.body ?? '', ...answer.fields.map((f) => f.value)].join('\n');
      expect(text, q).toMatch(/gives no figures, years or statistics \(none for [^)]*how many people/);
      expect(text, q).not.toMatch(/does not mention [^.]*how many/);
    }
  });

  it('answers a question the same whatever was asked before it', () => {
    // Predecessors that exercise the engine's matchers (the subject's words, causes, a
    // figure, English); each probe must get the answer it gets after a neutral question.
    const before = [
      '网购对小城市人口流出有影响吗',
      'why do young people leave?',
      '2020年人口减少了多少',
      '你好',
    ];
    const probes = [...loadAskSet('tune').map((c) => c.q), '點解啲人都搬走晒？', '为什么大家都搬走了'];
    for (const q of probes) {
      ask('你好');
      const alone = ask(q);
      for (const b of before) {
        ask(b);
        expect(ask(q), `${q} after ${b}`).toEqual(alone);
      }
    }
  });

  it('answers nothing to off-topic questions in every language', () => {
    for (const q of [
      '量子力学里的薛定谔方程是什么',
      '今天台北天氣如何',
      "what's the offside rule in football?",
      // A word of the article's inside another word (截图 is no chart), or a bare adjective.
      'iPhone點樣截圖？',
      'What is the boiling point of water at high altitude?',
    ])
      expect(ask(q).kind, q).toBe('none');
    expect(ask('文章里有图吗').main).toBe('about.evidence');
  });
});

describe('slips and regional words', () => {
  it('repairs question words typed by sound or with a slip', () => {
    expect(ask('人口流失的愿因是什么').parts).toEqual(['cause']);
    expect(ask('为神么年轻人不回来').main ?? ask('为神么年轻人不回来').parts[0]).toMatch(/^cause/);
    expect(ask('what stratgey does it propose?').parts).toEqual(['strategy']);
    // A real word one edit from a question word is no slip: "losing" is not "closing".
    expect(ask('What strategies does it propose for cities losing population?').parts).toEqual(['strategy']);
  });

  it('but leaves real words alone (那个市 is not 哪个市)', () => {
    expect(ask('那个市的城乡融合是怎么搞的').main).toBe('case.urban-rural');
  });

  it('reads plain English and Cantonese wording as readers write it', () => {
    // Verbs of asking are no subject: "identify", "put forward".
    expect(ask('What effects of net outflow does the article identify?').parts).toEqual(['effect']);
    expect(ask('What causal factors does the article put forward?').parts).toEqual(['cause']);
    expect(ask('Summarise the causes alongside the effects.')).toMatchObject({
      kind: 'compare',
      parts: ['cause', 'effect'],
    });
    expect(ask('ok and where does it go from here — any forward look?').main).toBe('outlook');
    // The opening's "distinctive local economies" (特色经济), in English.
    expect(ask('What does the author mean by developing distinctive local economies?').main).toBe('overview');
    // 邊度 alone is any "where", not the case city's.
    expect(ask('今晚去邊度食飯好').kind).toBe('none');
    expect(ask('某市喺邊度？').main).toBe('about.case-city');
    expect(ask('啲舖頭執晒係咪因為人少咗').main).toBe('effect.consumption');
    // How to cite it, and the order of the causes, are not topics the article lacks.
    expect(ask('How should I cite this article in APA?')).toMatchObject({
      main: 'about.article',
      uncovered: [],
    });
    expect(ask('文章有把原因排出先後順序嗎').uncovered).toEqual([]);
    expect(ask('把整篇文章给我捋一遍').main).toBe('about.article');
  });

  it('reads Taiwan, Hong Kong and English words as the article’s', () => {
    expect(ask('捷運對留住人才有幫助嗎').main).toMatch(/infrastructure/);
    expect(ask('薪資太低是人口外移的原因嗎').main).toBe('cause.economic');
    expect(ask('what does the article say about foreclosures?').main).toBe('effect.housing');
  });
});

describe('follow-ups', () => {
  it('continue the last answer when the question has no subject of its own', () => {
    const first = ask('为什么年轻人都离开小城市');
    const next = ask('那政府能做什么？', QuestionEngine.topicOf(first));
    expect(next.parts).toEqual(['strategy']);
    const strategy = ask('优化产业结构具体指什么');
    expect(ask('那个案例城市是怎么做的', QuestionEngine.topicOf(strategy)).main).toBe('case.industry');
    expect(ask('tell me more', QuestionEngine.topicOf(strategy)).main).toBe('strategy.industry');
    expect(ask('再讲多点', QuestionEngine.topicOf(strategy)).main).toBe('strategy.industry');
    // "Did the case city adopt it?" after a strategy the case study lacks: the strategy says so.
    const governance = ask('Tell me about the governance strategy.');
    expect(ask('Did the case city adopt it?', QuestionEngine.topicOf(governance)).main).toBe(
      'strategy.governance',
    );
    // Figures asked of the section just shown: that section, with the figures named as not given.
    const prices = ask(
      'What about housing?',
      QuestionEngine.topicOf(ask('What happens to consumer spending?')),
    );
    const figures = ask('Are there any figures on how far prices fall?', QuestionEngine.topicOf(prices));
    expect(figures.main).toBe('effect.housing');
    expect(figures.uncovered.length).toBeGreaterThan(0);
    // "第二条" after a section and its other matches: the second of them, the main one first.
    const strategies = ask(
      '有哪些策略能解决这个问题',
      QuestionEngine.topicOf(ask('人口流出对房地产有啥影响')),
    );
    expect(strategies.others.length).toBeGreaterThan(0);
    expect(ask('第二条详细说说', QuestionEngine.topicOf(strategies)).main).toBe(strategies.others[0]);
    // "Which strategy answers that?" after a cause: the strategies that cause's measures link to.
    const social = ask('Why do families move away?');
    expect(social.main).toBe('cause.social');
    const which = ask('Which strategy answers that?', QuestionEngine.topicOf(social));
    expect([which.main, ...which.others]).toEqual([
      'strategy.public-services',
      'strategy.infrastructure',
      'cause.social',
    ]);
    // "how about X?" asks about X in the same vein, not how to do something.
    const housing = ask('人口流出对消费有什么影响');
    expect(ask('how about housing?', QuestionEngine.topicOf(housing)).main).toBe('effect.housing');
    expect(ask('講多啲', QuestionEngine.topicOf(strategy)).main).toBe('strategy.industry');
  });

  it('are remembered per user and channel, for a few minutes only', () => {
    let now = 0;
    const conversations = new Conversations({ ttlMs: 1000, maxEntries: 2, now: () => now });
    const ctx = (user: string) => ({
      ...snapshot,
      lang: 'en' as const,
      quote: (s: string) => s,
      memory: conversations.of(user, 'c1'),
    });
    answerQuestion('What strategies does the article propose?', ctx('u1'));
    expect(answerQuestion('and what did the city do about it?', ctx('u1')).question?.parts).toEqual(['case']);
    // Another user in the same channel has no conversation yet.
    expect(answerQuestion('tell me more', ctx('u2')).question?.kind).toBe('none');
    now += 2000;
    expect(answerQuestion('tell me more', ctx('u1')).question?.kind).toBe('none');
    for (const u of ['a', 'b', 'c']) answerQuestion('why do people leave?', ctx(u));
    expect(conversations.size).toBe(2);
  });
});

describe('long questions', () => {
  it('a 1,500-character report-style question is read, not refused', () => {
    const background = '我在写一份关于家乡的报告，这几年街上很多店都关了，年轻人都去外地打工了。'.repeat(30);
    const question = `${background}请问人口净流出的原因和对策分别是什么？`;
    expect(question.length).toBeGreaterThan(1000);
    const answer = answerQuestion(question, { ...snapshot, lang: 'zh-Hans', quote: (s) => s });
    expect(answer.status).toBe('ok');
    expect(answer.question).toMatchObject({ kind: 'compare', parts: ['cause', 'strategy'] });
  });

  it('names nothing of the reader’s own story, only what a question asks about', () => {
    const q =
      '老师让我们写一篇关于家乡人口流失的调研报告，我老家是一个四线小城，这几年我初中同学基本都去了深圳和杭州打工，过年才回来，街上的店也关了不少，我爸说家里那套房子挂了一年都卖不出去。我想问一下，人口净流出到底会给城市带来哪些影响？还有，文章里觉得导致人口流出的原因主要有哪些？';
    expect(ask(q)).toMatchObject({ kind: 'compare', parts: ['effect', 'cause'], uncovered: [] });
    // …while a place the question itself asks about is named.
    expect(ask(`${q.slice(0, 90)}。文章里有没有讲到鹤岗？`).uncovered).toContain('鹤岗');
  });

  it('reads a story sentence as story: its words ask nothing when another sentence asks', () => {
    // "这个城市没什么希望了" is the reader's town, not the case city; 社会实践 is no case study.
    const story =
      '老师布置了一个社会实践作业，我们要调查家乡的变化。我家在一个以前靠煤矿的小城市，这几年矿关了好多，街上的年轻人越来越少，我身边的人都说这个城市没什么希望了，我毕业以后估计也要出去。';
    const r = ask(`${story}我想知道文章说的机遇具体指什么？这类城市以后的发展方向是什么？`);
    expect(r.parts).not.toContain('case');
    expect(r.main ?? r.parts[0]).not.toMatch(/^case/);
    // Two question sentences asking two parts, the second naming the first again ("针对这些原因").
    const two = ask(
      `${story}想问一下：第一，文章认为人口净流出的主要原因有哪几类？第二，针对这些原因，文章提出了哪些应对策略？`,
    );
    expect(two).toMatchObject({ kind: 'compare', parts: ['cause', 'strategy'] });
    // Three parts asked in one sentence, comma after comma.
    const three = ask(
      `${story}想请你帮我梳理一下：人口净流出会带来什么问题，这些城市应该怎么应对，未来的发展方向又是怎样的？`,
    );
    expect(three).toMatchObject({ kind: 'compare', parts: ['effect', 'strategy', 'outlook'] });
  });

  it('names what an English report-style question asks about, not its story', () => {
    const q =
      "My fieldwork is in two small towns, where official data show the population falling by a fifth since 2010. I'd like to situate those numbers within this article's framework: what consequences does the article attribute to sustained outflow, and does it say anything about Northeast China specifically?";
    expect(ask(q).uncovered).toEqual(['Northeast']);
  });

  it('reads the opening and the close of a longer one, cut at clause breaks', () => {
    const story = '我老家在一个小县城，我爸妈都还在那边，我每年过年回去一次。'.repeat(60);
    expect(story.length).toBeGreaterThan(1500);
    // What is asked at the start, or at the end, of 2,000-odd characters is read.
    expect(ask(`我想问一下，人口净流出会带来哪些影响？${story}谢谢！`)).toMatchObject({
      kind: 'part',
      parts: ['effect'],
    });
    expect(ask(`${story}那政府应该怎么办？`)).toMatchObject({ kind: 'part', parts: ['strategy'] });
    const part = analysedPart(`问题是：${story}结尾。`);
    expect(part.length).toBeLessThanOrEqual(ANALYSED_HEAD + ANALYSED_TAIL + 1);
    expect(part.startsWith('问题是：')).toBe(true);
    expect(part.endsWith('结尾。')).toBe(true);
    // Each piece begins and ends at a clause: no half words.
    for (const piece of part.split('\n'))
      expect(piece).toMatch(/^(?:问题是|我老家|我爸妈|我每年)[\s\S]*[，：。]$/);
    expect(analysedPart('短问题')).toBe('短问题');
    // A long question's story names nothing missing; what its questions name, it does.
    const long = ask(`${story}我想问一下：文章里有没有讲到鹤岗？我去年去过伊春，那边人很少。`);
    expect(long.uncovered).toContain('鹤岗');
    expect(long.uncovered).not.toContain('伊春');
    expect(ask(`${story}文章在(1)原因(2)对策两方面各说了什么？`).uncovered).toEqual([]);
    // Cut between the halves of an astral character, neither half survives.
    const astral = analysedPart('😀'.repeat(1000));
    expect(astral).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
});
