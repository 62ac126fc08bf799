/**
 * Issue 10 end to end, against the fake Discord: logs that leak no interaction or webhook token
 * and no request body, whatever fails; mentions answered only where the bot may speak; every
 * entry point counted against the user's rate limit.
 */

import { type APIInteraction, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OncePerChannel } from '../../src/discord/permissions.js';
import {
  AUTOCOMPLETE_MAX_CHARS,
  AUTOCOMPLETE_MAX_TERMS,
  COMMAND_TEXT_UNITS,
} from '../../src/discord/query-cap.js';
import { AUTOCOMPLETE_FACTOR } from '../../src/discord/rate-limit.js';
import { createLogger } from '../../src/logger.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  DEFAULT_APP_PERMISSIONS,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD,
  DEFAULT_GUILD_ID,
  DEFAULT_USER,
  type FakeFault,
  messageCreate,
  opt,
  type RecordedRequest,
  selectInteraction,
  snowflake,
} from '../support/fake-discord.js';
import { type StartedBot, startBot } from '../support/start-bot.js';

let env: StartedBot;

beforeAll(async () => {
  env = await startBot({ logLevel: 'debug' });
});
afterAll(() => env?.stop());

/** Every log line written since `from`, as written. */
const linesSince = (from: number) => env.rawLogs.slice(from).join('\n');

describe('logs leak no interaction token, webhook URL or request body', () => {
  const callbackFaults: [string, FakeFault, number][] = [
    ['500 on every attempt', { status: 500 }, 4],
    ['404 Unknown interaction (10062)', { status: 404, code: 10062 }, 1],
    ['401 Invalid Webhook Token', { status: 401, code: 50027 }, 1],
  ];

  it.each(callbackFaults)(
    'a failed callback (%s): logged with the id, without the token or the body',
    async (_name, fault, n) => {
      const from = env.rawLogs.length;
      env.fake.failNextCallbacks(n, fault);
      const i = env.fake.sendInteraction(
        chatInputInteraction({ name: 'search', options: [opt.string('query', '房价')] }),
      );
      const line = await env.waitForLog((l) => l.interaction === i.id && l.level === 40);
      const logged = linesSince(from);
      expect(JSON.stringify(line.err)).toContain(String(fault.status));
      expect(logged).toContain(i.id);
      expect(logged).not.toContain(i.token);
      expect(logged).not.toContain(i.token.slice(5, 25)); // nor a piece of it
      // The reply that could not be delivered is not in the log either.
      const title = env.store.current().knowledge.byId.get('effect.housing')?.title['zh-Hans'] ?? '';
      expect(title.length).toBeGreaterThan(0);
      expect(logged).not.toContain(title);
      expect(logged).not.toContain('"requestBody"');
      // Where the URL is logged, its token segment is replaced.
      expect(logged).toContain(`/interactions/${i.id}/[redacted]/callback`);
    },
  );

  it('a failed follow-up through the interaction webhook: no webhook token in the log', async () => {
    const from = env.rawLogs.length;
    const isWebhook = (r: { method: string; path: string }) =>
      r.method === 'POST' && r.path.startsWith('/webhooks/');
    env.fake.failNextRequests(isWebhook, 4, { status: 500 });
    // A pick on a public menu: the menu is reset by the callback, the answer follows through the webhook.
    const i: APIInteraction = env.fake.sendInteraction(selectInteraction('menu:open', ['effect.housing']));
    await env.waitForLog((l) => l.interaction === i.id && l.level >= 40);
    const logged = linesSince(from);
    expect(logged).not.toContain(i.token);
    expect(logged).not.toMatch(/\/webhooks\/\d+\/(?!\[redacted\])/);
  });
});

describe('the logger redacts URL tokens in any error it serializes', () => {
  it('in the message, the stack, the url, nested objects and causes; request bodies dropped', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (l: string) => void lines.push(l) },
    });
    const hook = 'https://discord.com/api/v10/webhooks/123456789012345678/WEBHOOKsecret_abc-DEF';
    const callback =
      'https://discord.com/api/v10/interactions/123456789012345678/aW50ZXJhY3Rpb246c2VjcmV0/callback';
    const cause = new Error(`connect ECONNRESET ${hook}/messages/@original`);
    const err = Object.assign(new Error(`POST ${callback} failed`, { cause }), {
      url: callback,
      requestBody: { files: undefined, json: { type: 4, data: { content: 'the private answer' } } },
      nested: { request: { url: `${hook}?wait=true` } },
    });
    logger.warn({ err }, 'could not deliver the reply');
    logger.error(err);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('WEBHOOKsecret');
      expect(line).not.toContain('aW50ZXJhY3Rpb246c2VjcmV0');
      expect(line).not.toContain('the private answer');
      expect(line).toContain('/interactions/123456789012345678/[redacted]/callback');
      expect(line).toContain('/webhooks/123456789012345678/[redacted]');
    }
    expect(JSON.parse(lines[0] ?? '{}').err.nested.request.url).toBe(
      'https://discord.com/api/v10/webhooks/123456789012345678/[redacted]?wait=true',
    );
  });
});

