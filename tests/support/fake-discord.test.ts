/**
 * Proves tests/support/fake-discord.ts works with a plain discord.js Client (no bot code involved):
 * REST + gateway on 127.0.0.1 only.
 */

import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  HTTPError,
  type Interaction,
  type Message,
  Partials,
} from 'discord.js';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { ChannelType, InteractionResponseType, Locale } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  DEFAULT_DM_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type FakeDiscord,
  messageCreate,
  opt,
  selectInteraction,
  snowflake,
  startFakeDiscord,
} from './fake-discord.js';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Seen {
  locale: string;
  inGuild: boolean;
  channelType: ChannelType | undefined;
  q: string | null;
}

let fake: FakeDiscord;
let client: Client;
const outcomes = new Map<string, { promise: Promise<Outcome>; resolve: (o: Outcome) => void }>();
const seen = new Map<string, Seen>();
const messages: Message[] = [];

function outcomeSlot(id: string) {
  let slot = outcomes.get(id);
  if (!slot) {
    let resolve!: (o: Outcome) => void;
    const promise = new Promise<Outcome>((r) => {
      resolve = r;
    });
    slot = { promise, resolve };
    outcomes.set(id, slot);
  }
  return slot;
}

/** Resolves with how the handler's response call (reply/respond/update...) for this interaction settled. */
function outcomeOf(id: string): Promise<Outcome> {
  return outcomeSlot(id).promise;
}

async function respondTo(interaction: Interaction): Promise<unknown> {
  if (interaction.isChatInputCommand()) {
    seen.set(interaction.id, {
      locale: interaction.locale,
      inGuild: interaction.inGuild(),
      channelType: interaction.channel?.type,
      q: interaction.options.getString('q'),
    });
    if (interaction.commandName === 'defer') {
      await interaction.deferReply();
      await interaction.editReply({ content: 'edited' });
      return interaction.followUp({ content: 'follow-up' });
    }
    if (interaction.commandName === 'with-response') {
      return interaction.reply({ content: 'hello', withResponse: true });
    }
    return interaction.reply({ content: 'pong', allowedMentions: { parse: [] } });
  }
  if (interaction.isAutocomplete()) {
    const focused = interaction.options.getFocused();
    return interaction.respond([
      { name: `${focused} city`, value: `${focused}-1` },
      { name: `${focused} town`, value: `${focused}-2` },
    ]);
  }
  if (interaction.isButton()) {
    return interaction.update({ content: `clicked ${interaction.customId}`, components: [] });
  }
  if (interaction.isStringSelectMenu()) {
    return interaction.reply({ content: `picked ${interaction.values.join(',')}` });
  }
  throw new Error(`unexpected interaction type ${interaction.type}`);
}

