import { ChannelType, Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheOptions, sweepDmChannels } from '../../src/discord/client-options.js';
import {
  chatInputInteraction,
  DEFAULT_CHANNEL_ID,
  DEFAULT_USER,
  type FakeDiscord,
  messageCreate,
  snowflake,
  startFakeDiscord,
} from '../support/fake-discord.js';

/**
 * Issue 10: discord.js cached every user, member, message and DM channel it saw, so memory grew
 * with every new user. With the bot's cache options it keeps only what it needs.
 */

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  await fake?.close();
});

async function connect(options: Partial<ConstructorParameters<typeof Client>[0]>): Promise<Client> {
  fake = await startFakeDiscord();
  const c = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: fake.restBase },
    ...options,
  });
  client = c;
  const ready = new Promise((r) => c.once(Events.ClientReady, r));
  await c.login('test-token');
  await ready;
  return c;
}

/** 100 new users, each with a guild command, a DM command, a mention and a DM. */
async function manyUsers(c: Client, f: FakeDiscord): Promise<void> {
  let seen = 0;
  const count = () => {
    seen++;
  };
  c.on(Events.InteractionCreate, count);
  c.on(Events.MessageCreate, count);
  for (let i = 0; i < 100; i++) {
    const user = { ...DEFAULT_USER, id: snowflake() };
    f.sendInteraction(chatInputInteraction({ name: 'topics', user }));
    f.sendInteraction(chatInputInteraction({ name: 'topics', user, dm: true, channelId: snowflake() }));
    f.sendMessage(messageCreate({ content: 'hi', author: user, mentionsBot: true }));
    f.sendMessage(messageCreate({ content: 'hi', author: user, dm: true, channelId: snowflake() }));
  }
  await vi.waitFor(() => expect(seen).toBe(400), { timeout: 5000 });
}

const dmChannels = (c: Client) => c.channels.cache.filter((ch) => ch.type === ChannelType.DM).size;

describe("the client's caches", () => {
  it('without limits (discord.js defaults) they grow with every user: the failure', async () => {
    const c = await connect({});
    await manyUsers(c, fake as FakeDiscord);
    expect(c.users.cache.size).toBeGreaterThan(100);
    expect(dmChannels(c)).toBeGreaterThanOrEqual(200);
  });

  it('with cacheOptions and the DM sweeper they stay flat; what the bot needs stays', async () => {
    const c = await connect(cacheOptions());
    sweepDmChannels(c, 50);
    await manyUsers(c, fake as FakeDiscord);
    const guild = c.guilds.cache.first();
    expect(c.users.cache.map((u) => u.id)).toEqual([c.user?.id]);
    expect(guild?.members.cache.map((m) => m.id)).toEqual([c.user?.id]);
    expect(guild?.members.me).not.toBeNull();
    expect(guild?.roles.cache.size).toBeGreaterThan(0);
    expect(c.channels.cache.has(DEFAULT_CHANNEL_ID)).toBe(true);
    const messages = c.channels.cache.reduce(
      (n, ch) => n + ('messages' in ch ? (ch.messages as { cache: Map<string, unknown> }).cache.size : 0),
      0,
    );
    expect(messages).toBe(0);
    await vi.waitFor(() => expect(dmChannels(c)).toBe(0), { timeout: 2000 });
    expect(c.channels.cache.has(DEFAULT_CHANNEL_ID)).toBe(true);
  });
});