describe('answering only where the bot may speak', () => {
  const READ_ONLY = '1300000000000000011';
  const NO_EMBEDS = '1300000000000000012';
  const NO_HISTORY = '1300000000000000013';
  const THREAD = '1300000000000000014';
  const deny = (...bits: bigint[]) => [
    { id: DEFAULT_GUILD_ID, type: 0 as const, allow: '0', deny: bits.reduce((a, b) => a | b, 0n).toString() },
  ];
  let perms: StartedBot;

  beforeAll(async () => {
    perms = await startBot({
      fake: {
        guilds: [
          {
            ...DEFAULT_GUILD,
            channels: [
              { id: DEFAULT_CHANNEL_ID, name: 'general' },
              {
                id: READ_ONLY,
                name: 'announcements',
                permissionOverwrites: deny(PermissionFlagsBits.SendMessages),
              },
              {
                id: NO_EMBEDS,
                name: 'no-embeds',
                permissionOverwrites: deny(PermissionFlagsBits.EmbedLinks),
              },
              {
                id: NO_HISTORY,
                name: 'no-history',
                permissionOverwrites: deny(
                  PermissionFlagsBits.ReadMessageHistory,
                  PermissionFlagsBits.SendMessagesInThreads,
                ),
              },
            ],
            threads: [{ id: THREAD, parentId: NO_HISTORY }],
          },
        ],
      },
    });
  });
  afterAll(() => perms?.stop());

  const posts = (channel: string) => (r: RecordedRequest) =>
    r.method === 'POST' && r.path === `/channels/${channel}/messages`;
  const mention = (channelId: string) =>
    perms.fake.sendMessage(messageCreate({ content: 'why do people leave?', mentionsBot: true, channelId }));
  const skipped = () => perms.logs.filter((l) => l.msg.startsWith('cannot answer mentions in this channel'));

  it('no Send Messages: 30 mentions make no request and one log line naming the channel and the permission', async () => {
    for (let n = 0; n < 30; n++) mention(READ_ONLY);
    // A mention where it may speak, sent after them, is answered: so the 30 were handled (and skipped) first.
    const ok = mention(DEFAULT_CHANNEL_ID);
    await perms.fake.waitForRequest(
      (r) =>
        posts(DEFAULT_CHANNEL_ID)(r) &&
        (r.body as { message_reference?: { message_id?: string } })?.message_reference?.message_id === ok.id,
    );
    expect(perms.fake.requests.filter(posts(READ_ONLY))).toEqual([]);
    expect(skipped()).toEqual([
      expect.objectContaining({
        level: 40,
        channel: READ_ONLY,
        guild: DEFAULT_GUILD_ID,
        missing: ['SendMessages'],
      }),
    ]);
  });

  it('no Embed Links, no Read Message History, no Send Messages in Threads: each named, each channel once', async () => {
    for (let n = 0; n < 3; n++) {
      mention(NO_EMBEDS);
      mention(NO_HISTORY);
      mention(THREAD);
    }
    await vi.waitFor(() => expect(skipped()).toHaveLength(4));
    const byChannel = Object.fromEntries(skipped().map((l) => [l.channel, l.missing]));
    expect(byChannel[NO_EMBEDS]).toEqual(['EmbedLinks']);
    expect(byChannel[NO_HISTORY]).toEqual(['ReadMessageHistory']); // a text channel needs no thread permission
    expect(byChannel[THREAD]).toEqual(['ReadMessageHistory', 'SendMessagesInThreads']);
    for (const channel of [NO_EMBEDS, NO_HISTORY, THREAD])
      expect(perms.fake.requests.filter(posts(channel))).toEqual([]);
  });

  it('the bot role granting what @everyone is denied is enough', async () => {
    const roleOnly = await startBot({
      fake: {
        guilds: [{ ...DEFAULT_GUILD, everyonePermissions: '0', botRolePermissions: DEFAULT_APP_PERMISSIONS }],
      },
    });
    try {
      const m = roleOnly.fake.sendMessage(
        messageCreate({ content: 'why do people leave?', mentionsBot: true }),
      );
      const reply = await roleOnly.fake.waitForRequest(
        (r) =>
          posts(DEFAULT_CHANNEL_ID)(r) &&
          (r.body as { message_reference?: { message_id?: string } })?.message_reference?.message_id === m.id,
      );
      expect(reply.status).toBe(200);
    } finally {
      await roleOnly.stop();
    }
  });
});

