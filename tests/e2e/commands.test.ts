/**
 * Slash commands end to end: the real Bot, the real discord.js client, the fake Discord on 127.0.0.1.
 * Expectations come from the knowledge base (titles, headings) and from the Responder (whole payloads).
 */

import type {
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOptionChoice,
  APIInteractionResponse,
  InteractionType,
} from 'discord-api-types/v10';
import {
  ApplicationCommandOptionType,
  ComponentType,
  InteractionResponseType,
  Locale,
  MessageFlags,
} from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { registerCommands } from '../../src/discord/register.js';
import { t } from '../../src/i18n/strings.js';
import type { Knowledge, Lang } from '../../src/knowledge/model.js';
import {
  autocompleteInteraction,
  chatInputInteraction,
  DEFAULT_GUILD_ID,
  DEFAULT_USER,
  messageCreate,
  opt,
  type RecordedRequest,
  snowflake,
} from '../support/fake-discord.js';
import { messageData, type StartedBot, startBot, TEST_TOKEN } from '../support/start-bot.js';
import { assertWithinDiscordLimits } from './limits.js';

type Option = APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommand>;

const LOCALES: [Locale, Lang][] = [
  [Locale.ChineseCN, 'zh-Hans'],
  [Locale.ChineseTW, 'zh-Hant'],
  [Locale.EnglishUS, 'en'],
];

let env: StartedBot;
let k: Knowledge;

beforeAll(async () => {
  env = await startBot();
  k = env.store.current().knowledge;
});
afterAll(() => env?.stop());

const roundTrip: StartedBot['roundTrip'] = (interaction) => env.roundTrip(interaction);

async function command(name: string, locale: Locale, options: Option[] = []) {
  const body = await roundTrip(chatInputInteraction({ name, locale, options }));
  expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return messageData(body);
}

/** The payload the Responder builds for the same command: the bot must send exactly this. */
function expected(name: string, args: Record<string, string | boolean>, locale: Locale) {
  return env.responder.command(name, args, locale).response.data;
}

function embedOf(data: ReturnType<typeof messageData>) {
  const embed = data.embeds?.[0];
  if (!embed) throw new Error('reply has no embed');
  return embed;
}

function section(id: string) {
  const s = k.byId.get(id);
  if (!s) throw new Error(`no section ${id} in knowledge/`);
  return s;
}

function buttonIds(data: ReturnType<typeof messageData>): string[] {
  return (data.components ?? []).flatMap((row) =>
    'components' in row
      ? row.components.flatMap((c) =>
          c.type === ComponentType.Button && 'custom_id' in c ? [c.custom_id] : [],
        )
      : [],
  );
}

const PARTS = [
  ['causes', 'cause'],
  ['effects', 'effect'],
  ['strategy', 'strategy'],
  ['case', 'case'],
] as const;

