/**
 * Replies a student can quote (issue 8): the article's words and ours never confused, nothing
 * said twice, titles that can be told apart, and a citation on every one of the article's sections.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import { ComponentType, InteractionResponseType, Locale, MessageFlags } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answers/model.js';
import { renderText } from '../../src/answers/text.js';
import { partAnswer, searchAnswer, summary } from '../../src/answers/views.js';
import { COMMANDS } from '../../src/commands/index.js';
import { choicesFor } from '../../src/commands/spec.js';
import { commandDefinitions } from '../../src/discord/definitions.js';
import { handleInteraction } from '../../src/discord/interactions.js';
import { RateLimiter } from '../../src/discord/rate-limit.js';
import { type InteractionPlan, Responder, type WireMessage } from '../../src/discord/responder.js';
import type { Knowledge, Lang, Section } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import type { SearchHit } from '../../src/search/engine.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { buttonInteraction } from '../support/fake-discord.js';

let store: KnowledgeStore;
let responder: Responder;
let k: Knowledge;
beforeAll(async () => {
  store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  responder = new Responder(() => store.current());
  k = store.current().knowledge;
});

const LOCALES: [string, Lang][] = [
  ['zh-CN', 'zh-Hans'],
  ['zh-TW', 'zh-Hant'],
  ['en-US', 'en'],
];
/** The editorial label each language shows: 编者注, 編者註 (Taiwan writes 註 for notes), our reading. */
const LABEL: Record<Lang, RegExp> = { 'zh-Hans': /编者注/, 'zh-Hant': /編者註/, en: /our reading/i };

/** A click on a section's button on a private message: the page turns in place. */
const open = (target: string, locale: string) => responder.component(`open:${target}`, [], locale, true);
const embedOf = (plan: InteractionPlan) => (plan.response.data as WireMessage).embeds[0] as APIEmbed;
const buttonsOf = (plan: InteractionPlan) =>
  (plan.response.data as WireMessage).components.flatMap((row) =>
    row.components.flatMap((c) =>
      c.type === ComponentType.Button && 'custom_id' in c ? [{ id: c.custom_id, label: c.label ?? '' }] : [],
    ),
  );