describe('OncePerChannel', () => {
  it('says yes once per channel until the entry expires, and holds at most `max` channels', () => {
    let now = 0;
    const once = new OncePerChannel(3, 1000, () => now);
    expect([once.first('a'), once.first('a'), once.first('b')]).toEqual([true, false, true]);
    now = 999;
    expect(once.first('a')).toBe(false);
    now = 1000;
    expect(once.first('a')).toBe(true);
    for (let i = 0; i < 100; i++) once.first(`c${i}`);
    expect(once.size).toBe(3);
    expect(once.first('c99')).toBe(false); // the newest stay
    expect(once.first('a')).toBe(true); // the oldest went
  });
});

describe('every entry point counts against the user (a bot with 3 per window)', () => {
  let limited: StartedBot;
  beforeAll(async () => {
    limited = await startBot({ rateLimit: { count: 3, windowMs: 60_000 } });
  });
  afterAll(() => limited?.stop());

  const user = () => ({ ...DEFAULT_USER, id: snowflake() });
  const typed = (u: ReturnType<typeof user>, value = 'housing') =>
    autocompleteInteraction({ name: 'search', user: u, options: [opt.string('query', value, true)] });
  async function choices(i: APIInteraction): Promise<unknown[]> {
    const body = (await limited.roundTrip(i)) as { data?: { choices?: unknown[] } };
    return body.data?.choices ?? [];
  }
  /** The whole article in Simplified Chinese: where the crafted, over-long queries are cut from. */
  const articleText = () =>
    limited.store
      .current()
      .knowledge.sections.map((x) => x.text['zh-Hans'])
      .join('');
  const isSlowDown = (body: unknown) =>
    ((body as { data?: { flags?: number; embeds?: { description?: string }[] } }).data?.flags ?? 0) === 64 &&
    /\d/.test(
      (body as { data?: { embeds?: { description?: string }[] } }).data?.embeds?.[0]?.description ?? '',
    );

  it('buttons and menus: the 4th from one user gets "slow down"; another user is answered', async () => {
    const alice = user();
    const bodies = [];
    for (let n = 0; n < 3; n++)
      bodies.push(await limited.roundTrip(buttonInteraction('open:effect.housing', { user: alice })));
    expect(bodies.some(isSlowDown)).toBe(false);
    expect(
      isSlowDown(await limited.roundTrip(selectInteraction('menu:open', ['cause.policy'], { user: alice }))),
    ).toBe(true);
    expect(
      isSlowDown(await limited.roundTrip(buttonInteraction('open:effect.housing', { user: alice }))),
    ).toBe(true);
    expect(
      isSlowDown(await limited.roundTrip(buttonInteraction('open:effect.housing', { user: user() }))),
    ).toBe(false);
    expect(
      limited.logs.filter((l) => l.status === 'rate-limited' && (l.kind === 'button' || l.kind === 'select')),
    ).toHaveLength(2);
  });

  it('autocomplete: its own, larger bucket; over it, no suggestions; commands and other users unaffected', async () => {
    const bob = user();
    const allowance = 3 * AUTOCOMPLETE_FACTOR;
    for (let n = 0; n < allowance; n++) expect((await choices(typed(bob))).length).toBeGreaterThan(0);
    expect(await choices(typed(bob))).toEqual([]);
    expect((await choices(typed(user()))).length).toBeGreaterThan(0);
    // Typing did not use up bob's commands.
    const command = await limited.roundTrip(chatInputInteraction({ name: 'topics', user: bob }));
    expect(isSlowDown(command)).toBe(false);
  });

  it('a crafted /search query reaches the engine cut to its units', async () => {
    const engine = limited.store.current().engine;
    const search = vi.spyOn(engine, 'search');
    try {
      const article = articleText();
      const crafted = article.slice(100, 400);
      await limited.roundTrip(
        chatInputInteraction({ name: 'search', user: user(), options: [opt.string('query', crafted)] }),
      );
      const queries = search.mock.calls.map(([q]) => q as string);
      expect(queries.length).toBeGreaterThan(0);
      for (const q of queries) {
        expect(crafted.startsWith(q.trim())).toBe(true);
        expect([...q.matchAll(/\p{Script=Han}/gu)].length).toBeLessThanOrEqual(
          COMMAND_TEXT_UNITS.search?.units ?? 0,
        );
      }
    } finally {
      search.mockRestore();
    }
  });

  it('a long crafted autocomplete reaches the engine cut to the first terms', async () => {
    const engine = limited.store.current().engine;
    const search = vi.spyOn(engine, 'search');
    try {
      const article = articleText();
      const crafted = article.slice(0, 300);
      await choices(typed(user(), crafted));
      const [query] = search.mock.calls.at(-1) ?? [];
      expect(typeof query).toBe('string');
      expect((query as string).length).toBeLessThanOrEqual(AUTOCOMPLETE_MAX_CHARS);
      expect(crafted.startsWith((query as string).trim())).toBe(true);
      expect([...(query as string).matchAll(/\p{Script=Han}/gu)].length).toBeLessThanOrEqual(
        AUTOCOMPLETE_MAX_TERMS,
      );
    } finally {
      search.mockRestore();
    }
  });
});