describe.each(LOCALES)('every command in %s', (locale, lang) => {
  it.each(PARTS)('/%s without an option: the part heading and each of its sections', async (name, kind) => {
    const data = await command(name, locale);
    const part = k.parts.get(kind);
    const sections = k.sections.filter((s) => s.kind === kind);
    expect(embedOf(data).title).toBe(part?.heading?.[lang]);
    expect(embedOf(data).fields?.map((f) => f.name)).toEqual(sections.map((s) => s.title[lang]));
    expect(buttonIds(data)).toEqual(sections.map((s) => `open:${s.id}`));
    expect(data.flags).toBeUndefined();
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(data.embeds).toEqual(expected(name, {}, locale).embeds);
  });

  it('/search query: a result list that links the housing section', async () => {
    const query = lang === 'en' ? 'housing prices' : '房价';
    const data = await command('search', locale, [opt.string('query', query)]);
    expect(embedOf(data).title).toBe(t(lang, 'searchTitle', { query }));
    expect(buttonIds(data)).toContain('open:effect.housing');
    expect(data.flags).toBeUndefined();
    expect(data.embeds).toEqual(expected('search', { query }, locale).embeds);
    expect(data.components).toEqual(expected('search', { query }, locale).components);
  });

  it('/ask question: answers with a cause, in the locale language', async () => {
    const question = '为什么年轻人都去大城市了';
    const data = await command('ask', locale, [opt.string('question', question)]);
    const causes = k.sections.filter((s) => s.kind === 'cause');
    const hit = causes.find((s) => s.title[lang] === embedOf(data).title);
    expect(hit, `title ${embedOf(data).title} is not a cause in ${lang}`).toBeDefined();
    expect(embedOf(data).description).toBe(hit?.text[lang]);
    // Where it sits in the outline, then in the article (§part.paragraph).
    expect(embedOf(data).footer?.text).toContain(
      `${k.parts.get('cause')?.label[lang]} › ${hit?.title[lang]} · `,
    );
    expect(embedOf(data).footer?.text).toContain(`§${hit?.cite[0]?.part}.${hit?.cite[0]?.paragraph}`);
    expect(data.embeds).toEqual(expected('ask', { question }, locale).embeds);
  });

  it('/topics: the outline, with a menu of every section', async () => {
    const data = await command('topics', locale);
    expect(embedOf(data).title).toBe(t(lang, 'topicsTitle', { title: k.source.title[lang] }));
    for (const s of k.sections) expect(embedOf(data).description).toContain(s.title[lang]);
    const [row] = data.components ?? [];
    const menu = row && 'components' in row ? row.components[0] : undefined;
    if (menu?.type !== ComponentType.StringSelect) throw new Error('no select menu in the first row');
    expect(menu.custom_id).toBe('menu:open');
    expect(menu.options.map((o) => o.value)).toEqual(k.sections.slice(0, 25).map((s) => s.id));
    // Named as on buttons: a case entry with its part, so it is not taken for the strategy it illustrates.
    const partOf = (s: (typeof k.sections)[number]) => k.parts.get(s.kind)?.label[lang] ?? '';
    menu.options.forEach((o, i) => {
      const s = k.sections[i] as (typeof k.sections)[number];
      expect(o.label).toContain(s.title[lang]);
      if (s.kind === 'case') expect(o.label.startsWith(partOf(s))).toBe(true);
      else expect(o.label).toBe(s.title[lang]);
    });
    expect(data.components).toEqual(expected('topics', {}, locale).components);
  });

  it('/help: every command listed; only the asker sees it', async () => {
    const data = await command('help', locale);
    expect(embedOf(data).title).toBe(t(lang, 'helpTitle'));
    for (const c of COMMANDS) expect(embedOf(data).description).toContain(`/${c.name}`);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
  });

  it('/about: the source and the knowledge edition; only the asker sees it', async () => {
    const data = await command('about', locale);
    expect(embedOf(data).title).toBe(t(lang, 'aboutTitle'));
    expect(embedOf(data).description).toBe(k.source.description[lang]);
    expect(
      embedOf(data)
        .fields?.map((f) => f.value)
        .join('\n'),
    ).toContain(k.version);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
  });
});

describe('Simplified, Traditional and English really differ', () => {
  it('the same /causes factor:economic in three locales gives three different titles from knowledge/', async () => {
    const titles = [];
    for (const [locale, lang] of LOCALES) {
      const data = await command('causes', locale, [opt.string('factor', 'economic')]);
      expect(embedOf(data).title).toBe(section('cause.economic').title[lang]);
      titles.push(embedOf(data).title);
    }
    expect(new Set(titles).size).toBe(3);
  });
});

