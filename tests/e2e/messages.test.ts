/**
 * Mentions and DMs end to end: the bot answers the text after the mention, in the script it was
 * written in, as a reply (message_reference) that pings no one.
 */

import type { APIEmbed, GatewayMessageCreateDispatchData } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/strings.js';
import type { Knowledge, Lang } from '../../src/knowledge/model.js';
import {
  DEFAULT_BOT_ROLE_ID,
  DEFAULT_BOT_USER,
  DEFAULT_CHANNEL_ID,
  DEFAULT_DM_CHANNEL_ID,
  DEFAULT_USER,
  messageCreate,
  type RecordedRequest,
  snowflake,
} from '../support/fake-discord.js';
import { type StartedBot, startBot } from '../support/start-bot.js';
import { assertWithinDiscordLimits } from './limits.js';

let env: StartedBot;
let k: Knowledge;
let botId: string;

beforeAll(async () => {
  env = await startBot();
  k = env.store.current().knowledge;
  botId = env.fake.botUser.id;
});
afterAll(() => env?.stop());

interface ReplyBody {
  content?: string;
  embeds?: APIEmbed[];
  message_reference?: { message_id?: string };
  allowed_mentions?: { parse?: string[]; replied_user?: boolean };
}

const isReplyTo = (messageId: string) => (r: RecordedRequest) =>
  r.method === 'POST' &&
  /^\/channels\/\d+\/messages$/.test(r.path) &&
  (r.body as ReplyBody | undefined)?.message_reference?.message_id === messageId;

/** Sends the message and waits for the bot's reply to it; checks limits and mention safety. */
async function replyTo(message: GatewayMessageCreateDispatchData) {
  env.fake.sendMessage(message);
  const request = await env.fake.waitForRequest(isReplyTo(message.id));
  expect(request.status).toBe(200);
  const body = request.body as ReplyBody;
  assertWithinDiscordLimits(body);
  expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  return { request, body, embed: body.embeds?.[0] as APIEmbed };
}

function causeIn(embed: APIEmbed, lang: Lang) {
  const cause = k.sections.find((s) => s.kind === 'cause' && s.title[lang] === embed.title);
  expect(cause, `"${embed.title}" is not a cause title in ${lang}`).toBeDefined();
  expect(embed.description).toBe(cause?.text[lang]);
  expect(embed.footer?.text).toContain(`${k.parts.get('cause')?.label[lang]} › ${cause?.title[lang]} · `);
  expect(embed.footer?.text).toContain(`§${cause?.cite[0]?.part}.${cause?.cite[0]?.paragraph}`);
  return cause;
}

