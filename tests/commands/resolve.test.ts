import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answers/model.js';
import { runCommand } from '../../src/commands/dispatch.js';
import { parseLine } from '../../src/commands/parse-line.js';
import { resolveArea } from '../../src/commands/resolve.js';
import { t } from '../../src/i18n/strings.js';
import type { Knowledge, Lang } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { closest, distance } from '../../src/text/similar.js';

/** Forgiving input: "did you mean" for commands and option values, option values in Chinese. */
let store: KnowledgeStore;
let knowledge: Knowledge;
beforeAll(async () => {
  store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  knowledge = store.current().knowledge;
});

function run(line: string, lang: Lang = 'en'): Answer {
  return runCommand(parseLine(line), { ...store.current(), lang, quote: (s: string) => s });
}

const didYouMean = (a: Answer, lang: Lang = 'en') =>
  a.fields.find((f) => f.name === t(lang, 'didYouMean'))?.value;

describe('unknown commands', () => {
  it('suggests the command that was meant', () => {
    for (const [typed, meant] of [
      ['/strategies industry', '/strategy'],
      ['/cause', '/causes'],
      ['/effect housing', '/effects'],
      ['/topic', '/topics'],
      ['/hlep', '/help'],
      ['/serach 房价', '/search'],
    ] as const) {
      const answer = run(typed);
      expect(answer.status, typed).toBe('error');
      expect(didYouMean(answer), typed).toContain(`\`${meant}\``);
    }
  });

  it('suggests nothing for a command nothing resembles', () => {
    const answer = run('/zzzzzzzz');
    expect(answer.status).toBe('error');
    expect(answer.body).toContain('/help');
    expect(didYouMean(answer)).toBeUndefined();
  });
});

describe('option values', () => {
  it('suggests the value that was meant: economy → economic', () => {
    const answer = run('/causes economy');
    expect(answer.status).toBe('error');
    expect(didYouMean(answer)).toContain('`/causes factor:economic`');
    expect(didYouMean(run('/strategy infrastucture'))).toContain('`/strategy area:infrastructure`');
    // A misspelt option name: the value after it is what was meant.
    expect(didYouMean(run('/causes factr:economic'))).toContain('`/causes factor:economic`');
    expect(didYouMean(run('/causes factor:x:housing'))).toBe('housing is an effect: `/effects area:housing`');
  });

  it('says which command a value of another part belongs to: housing given to /strategy is an effect', () => {
    expect(didYouMean(run('/strategy housing'))).toBe('housing is an effect: `/effects area:housing`');
    expect(didYouMean(run('/effects economic'))).toBe('economic is a cause: `/causes factor:economic`');
    expect(didYouMean(run('/causes industry'))).toBe('industry is a strategy: `/strategy area:industry`');
    const zh = run('/strategy housing', 'zh-Hans');
    expect(didYouMean(zh, 'zh-Hans')).toContain('`/effects area:housing`');
    expect(didYouMean(zh, 'zh-Hans')).toContain(knowledge.byId.get('effect.housing')?.title['zh-Hans']);
  });

  it('lists the choices by their names in the reader’s language, with the value to type', () => {
    for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as const) {
      const answer = run('/causes nonsense', lang);
      for (const id of ['cause.economic', 'cause.policy', 'cause.social']) {
        const section = knowledge.byId.get(id);
        expect(answer.body, `${lang} ${id}`).toContain(section?.title[lang]);
        expect(answer.body).toContain(id.slice('cause.'.length));
      }
    }
  });

  it('accepts values in Chinese, Simplified or Traditional, as titles or keywords', () => {
    for (const [line, id] of [
      ['/causes 经济', 'cause.economic'],
      ['/causes 經濟', 'cause.economic'],
      ['/causes factor:政策', 'cause.policy'],
      ['/effects 房价', 'effect.housing'],
      ['/effects 房價', 'effect.housing'],
      ['/effects 劳动力', 'effect.labor'],
      ['/strategy 公共服务', 'strategy.public-services'],
      ['/strategy 城鄉融合', 'strategy.urban-rural'],
      ['/case 产业升级', 'case.industry'],
    ] as const) {
      const answer = run(line, 'zh-Hant');
      expect(answer.status, line).toBe('ok');
      expect(answer.ids[0], line).toBe(id);
    }
  });

  it('a Chinese value naming another part points there; one naming nothing lists the choices', () => {
    expect(didYouMean(run('/strategy 房价'))).toBe('housing is an effect: `/effects area:housing`');
    const none = run('/causes 火星');
    expect(none.status).toBe('error');
    expect(didYouMean(none)).toBeUndefined();
  });

  it('/case governance: the case study has no governance measure; it offers the strategy instead of an error', () => {
    for (const line of ['/case governance', '/case measure:governance', '/case 治理']) {
      for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as const) {
        const answer = run(line, lang);
        expect(answer.status, `${line} ${lang}`).toBe('not-found');
        expect(answer.title).toBe(t(lang, 'caseHasNoTitle'));
        expect(answer.body).toContain(knowledge.byId.get('strategy.governance')?.title[lang]);
        expect(answer.body).toContain('`/strategy area:governance`');
        expect(answer.links.map((l) => l.target)).toEqual(['strategy.governance']);
      }
    }
    // A case measure that exists is answered as before.
    expect(run('/case industry').status).toBe('ok');
  });

  it('never throws on odd values', () => {
    for (const v of [
      '',
      ' ',
      '.',
      '..',
      'constructor',
      '__proto__',
      'cause.economic',
      '经',
      '\u0000',
      '🙂'.repeat(80),
    ]) {
      for (const kind of ['cause', 'effect', 'strategy', 'case'] as const) {
        expect(() => resolveArea(knowledge, kind, v)).not.toThrow();
      }
    }
    expect(resolveArea(knowledge, 'cause', '__proto__').kind).toBe('unknown');
  });
});

describe('an empty /ask', () => {
  it('asks for a question, not for search words', () => {
    for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as const) {
      for (const line of ['/ask', '/ask   ', '/ask private:true']) {
        const answer = run(line, lang);
        expect(answer.status).toBe('error');
        expect(answer.body).toBe(t(lang, 'emptyQuestion'));
        expect(answer.body).not.toBe(t(lang, 'emptyQuery'));
      }
    }
    expect(run('/search').body).toBe(t('en', 'emptyQuery'));
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and swaps, and gives up past the limit', () => {
    expect(distance('economy', 'economic')).toBe(2);
    expect(distance('hlep', 'help')).toBe(1);
    expect(distance('strategies', 'strategy')).toBe(3);
    expect(distance('a', 'abcdefgh', 3)).toBe(4);
    expect(closest('strategies', ['strategy', 'search', 'causes'])).toEqual(['strategy']);
    expect(closest('', ['strategy'])).toEqual([]);
  });
});