describe.each(LOCALES)('options with values in %s', (locale, lang) => {
  it('/causes factor:economic: the cause in full, with the strategies that answer it', async () => {
    const data = await command('causes', locale, [opt.string('factor', 'economic')]);
    const s = section('cause.economic');
    expect(embedOf(data).title).toBe(s.title[lang]);
    expect(embedOf(data).description).toBe(s.text[lang]);
    expect(embedOf(data).fields?.map((f) => f.name)).toContain(
      t(lang, 'editorialHeading', { name: t(lang, 'strategiesFor') }),
    );
    expect(data.embeds).toEqual(expected('causes', { factor: 'economic' }, locale).embeds);
  });

  it('/effects area:housing', async () => {
    const data = await command('effects', locale, [opt.string('area', 'housing')]);
    expect(embedOf(data).title).toBe(section('effect.housing').title[lang]);
    expect(embedOf(data).description).toBe(section('effect.housing').text[lang]);
  });

  it('/strategy area:industry: the strategy and what the case city did', async () => {
    const data = await command('strategy', locale, [opt.string('area', 'industry')]);
    expect(embedOf(data).title).toBe(section('strategy.industry').title[lang]);
    const caseField = embedOf(data).fields?.find((f) => f.name === t(lang, 'caseDid'));
    expect(caseField, 'no case field').toBeDefined();
    // What the case city did, less what repeats the strategy's own words.
    for (const m of section('case.industry').measures)
      if (m.repeats) expect(caseField?.value).not.toContain(m.text[lang]);
      else expect(caseField?.value).toContain(m.text[lang]);
    expect(data.embeds).toEqual(expected('strategy', { area: 'industry' }, locale).embeds);
  });

  it('/case measure:urban-rural', async () => {
    const data = await command('case', locale, [opt.string('measure', 'urban-rural')]);
    const s = section('case.urban-rural');
    expect(embedOf(data).title).toBe(s.title[lang]);
    expect(embedOf(data).footer?.text).toContain(`${k.parts.get('case')?.label[lang]} › ${s.title[lang]} · `);
    expect(embedOf(data).footer?.text).toContain(`§${s.cite[0]?.part}.${s.cite[0]?.paragraph}`);
  });
});

describe('private and not found', () => {
  it('private:true makes the reply ephemeral (flags 64); without it the reply is public', async () => {
    const priv = await command('causes', Locale.EnglishUS, [
      opt.string('factor', 'economic'),
      opt.boolean('private', true),
    ]);
    expect(priv.flags).toBe(MessageFlags.Ephemeral);
    const pub = await command('causes', Locale.EnglishUS, [
      opt.string('factor', 'economic'),
      opt.boolean('private', false),
    ]);
    expect(pub.flags).toBeUndefined();
    expect(priv.embeds).toEqual(pub.embeds);
  });

  it.each(LOCALES)(
    '/search for gibberish in %s: an ephemeral "nothing found" with tips',
    async (locale, lang) => {
      const query = 'xqzvblorf';
      const data = await command('search', locale, [opt.string('query', query)]);
      expect(data.flags).toBe(MessageFlags.Ephemeral);
      expect(embedOf(data).title).toBe(t(lang, 'notFoundTitle'));
      expect(embedOf(data).description).toContain(query);
      expect(embedOf(data).description).toContain(t(lang, 'tryInstead'));
    },
  );

  it('a vague query offers "did you mean" suggestions as buttons', async () => {
    const query = 'city';
    const exp = env.responder.command('search', { query }, Locale.EnglishUS);
    // Precondition from the search engine itself, so a tuning change shows up here and not as a mystery.
    expect(exp.answer.status).toBe('not-found');
    expect(exp.answer.links.length).toBeGreaterThan(0);
    const data = await command('search', Locale.EnglishUS, [opt.string('query', query)]);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(embedOf(data).fields?.[0]?.name).toBe(t('en', 'didYouMean'));
    expect(buttonIds(data)).toEqual(exp.answer.links.map((l) => `open:${l.target}`));
    expect(data.embeds).toEqual(exp.response.data.embeds);
  });

  it('an unknown option value is answered privately with the valid choices', async () => {
    const data = await command('causes', Locale.EnglishUS, [opt.string('factor', 'weather')]);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    // Each choice by its name in the reader's language, with the value to type.
    for (const id of ['cause.economic', 'cause.policy', 'cause.social'])
      expect(embedOf(data).description).toContain(
        `${k.byId.get(id)?.title.en} (${id.slice('cause.'.length)})`,
      );
  });

  it('each interaction is logged once with its id, command and status', async () => {
    const i = chatInputInteraction({ name: 'about', locale: Locale.EnglishUS });
    await roundTrip(i);
    const line = await env.waitForLog((l) => l.interaction === i.id);
    expect(line).toMatchObject({
      level: 30,
      msg: 'interaction',
      kind: '/about',
      status: 'ok',
      locale: 'en-US',
    });
    expect(env.logs.filter((l) => l.level >= 40)).toEqual([]);
  });
});

