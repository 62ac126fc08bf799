import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { choicesFor } from '../../src/commands/spec.js';
import { Responder } from '../../src/discord/responder.js';
import { t } from '../../src/i18n/strings.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { toTraditional } from '../../src/text/chinese.js';

/** What a reader sees in each language, checked over every command and choice. */
let store: KnowledgeStore;
let responder: Responder;
beforeAll(async () => {
  store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  responder = new Responder(() => store.current());
});

function everyInvocation() {
  const knowledge = store.current().knowledge;
  return COMMANDS.flatMap((spec) => {
    const option = spec.options.find((o) => o.choicesOf);
    const values = option ? [undefined, ...choicesFor(option, knowledge)] : [undefined];
    const text =
      spec.name === 'search'
        ? { query: '房价' }
        : spec.name === 'ask'
          ? { question: '为什么年轻人都走了' }
          : {};
    return values.map((v) => ({ name: spec.name, args: option && v ? { ...text, [option.name]: v } : text }));
  });
}

function visibleText(data: ReturnType<Responder['command']>['response']['data']): string[] {
  const out: string[] = [];
  for (const e of data.embeds) {
    out.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '');
    for (const f of e.fields ?? []) out.push(f.name, f.value);
  }
  for (const row of data.components) {
    for (const c of row.components) {
      if ('label' in c && c.label) out.push(c.label);
      if ('options' in c) for (const o of c.options) out.push(o.label, o.description ?? '');
    }
  }
  return out.filter(Boolean);
}

describe('replies, as a reader sees them', () => {
  it('zh-TW replies carry no Simplified character', () => {
    for (const { name, args } of everyInvocation()) {
      for (const s of visibleText(responder.command(name, args, 'zh-TW').response.data)) {
        // The search title echoes the query exactly as typed (房价); everything else must be Traditional.
        if (s.includes('房价')) continue;
        expect(toTraditional(s), `/${name} ${JSON.stringify(args)}`).toBe(s);
      }
    }
  });

  it('English replies carry no Chinese outside quoted user input', () => {
    for (const { name, args } of everyInvocation()) {
      for (const s of visibleText(responder.command(name, args, 'en-US').response.data)) {
        if (s.includes('房价')) continue;
        expect(s, `/${name} ${JSON.stringify(args)}`).not.toMatch(/\p{Script=Han}/u);
      }
    }
  });

  it('every /strategy answer says what the case city did in that area, or that the case does not cover it', () => {
    const knowledge = store.current().knowledge;
    for (const lang of ['zh-CN', 'zh-TW', 'en-US']) {
      for (const area of choicesFor(
        COMMANDS.find((c) => c.name === 'strategy')?.options[0] ?? {
          name: '',
          type: 'string',
          description: { en: '', zh: '' },
        },
        knowledge,
      )) {
        const { answer } = responder.command('strategy', { area }, lang);
        const l = answer.lang;
        expect(
          answer.fields.map((f) => f.name),
          `${area} ${lang}`,
        ).toContain(t(l, 'caseDid'));
      }
    }
  });

  it('no two parts of the outline share a heading', () => {
    const headings = [...store.current().knowledge.parts.values()].flatMap((p) =>
      p.heading ? [p.heading['zh-Hans']] : [],
    );
    expect(new Set(headings).size).toBe(headings.length);
  });
});