function callbackRequests(interactionId: string) {
  return fake.requests.filter(
    (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`),
  );
}

function waitForMessage(predicate: (m: Message) => boolean, timeoutMs = 3000): Promise<Message> {
  const found = messages.find(predicate);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(Events.MessageCreate, listener);
      reject(new Error('timed out waiting for messageCreate'));
    }, timeoutMs);
    const listener = (m: Message) => {
      if (!predicate(m)) return;
      clearTimeout(timer);
      client.off(Events.MessageCreate, listener);
      resolve(m);
    };
    client.on(Events.MessageCreate, listener);
  });
}

function expectMessageCallback(body: APIInteractionResponse, content: string) {
  expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  if (body.type !== InteractionResponseType.ChannelMessageWithSource) throw new Error('unreachable');
  expect(body.data.content).toBe(content);
  return body.data;
}

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: fake.restBase },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    const slot = outcomeSlot(interaction.id);
    respondTo(interaction).then(
      (value) => slot.resolve({ ok: true, value }),
      (error: unknown) => slot.resolve({ ok: false, error }),
    );
  });
  client.on(Events.MessageCreate, (m) => {
    messages.push(m);
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login('test-token');
  await ready;
}, 10_000);

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('fake discord with a plain discord.js client', () => {
  it('handshake: gateway/bot, identify, READY, GUILD_CREATE', () => {
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(fake.identifyCount).toBe(1);
    expect(fake.identifies[0]?.token).toBe('test-token');
    expect(
      fake.requests.some((r) => r.path === '/gateway/bot' && r.headers.authorization === 'Bot test-token'),
    ).toBe(true);
    expect(client.guilds.cache.get(DEFAULT_GUILD_ID)?.channels.cache.size).toBe(1);
  });

  it('(1) chat input -> reply: callback type 4 with content and allowed_mentions', async () => {
    const i = fake.sendInteraction(
      chatInputInteraction({ name: 'ping', options: [opt.string('q', 'Wuhan')], locale: Locale.ChineseCN }),
    );
    const body = await fake.waitForCallback(i.id);
    const data = expectMessageCallback(body, 'pong');
    expect(data.allowed_mentions?.parse).toEqual([]);
    expect((await outcomeOf(i.id)).ok).toBe(true);
    expect(seen.get(i.id)).toEqual({
      locale: 'zh-CN',
      inGuild: true,
      channelType: ChannelType.GuildText,
      q: 'Wuhan',
    });
    const [req] = callbackRequests(i.id);
    expect(req?.query.with_response).toBe('false');
    expect(req?.status).toBe(204);
  });

  it('(1b) DM chat input (context BotDM) is emitted and answered', async () => {
    const i = fake.sendInteraction(chatInputInteraction({ name: 'ping', dm: true }));
    expectMessageCallback(await fake.waitForCallback(i.id), 'pong');
    expect(seen.get(i.id)).toMatchObject({ inGuild: false, channelType: ChannelType.DM });
  });

  it('(1c) withResponse, deferReply + editReply + followUp go through the webhook routes', async () => {
    const r = fake.sendInteraction(chatInputInteraction({ name: 'with-response' }));
    const outcome = await outcomeOf(r.id);
    expect(outcome.ok).toBe(true);
    const value = outcome.ok
      ? (outcome.value as { resource: { message: { content: string } | null } | null })
      : null;
    expect(value?.resource?.message?.content).toBe('hello');

    const d = fake.sendInteraction(chatInputInteraction({ name: 'defer' }));
    expect((await fake.waitForCallback(d.id)).type).toBe(
      InteractionResponseType.DeferredChannelMessageWithSource,
    );
    const edit = await fake.waitForRequest(
      (q) => q.method === 'PATCH' && q.path.includes(`/${d.token}/messages/@original`),
    );
    expect(edit.body).toMatchObject({ content: 'edited' });
    const follow = await fake.waitForRequest(
      (q) => q.method === 'POST' && q.path === `/webhooks/${fake.applicationId}/${d.token}`,
    );
    expect(follow.body).toMatchObject({ content: 'follow-up' });
    expect((await outcomeOf(d.id)).ok).toBe(true);
  });

  it('(2) autocomplete -> respond: callback type 8 with choices', async () => {
    const i = fake.sendInteraction(
      autocompleteInteraction({ name: 'city', options: [opt.string('q', 'Wu', true)] }),
    );
    const body = await fake.waitForCallback(i.id);
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    if (body.type !== InteractionResponseType.ApplicationCommandAutocompleteResult)
      throw new Error('unreachable');
    expect(body.data.choices?.map((c) => c.value)).toEqual(['Wu-1', 'Wu-2']);
  });

  it('(3) button -> update: callback type 7; select -> reply', async () => {
    const b = fake.sendInteraction(buttonInteraction('more:1'));
    const body = await fake.waitForCallback(b.id);
    expect(body.type).toBe(InteractionResponseType.UpdateMessage);
    if (body.type !== InteractionResponseType.UpdateMessage) throw new Error('unreachable');
    expect(body.data?.content).toBe('clicked more:1');
    expect(body.data?.components).toEqual([]);

    const s = fake.sendInteraction(selectInteraction('pick', ['a', 'b'], { dm: true }));
    expectMessageCallback(await fake.waitForCallback(s.id), 'picked a,b');
  });

  it('(4) DM messageCreate and guild message mentioning the bot are emitted; replies hit REST', async () => {
    // Without channel_type, discord.js 14.28 drops a DM MESSAGE_CREATE unless the DM channel is already cached
    // (the DM interaction above cached DEFAULT_DM_CHANNEL_ID, hence a fresh channel id here).
    const { channel_type: _dropped, ...noType } = messageCreate({
      content: 'dm without channel_type',
      dm: true,
      channelId: snowflake(),
    });
    fake.sendMessage(noType);
    const dm = fake.sendMessage(messageCreate({ content: 'hello in dm', dm: true }));
    const gotDm = await waitForMessage((m) => m.id === dm.id);
    expect(gotDm.channel.type).toBe(ChannelType.DM);
    expect(gotDm.inGuild()).toBe(false);
    expect(messages.some((m) => m.id === noType.id)).toBe(false);

    const sent = await gotDm.reply({ content: 'hi back', allowedMentions: { repliedUser: false } });
    expect(sent.content).toBe('hi back');
    const post = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${DEFAULT_DM_CHANNEL_ID}/messages`,
    );
    expect(post.body).toMatchObject({ content: 'hi back', message_reference: { message_id: dm.id } });

    const g = fake.sendMessage(messageCreate({ content: 'what about Wuhan?', mentionsBot: true }));
    const gotGuild = await waitForMessage((m) => m.id === g.id);
    expect(gotGuild.inGuild()).toBe(true);
    expect(gotGuild.guildId).toBe(DEFAULT_GUILD_ID);
    expect(client.user && gotGuild.mentions.users.has(client.user.id)).toBe(true);
    expect(gotGuild.content).toBe(`<@${fake.botUser.id}> what about Wuhan?`);
  });

  it('(5) close 4000 and abrupt terminate (1006) -> resume; interactions still answered', async () => {
    for (const code of [4000, 1006]) {
      const identifies = fake.identifyCount;
      const resumes = fake.resumeCount;
      const resumed = fake.waitForGateway('resume', 5000);
      await fake.closeConnections(code);
      await resumed;
      expect(fake.resumeCount).toBe(resumes + 1);
      expect(fake.identifyCount).toBe(identifies);
      const i = fake.sendInteraction(chatInputInteraction({ name: 'ping' }));
      expectMessageCallback(await fake.waitForCallback(i.id), 'pong');
    }
  }, 10_000);

  it('(5b) unacknowledged heartbeats -> zombie connection -> client reconnects and resumes', async () => {
    const resumes = fake.resumeCount;
    fake.setHeartbeatAck(false);
    try {
      await fake.waitForGateway('resume', 5000);
    } finally {
      fake.setHeartbeatAck(true);
    }
    expect(fake.resumeCount).toBeGreaterThan(resumes);
    const i = fake.sendInteraction(chatInputInteraction({ name: 'ping' }));
    expectMessageCallback(await fake.waitForCallback(i.id), 'pong');
  }, 10_000);

  it('(6) callback 500 rejects reply (HTTPError after 3 retries); 404 10062 -> DiscordAPIError; next works', async () => {
    // @discordjs/rest retries a 5xx `retries` (3) times: 4 failing attempts make the reply reject.
    fake.failNextCallbacks(4, { status: 500 });
    const a = fake.sendInteraction(chatInputInteraction({ name: 'ping' }));
    const oa = await outcomeOf(a.id);
    expect(oa.ok).toBe(false);
    if (oa.ok) throw new Error('unreachable');
    expect(oa.error).toBeInstanceOf(HTTPError);
    expect((oa.error as HTTPError).status).toBe(500);
    expect(callbackRequests(a.id).map((r) => r.status)).toEqual([500, 500, 500, 500]);

    fake.failNextCallbacks(1, { status: 404, code: 10062 });
    const b = fake.sendInteraction(chatInputInteraction({ name: 'ping' }));
    const ob = await outcomeOf(b.id);
    if (ob.ok) throw new Error('expected a rejection');
    expect(ob.error).toBeInstanceOf(DiscordAPIError);
    expect((ob.error as DiscordAPIError).code).toBe(10062);
    expect((ob.error as DiscordAPIError).status).toBe(404);

    const c = fake.sendInteraction(chatInputInteraction({ name: 'ping' }));
    expectMessageCallback(await fake.waitForCallback(c.id), 'pong');
    expect((await outcomeOf(c.id)).ok).toBe(true);
  });

  it('(6b) callback 429 is waited out (retry-after) and then succeeds', async () => {
    fake.failNextCallbacks(1, { status: 429, retryAfter: 0.2 });
    const i = fake.sendInteraction(chatInputInteraction({ name: 'ping' }));
    expectMessageCallback(await fake.waitForCallback(i.id), 'pong');
    expect((await outcomeOf(i.id)).ok).toBe(true);
    const attempts = callbackRequests(i.id);
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    const [first, second] = attempts;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(200);
  });

  it('bulk overwrite of global and guild commands echoes ids', async () => {
    const app = client.application;
    if (!app) throw new Error('no application');
    const global = await app.commands.set([{ name: 'city', description: 'Look up a city' }]);
    expect([...global.values()].map((c) => c.name)).toEqual(['city']);
    expect([...global.keys()][0]).toMatch(/^\d{17,19}$/);
    const guild = await app.commands.set([{ name: 'rank', description: 'Ranking' }], DEFAULT_GUILD_ID);
    expect([...guild.values()].map((c) => c.guildId)).toEqual([DEFAULT_GUILD_ID]);
    expect(fake.commands.get('global')?.[0]?.name).toBe('city');
    expect(
      fake.requests.some(
        (r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/commands`,
      ),
    ).toBe(true);
  });

  it('a second callback for the same interaction is refused with 40060', async () => {
    const i = fake.sendInteraction(chatInputInteraction({ name: 'ping' }));
    await fake.waitForCallback(i.id);
    const res = await fetch(`${fake.restBase}/v10/interactions/${i.id}/${i.token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'again' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 40060 });
  });
});
