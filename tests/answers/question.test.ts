import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/commands/ask.js';
import type { Lang } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore, type Snapshot } from '../../src/store/store.js';

let snapshot: Snapshot;
beforeAll(async () => {
  snapshot = (await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR)).current();
});

const reply = (q: string, lang: Lang) => answerQuestion(q, { ...snapshot, lang, quote: (x: string) => x });

describe('a question about a topic the article never discusses', () => {
  it('never says the article has nothing related when the question also names what it does discuss', () => {
    const answer = reply(
      'Does the article make any argument about rising production costs, and does it say anything about automation?',
      'en',
    );
    expect(answer.question?.kind).toBe('none');
    expect(answer.body).toContain('“automation”');
    expect(answer.body).not.toContain('Nor does it say anything related');
    expect(answer.body).toContain('only share words with the question');
    // The labour section (生产成本上升) is offered under its own heading, not as the answer.
    const offered = answer.fields.find((f) => f.name === 'Sections that share words');
    expect(offered?.value).toContain('Labor shortage');
    expect(answer.links.map((l) => l.target)).toContain('effect.labor');

    const zh = reply('人才引进具体有哪些政策，比如给补贴吗', 'zh-Hans');
    expect(zh.body).not.toContain('文章里也没有相关的内容');
    expect(zh.fields.some((f) => f.name === '用词相近的部分')).toBe(true);
  });

  it('says so plainly when nothing else in the question is the article’s', () => {
    const answer = reply('有没有讲到量子计算', 'zh-Hans');
    expect(answer.body).toContain('文章里也没有相关的内容');
    expect(answer.fields).toEqual([]);
  });
});

describe('a question of several questions', () => {
  it('offers our notes on what else it asks (which city, any data) beside its main answer', () => {
    const q =
      '我在写毕业论文，导师问我文章里的案例城市具体是哪个、有没有数据支撑，我答不上来。请问文中的某市采取了哪些措施？某市到底是哪个城市？文章有给出统计数据吗？';
    const answer = reply(q, 'zh-Hans');
    const also = answer.fields.find((f) => f.name === '你还问到');
    expect(also?.value).toContain('案例城市是哪里');
    expect(answer.links.map((l) => l.target)).toEqual(
      expect.arrayContaining(['about.case-city', 'about.evidence']),
    );
    // A single question asks nothing beside itself.
    expect(reply('某市采取了哪些措施', 'zh-Hans').fields.some((f) => f.name === '你还问到')).toBe(false);
  });
});