describe('a mention in a guild channel', () => {
  it('Simplified question → a cause in Simplified, as a reply in that channel', async () => {
    const question = '为什么年轻人都去大城市了';
    const msg = messageCreate({ content: `<@${botId}> ${question}`, mentionsBot: true });
    const { request, body, embed } = await replyTo(msg);
    expect(request.path).toBe(`/channels/${DEFAULT_CHANNEL_ID}/messages`);
    expect(body.message_reference?.message_id).toBe(msg.id);
    expect(body.content ?? '').toBe('');
    causeIn(embed, 'zh-Hans');
    // The text after the mention is what was answered.
    expect(body).toEqual(
      env.responder.message(question, { userId: msg.author.id, channelId: msg.channel_id, messageId: msg.id })
        .message,
    );
    const line = await env.waitForLog((l) => l.message === msg.id);
    expect(line).toMatchObject({ msg: 'message answered', kind: 'mention', status: 'ok' });
  });

  it('Traditional question → Traditional reply', async () => {
    const { embed } = await replyTo(
      messageCreate({ content: '為什麼年輕人都去大城市了', mentionsBot: true }),
    );
    const cause = causeIn(embed, 'zh-Hant');
    expect(embed.title).not.toBe(cause?.title['zh-Hans']);
  });

  it('English question → English reply', async () => {
    const { embed } = await replyTo(
      messageCreate({ content: 'why do young people move to big cities?', mentionsBot: true }),
    );
    causeIn(embed, 'en');
  });

  it('the mention may sit anywhere and use the nickname form <@!id>', async () => {
    const { embed } = await replyTo(
      messageCreate({ content: `house prices falling, <@!${botId}> why?`, mentionsBot: true }),
    );
    expect(embed.title).toBe(k.byId.get('effect.housing')?.title.en);
  });

  it("a mention of the bot's managed role counts as a mention of the bot", async () => {
    const { embed } = await replyTo(
      messageCreate({ content: `<@&${DEFAULT_BOT_ROLE_ID}> why do young people leave?` }),
    );
    // A broad why-question: the whole causes part.
    expect(embed.title).toBe(k.parts.get('cause')?.heading?.en);
  });

  it('a bare mention gets the help, not an error', async () => {
    const { embed } = await replyTo(messageCreate({ content: `<@${botId}>`, mentionsBot: true }));
    expect(embed.title).toBe(t('en', 'helpTitle'));
    expect(embed.description).toContain('/ask');
    expect(env.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('"@everyone", "@here", role and user mentions in the question are not echoed as live mentions', async () => {
    const roleId = snowflake();
    const userId = snowflake();
    const msg = messageCreate({
      content: `<@${botId}> @everyone @here <@&${roleId}> <@${userId}> xqzvblorf`,
      mentionsBot: true,
    });
    const { body, embed } = await replyTo(msg);
    // The reply quotes what was asked (as not found, or as not in the article): the check is
    // meaningful only if it does.
    expect([t('en', 'notFoundTitle'), t('en', 'notCoveredTitle')]).toContain(embed.title);
    expect(embed.description).toContain('xqzvblorf');
    const text = JSON.stringify(body.embeds);
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<@[!&]?\d+>/);
    expect(body.allowed_mentions?.parse).toEqual([]);
    expect(body.content ?? '').toBe('');
  });
});

describe('a DM', () => {
  it('is answered without a mention, as a reply in the DM channel', async () => {
    const msg = messageCreate({ content: '房价为什么下跌', dm: true });
    const { request, embed } = await replyTo(msg);
    expect(request.path).toBe(`/channels/${DEFAULT_DM_CHANNEL_ID}/messages`);
    expect(embed.title).toBe(k.byId.get('effect.housing')?.title['zh-Hans']);
    const line = await env.waitForLog((l) => l.message === msg.id);
    expect(line).toMatchObject({ kind: 'dm', status: 'ok' });
  });
});

describe('ignored messages', () => {
  it('messages from bots, guild messages without an @mention, and reply pings get no reply', async () => {
    const otherBot = { ...DEFAULT_USER, id: snowflake(), username: 'other-bot', bot: true };
    const ignored = [
      messageCreate({ content: 'why do young people leave?' }),
      messageCreate({ content: 'why do young people leave?', author: otherBot, mentionsBot: true }),
      messageCreate({ content: 'why do young people leave?', author: otherBot, dm: true }),
      // A reply to one of the bot's answers "mentions" it without an @mention in the text.
      messageCreate({ content: 'thanks!', mentions: [DEFAULT_BOT_USER] }),
      // The bot's own reply echoes in the channel as a MESSAGE_CREATE too.
      messageCreate({ content: `<@${botId}> why?`, author: DEFAULT_BOT_USER, mentionsBot: true }),
    ];
    for (const m of ignored) env.fake.sendMessage(m);
    // Events are handled in order: once a later message is answered, the earlier ones were seen.
    const control = messageCreate({ content: 'why do young people leave?', mentionsBot: true });
    await replyTo(control);
    for (const m of ignored) {
      expect(env.fake.requests.some(isReplyTo(m.id)), `replied to ${m.content}`).toBe(false);
      expect(env.logs.some((l) => l.message === m.id)).toBe(false);
    }
  });
});