describe('/search autocomplete', () => {
  async function autocomplete(value: string, locale: Locale = Locale.EnglishUS) {
    const i = env.fake.sendInteraction(
      autocompleteInteraction({ name: 'search', locale, options: [opt.string('query', value, true)] }),
    );
    const body: APIInteractionResponse = await env.fake.waitForCallback(i.id);
    assertWithinDiscordLimits(body);
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    if (body.type !== InteractionResponseType.ApplicationCommandAutocompleteResult)
      throw new Error('unreachable');
    const choices = (body.data.choices ?? []) as APIApplicationCommandOptionChoice<string>[];
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.value).toMatch(/^open:/);
      expect(k.byId.has(c.value.slice('open:'.length)), c.value).toBe(true);
    }
    return choices;
  }

  it('typing a keyword suggests the matching section; values are "open:<id>"', async () => {
    const choices = await autocomplete('房价', Locale.ChineseTW);
    expect(choices.map((c) => c.value)).toContain('open:effect.housing');
    const housing = choices.find((c) => c.value === 'open:effect.housing');
    const s = section('effect.housing');
    expect(housing?.name).toBe(`${k.parts.get('effect')?.label['zh-Hant']} › ${s.title['zh-Hant']}`);
  });

  it('an empty box lists the sections in outline order', async () => {
    const choices = await autocomplete('');
    expect(choices.map((c) => c.value)).toEqual(k.sections.slice(0, 25).map((s) => `open:${s.id}`));
  });

  it('picking a suggestion (query "open:effect.housing") opens that section', async () => {
    for (const [locale, lang] of LOCALES) {
      const data = await command('search', locale, [opt.string('query', 'open:effect.housing')]);
      expect(embedOf(data).title).toBe(section('effect.housing').title[lang]);
      expect(embedOf(data).description).toBe(section('effect.housing').text[lang]);
    }
  });
});

describe('rate limit (a second bot with 3 per window)', () => {
  let limited: StartedBot;
  beforeAll(async () => {
    limited = await startBot({ rateLimit: { count: 3, windowMs: 60_000 } });
  });
  afterAll(() => limited?.stop());

  async function send(userId: string, locale: Locale = Locale.EnglishUS) {
    const i = limited.fake.sendInteraction(
      chatInputInteraction({ name: 'topics', locale, user: { ...DEFAULT_USER, id: userId } }),
    );
    const body = await limited.fake.waitForCallback(i.id);
    assertWithinDiscordLimits(body);
    return messageData(body);
  }

  it('the 4th command from one user gets an ephemeral "slow down"; another user is still answered', async () => {
    const alice = snowflake();
    const bob = snowflake();
    for (let n = 0; n < 3; n++) expect((await send(alice)).flags).toBeUndefined();
    const fourth = await send(alice, Locale.ChineseCN);
    expect(fourth.flags).toBe(MessageFlags.Ephemeral);
    // "你发得太快了，请 {seconds} 秒后再试。" with the seconds left in the 60 s window.
    const [before = '', after = ''] = t('zh-Hans', 'slowDown', { seconds: '\u0000' }).split('\u0000');
    const text = fourth.embeds?.[0]?.description ?? '';
    expect(text.startsWith(before) && text.endsWith(after), text).toBe(true);
    const seconds = Number(text.slice(before.length, text.length - after.length));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    const other = await send(bob);
    expect(other.flags).toBeUndefined();
    expect(other.embeds?.[0]?.title).toBe(t('en', 'topicsTitle', { title: k.source.title.en }));
    expect(limited.logs.some((l) => l.status === 'rate-limited' && l.kind === '/topics')).toBe(true);
  });

  it('mentions count against the same limit: over it, a mention is logged and not answered', async () => {
    const carol = { ...DEFAULT_USER, id: snowflake() };
    const mention = () =>
      messageCreate({ content: 'why do people leave?', mentionsBot: true, author: carol });
    const replied = (id: string) => (r: RecordedRequest) =>
      r.method === 'POST' &&
      (r.body as { message_reference?: { message_id?: string } })?.message_reference?.message_id === id;
    for (let n = 0; n < 3; n++) {
      const m = limited.fake.sendMessage(mention());
      await limited.fake.waitForRequest(replied(m.id));
    }
    const fourth = limited.fake.sendMessage(mention());
    await limited.waitForLog((l) => l.message === fourth.id && l.status === 'rate-limited');
    expect(limited.fake.requests.some(replied(fourth.id))).toBe(false);
  });
});