/** Every reply worth checking: each section opened, each command with each of its choices, in each language. */
function everyReply(): { where: string; lang: Lang; answer: Answer; plan: InteractionPlan }[] {
  const out: { where: string; lang: Lang; answer: Answer; plan: InteractionPlan }[] = [];
  for (const [locale, lang] of LOCALES) {
    for (const s of k.sections) {
      const plan = open(s.id, locale);
      out.push({ where: `/open ${s.id} (${locale})`, lang, answer: plan.answer, plan });
      if (lang === 'en') {
        const original = responder.component(`zh:${s.id}`, [], locale, true);
        out.push({ where: `zh:${s.id} (${locale})`, lang, answer: original.answer, plan: original });
      }
    }
    for (const spec of COMMANDS) {
      const option = spec.options.find((o) => o.choicesOf);
      if (!option && !['about', 'topics'].includes(spec.name)) continue;
      for (const value of [undefined, ...(option ? choicesFor(option, k) : [])]) {
        const args = option && value ? { [option.name]: value } : {};
        const plan = responder.command(spec.name, args, locale);
        out.push({ where: `/${spec.name} ${value ?? ''} (${locale})`, lang, answer: plan.answer, plan });
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Repetition, checked on the text as a reader gets it, with its own reading of "the same".

/** What a reply says: body and field values of its text rendering (not the title, headings, buttons or footer). */
function saidLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.filter(
    (line, i) =>
      !/^== .* ==$/.test(line) &&
      !/^-- .* --$/.test(line) &&
      !/\(\/open [^)]+\)/.test(line) &&
      !/^ {2}\/open /.test(line) &&
      !(i === lines.length - 1 && /^\(.*\)$/.test(line)),
  );
}

/** Clauses: split at sentence and clause marks, quotes and brackets; compared without spacing, width or 了. */
function clausesOf(lines: string[]): string[] {
  return lines
    .flatMap((l) => l.normalize('NFKC').split(/[。！？!?；;，,：:•()（）“”「」"]|\s[—–-]\s|\.(?:\s|$)/))
    .map((c) => c.toLowerCase().replace(/[\s了]/g, ''))
    .filter((c) => c.length > 0);
}

const isHan = (s: string) => /\p{Script=Han}/u.test(s);
/**
 * Long enough to be a statement rather than a stock phrase or a subject (人口净流出的城市 opens
 * several of the article's sentences): 6 characters of Chinese, 6 words of English.
 */
const substantial = (c: string, original: string) =>
  isHan(c) ? [...c].length >= 6 : original.trim().split(/\s+/).length >= 6;

function bigrams(s: string): string[] {
  const chars = [...s];
  return chars.slice(0, -1).map((ch, i) => ch + chars[i + 1]);
}
function dice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  const pool = [...y];
  let shared = 0;
  for (const g of x) {
    const i = pool.indexOf(g);
    if (i >= 0) {
      shared++;
      pool.splice(i, 1);
    }
  }
  return (2 * shared) / Math.max(1, x.length + y.length);
}

function repeats(text: string): string[] {
  const lines = saidLines(text);
  const raw = lines.flatMap((l) =>
    l.normalize('NFKC').split(/[。！？!?；;，,：:•()（）“”「」"]|\s[—–-]\s|\.(?:\s|$)/),
  );
  const clauses = clausesOf(lines);
  const found: string[] = [];
  clauses.forEach((a, i) => {
    if (!substantial(a, raw.find((r) => r.toLowerCase().replace(/[\s了]/g, '') === a) ?? a)) return;
    clauses.forEach((b, j) => {
      if (i === j) return;
      // The same clause; or one that is most of another (通过 + the same words); or nearly the same characters.
      const same = a === b && i < j;
      const inside = a !== b && b.includes(a) && [...a].length / [...b].length >= 0.6;
      const near = a !== b && i < j && isHan(a) && isHan(b) && [...b].length >= 6 && dice(a, b) >= 0.8;
      if (same || inside || near) found.push(`“${a}” ~ “${b}”`);
    });
  });
  return found;
}

describe('no reply says the same thing twice', () => {
  it('the check itself finds the repetitions of old (a measure re-quoting its text, a link restating its target)', () => {
    expect(
      repeats('== x ==\n通过产业升级和多元化发展，提高城市的产业竞争力。\n\n-- m --\n• 提高城市的产业竞争力'),
    ).not.toEqual([]);
    expect(repeats('== x ==\nbody\n\n-- m --\n• 优化产业结构：结语列出的措施之一：优化产业结构')).not.toEqual(
      [],
    );
    // The case city "提高了" what the strategy "提高": the same clause all the same.
    expect(
      repeats('== x ==\n提高城市的宜居性和便利性。\n\n-- c --\n• 提高了城市的宜居性和便利性'),
    ).not.toEqual([]);
    expect(
      repeats(
        '== x ==\nMake the city more liveable and convenient for everyone.\n\n-- c --\n• make the city more liveable and convenient for everyone',
      ),
    ).not.toEqual([]);
    expect(repeats('== x ==\n人口减少导致住房需求下降。\n\n-- c --\n• 回流的人才同样需要住房')).toEqual([]);
  });

  it('in any reply: every section in every language (with the Chinese original too), every command and choice', () => {
    const found: string[] = [];
    for (const { where, answer } of everyReply()) {
      // /topics is the outline: titles under their parts' headings, not statements.
      if (where.startsWith('/topics')) continue;
      for (const r of repeats(renderText(answer))) found.push(`${where}: ${r}`);
    }
    expect(found).toEqual([]);
  });

  it("`repeats` marks exactly the case measures worded mostly (60 %+ of character pairs) as their strategy's text", () => {
    let marked = 0;
    for (const example of k.sections.filter((x) => x.kind === 'case')) {
      const strategy = k.byId.get(`strategy.${example.id.slice('case.'.length)}`);
      if (!strategy) continue;
      const pairs = new Set(bigrams(strategy.text['zh-Hans'].normalize('NFKC').replace(/[了\s]/g, '')));
      for (const m of example.measures) {
        const own = bigrams(m.text['zh-Hans'].normalize('NFKC').replace(/[了\s]/g, ''));
        const shared = own.filter((g) => pairs.has(g)).length / Math.max(1, own.length);
        expect(m.repeats === true, `${example.id}: ${m.text['zh-Hans']} (${shared.toFixed(2)})`).toBe(
          shared >= 0.6,
        );
        if (m.repeats) marked++;
      }
    }
    // Hidden are only the repetitions; what the case adds (schools and hospitals, firms moving in) stays.
    expect(marked).toBeGreaterThan(0);
  });

  it('a strategy says what the case city did once, and that the rest is worded as the strategy', () => {
    for (const [locale, lang] of LOCALES) {
      for (const s of k.sections.filter((x) => x.kind === 'strategy')) {
        const example = k.byId.get(`case.${s.id.slice('strategy.'.length)}`);
        if (!example) continue;
        const text = renderText(open(s.id, locale).answer);
        for (const m of example.measures) {
          // What only the case says is shown; what repeats the strategy is not.
          if (m.repeats) expect(text, `${s.id} ${lang}`).not.toContain(`• ${m.text[lang]}`);
          else expect(text, `${s.id} ${lang}`).toContain(`• ${m.text[lang]}`);
        }
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------

describe("the article's words and ours", () => {
  const linked = (s: Section) => s.measures.filter((m) => m.section);

  it('every link reason and note is under the editorial label, in the embed and in the text, in every language', () => {
    let checked = 0;
    for (const [locale, lang] of LOCALES) {
      for (const s of k.sections) {
        const plan = open(s.id, locale);
        const embed = embedOf(plan);
        const text = renderText(plan.answer);
        const ours = [...linked(s).map((m) => m.text[lang]), ...(s.note ? [s.note[lang]] : [])];
        for (const words of ours) {
          checked++;
          const field = embed.fields?.find((f) => f.value.includes(words));
          expect(field, `${s.id} ${lang}: “${words}” not shown`).toBeDefined();
          expect(field?.name, `${s.id} ${lang}`).toMatch(LABEL[lang]);
          // In the text: the nearest heading above it carries the label.
          const before = text.slice(0, text.indexOf(words));
          const heading = [...before.matchAll(/^-- (.*) --$/gm)].pop()?.[1];
          expect(heading, `${s.id} ${lang}`).toMatch(LABEL[lang]);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3 * 10);
  });

  it("the clause a link rests on is quoted as the article's", () => {
    for (const [locale, lang] of LOCALES) {
      for (const s of k.sections) {
        const text = renderText(open(s.id, locale).answer);
        for (const m of linked(s)) {
          const clause = m.restsOn?.[lang] as string;
          const quoted =
            lang === 'en'
              ? `the article: “${clause}”`
              : lang === 'zh-Hant'
                ? `原文：「${clause}」`
                : `原文：“${clause}”`;
          expect(text, `${s.id} ${lang}`).toContain(quoted);
        }
      }
    }
  });

  it('a body that is ours (about the article) is labelled; the article’s own never is', () => {
    for (const [locale, lang] of LOCALES) {
      for (const s of k.sections) {
        const plan = open(s.id, locale);
        const embed = embedOf(plan);
        const text = renderText(plan.answer);
        const intro = text.split('\n')[1] ?? '';
        if (s.editorial) {
          expect(embed.author?.name, `${s.id} ${lang}`).toMatch(LABEL[lang]);
          expect(intro, `${s.id} ${lang}`).toMatch(LABEL[lang]);
        } else {
          expect(embed.author, `${s.id} ${lang}`).toBeUndefined();
          expect(intro).not.toMatch(LABEL[lang]);
          // The article's words are not under the label anywhere.
          for (const f of embed.fields ?? [])
            if (LABEL[lang].test(f.name)) expect(f.value).not.toContain(s.text[lang]);
        }
      }
    }
  });

  it('search results and part overviews label the about-the-article notes too', () => {
    const about = k.sections.filter((s) => s.editorial);
    expect(about.length).toBeGreaterThan(0);
    for (const [, lang] of LOCALES) {
      const hits: SearchHit[] = about.map((s) => ({ id: s.id, score: 1 }));
      for (const answer of [searchAnswer(k, hits, lang, 'x'), partAnswer(k, 'about', lang)]) {
        const text = renderText(answer);
        for (const s of about) {
          const at = text.indexOf(summary(s.text[lang]).slice(0, 12));
          expect(at, `${s.id} ${lang}`).toBeGreaterThan(0);
          const heading = [...text.slice(0, at).matchAll(/^-- (.*) --$/gm)].pop()?.[1];
          expect(heading, `${s.id} ${lang}`).toMatch(LABEL[lang]);
        }
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------

describe('citations', () => {
  it("every reply of the article's own words cites where it sits: §part.paragraph in the footer", () => {
    for (const [locale, lang] of LOCALES) {
      for (const s of k.sections) {
        const footer = embedOf(open(s.id, locale)).footer?.text ?? '';
        const text = renderText(open(s.id, locale).answer);
        if (s.editorial) {
          expect(footer).not.toMatch(/§/);
          continue;
        }
        for (const c of s.cite) {
          expect(footer, `${s.id} ${lang}`).toContain(`§${c.part}.${c.paragraph}`);
          expect(text.split('\n').pop(), `${s.id} ${lang}`).toContain(`§${c.part}.${c.paragraph}`);
        }
        // English is ours: the footer says it is a translation.
        if (lang === 'en') expect(footer).toMatch(/translation/);
        else expect(footer).toMatch(/原文/);
      }
    }
  });

  it('an English reply offers the Chinese original (zh:<section id>); a Chinese one does not', () => {
    for (const s of k.sections) {
      const en = buttonsOf(open(s.id, 'en-US')).map((b) => b.id);
      if (s.editorial) expect(en).not.toContain(`zh:${s.id}`);
      else expect(en, s.id).toContain(`zh:${s.id}`);
      for (const locale of ['zh-CN', 'zh-TW'])
        expect(buttonsOf(open(s.id, locale)).some((b) => b.id.startsWith('zh:'))).toBe(false);
    }
  });

  it('the button, over the raw interaction both transports share, shows the Chinese beside the English', () => {
    const limiter = new RateLimiter(0, 20_000);
    for (const s of k.sections.filter((x) => !x.editorial)) {
      const onPublic = handleInteraction(
        buttonInteraction(`zh:${s.id}`, { locale: Locale.EnglishUS }),
        responder,
        limiter,
      );
      // On a public message: answered to the clicker alone, like any button.
      if (!onPublic) throw new Error('no reply to the button');
      expect(onPublic.response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      const data = (onPublic.response as unknown as { data: WireMessage }).data;
      expect(data.flags).toBe(MessageFlags.Ephemeral);
      const embed = data.embeds[0] as APIEmbed;
      expect(embed.description).toBe(s.text.en);
      expect(embed.fields?.[0]?.value).toBe(s.text['zh-Hans']);
      // Not offered again on the page that shows it.
      expect(
        data.components
          .flatMap((r) => r.components)
          .some((c) => 'custom_id' in c && c.custom_id.startsWith('zh:')),
      ).toBe(false);
    }
    // A private page turns in place.
    const turned = responder.component('zh:cause.policy', [], 'en-US', true);
    expect(turned.delivery).toBe('update');
    // A forged or stale one is answered politely.
    expect(responder.component('zh:nope', [], 'en-US', true).answer.status).toBe('error');
  });
});

// ------------------------------------------------------------------------------------------------

describe('titles that can be told apart', () => {
  it('no button or menu entry under a reply bears a label the same as, or inside, another one', () => {
    const clash: string[] = [];
    for (const { where, plan } of everyReply()) {
      // Buttons, and the /topics menu, which lists every section in one pick-list.
      const menu = (plan.response.data as WireMessage).components.flatMap((row) =>
        row.components.flatMap((c) =>
          c.type === ComponentType.StringSelect ? c.options.map((o) => o.label) : [],
        ),
      );
      const labels = [...buttonsOf(plan).map((b) => b.label), ...menu].map((l) =>
        l.toLowerCase().normalize('NFKC'),
      );
      labels.forEach((a, i) => {
        labels.forEach((b, j) => {
          if (i !== j && b.includes(a)) clash.push(`${where}: “${a}” / “${b}”`);
        });
      });
    }
    expect(clash).toEqual([]);
  });

  it('a case and the strategy it illustrates are told apart wherever both are buttons', () => {
    const plan = open('strategy.infrastructure', 'zh-CN');
    const labels = buttonsOf(plan).map((b) => b.label);
    expect(labels.some((l) => l.includes('基础设施建设') && l !== '基础设施建设')).toBe(true);
  });

  it('English spells labor one way everywhere a reader sees it, choice names included', () => {
    const seen: string[] = [];
    for (const { where, answer, lang } of everyReply()) {
      if (lang === 'en' && /labour/i.test(renderText(answer))) seen.push(where);
    }
    const definitions = JSON.stringify(commandDefinitions(k));
    expect(definitions).not.toMatch(/labour/i);
    expect(definitions).toMatch(/"Labor shortage"/);
    expect(seen).toEqual([]);
  });
});
