import { describe, expect, it } from 'vitest';
import { PhraseSet, PhraseSets } from '../../src/search/lexicon.js';

describe('PhraseSet', () => {
  it('finds Chinese phrases anywhere, leftmost-longest, without overlap', () => {
    const set = new PhraseSet(['原因', '原因和对策', '对策']);
    expect(set.findAll('说说原因和对策吧，还有对策').map((f) => [f.phrase, f.index])).toEqual([
      ['原因和对策', 2],
      ['对策', 11],
    ]);
  });

  it('finds Latin phrases only as whole words, in normal form', () => {
    const set = new PhraseSet(['rate', 'Why']);
    expect(set.findAll('separate rates, the rate. why?').map((f) => f.phrase)).toEqual(['rate', 'why']);
    expect(set.findAll('separate').length).toBe(0);
  });
});

describe('PhraseSets', () => {
  const lists = {
    cause: ['原因', '为什么', 'why', 'reason'],
    strategy: ['对策', '怎么办', 'what can', 'measures'],
    compare: ['原因和对策', '分别', 'versus', 'why and'],
  };
  const sets = Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, new PhraseSet(v)])) as Record<
    keyof typeof lists,
    PhraseSet
  >;
  const together = new PhraseSets(sets);

  it('finds each kind as its own set would, kinds overlapping one another', () => {
    const texts = [
      '原因和对策分别是什么',
      'why and what can be done? measures versus reasons',
      '为什么为什么原因原因和对策和对策',
      'whyand why-and why and',
      '',
    ];
    for (const text of texts) {
      const found = together.findAll(text);
      for (const [kind, set] of Object.entries(sets)) {
        expect(found.get(kind as keyof typeof lists) ?? [], `${kind} in ${text}`).toEqual(set.findAll(text));
      }
    }
    expect([...together.findAll('原因和对策').keys()].sort()).toEqual(['cause', 'compare', 'strategy']);
  });

  it('leaves out kinds that have no match', () => {
    expect([...together.findAll('对策').keys()]).toEqual(['strategy']);
  });
});