describe('registerCommands against the fake', () => {
  const names = COMMANDS.map((c) => c.name);

  it('with a guild id: one bulk PUT to the guild route', async () => {
    const before = env.fake.requests.length;
    const result = await registerCommands(k, {
      token: TEST_TOKEN,
      applicationId: env.fake.applicationId,
      guildId: DEFAULT_GUILD_ID,
      apiUrl: env.fake.restBase,
    });
    expect(result).toEqual({ scope: `guild ${DEFAULT_GUILD_ID}`, names });
    const sent = env.fake.requests.slice(before).filter((r) => r.path.includes('/commands'));
    expect(sent.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `PUT /applications/${env.fake.applicationId}/guilds/${DEFAULT_GUILD_ID}/commands 200`,
    ]);
    expect(sent[0]?.headers.authorization).toBe(`Bot ${TEST_TOKEN}`);
    expect(env.fake.commands.get(DEFAULT_GUILD_ID)?.map((c) => c.name)).toEqual(names);
  });

  it('without a guild id: one bulk PUT to the global route; the body is complete', async () => {
    const before = env.fake.requests.length;
    const result = await registerCommands(k, {
      token: TEST_TOKEN,
      applicationId: env.fake.applicationId,
      apiUrl: env.fake.restBase,
    });
    expect(result.scope).toBe('global');
    const sent = env.fake.requests.slice(before).filter((r) => r.path.includes('/commands'));
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${env.fake.applicationId}/commands`,
    ]);
    const body = sent[0]?.body as {
      name: string;
      description: string;
      description_localizations?: Record<string, string>;
      integration_types?: number[];
      contexts?: number[];
      options?: {
        name: string;
        type: number;
        autocomplete?: boolean;
        choices?: { name: string; value: string; name_localizations?: Record<string, string> }[];
      }[];
    }[];
    expect(body).toHaveLength(9);
    expect(body.map((c) => c.name)).toEqual([
      'causes',
      'effects',
      'strategy',
      'case',
      'search',
      'ask',
      'topics',
      'help',
      'about',
    ]);
    for (const c of body) {
      expect(c.name).toMatch(/^[a-z]+$/);
      expect(c.description).toMatch(/^[\x20-\x7e]+$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(Object.keys(c.description_localizations ?? {}).sort()).toEqual(['zh-CN', 'zh-TW']);
      expect(c.description_localizations?.['zh-CN']).not.toBe(c.description);
      expect(c.integration_types).toEqual([0, 1]);
      expect(c.contexts).toEqual([0, 1, 2]);
    }
    const byName = new Map(body.map((c) => [c.name, c]));
    for (const [name, kind] of PARTS) {
      const option = byName.get(name)?.options?.find((o) => o.type === ApplicationCommandOptionType.String);
      const ids = k.sections.filter((s) => s.kind === kind).map((s) => s.id.slice(kind.length + 1));
      expect(
        option?.choices?.map((c) => c.value),
        name,
      ).toEqual(ids);
      const first = option?.choices?.[0];
      expect(first?.name).toBe(section(`${kind}.${ids[0]}`).title.en);
      expect(first?.name_localizations).toEqual({
        'zh-CN': section(`${kind}.${ids[0]}`).title['zh-Hans'],
        'zh-TW': section(`${kind}.${ids[0]}`).title['zh-Hant'],
      });
    }
    const query = byName.get('search')?.options?.find((o) => o.name === 'query');
    expect(query?.autocomplete).toBe(true);
    expect(query?.choices).toBeUndefined();
    expect(env.fake.commands.get('global')?.map((c) => c.name)).toEqual(names);
  });
});
