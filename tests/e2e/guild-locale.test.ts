/**
 * A mention whose characters read the same in both scripts (人才外流) is answered in the
 * server's preferred locale when that is Traditional (zh-TW), else in Simplified; a DM, which
 * has no server, in Simplified.
 */

import type { APIEmbed } from 'discord-api-types/v10';
import { Locale } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GUILD, messageCreate, type RecordedRequest, snowflake } from '../support/fake-discord.js';
import { type StartedBot, startBot } from '../support/start-bot.js';

const TW_CHANNEL = snowflake();
const TW_GUILD = {
  id: snowflake(),
  name: '台灣伺服器',
  preferredLocale: Locale.ChineseTW,
  channels: [{ id: TW_CHANNEL }],
};

let env: StartedBot;
beforeAll(async () => {
  env = await startBot({ fake: { guilds: [DEFAULT_GUILD, TW_GUILD] } });
  // The first question loads the question reader's dictionaries (seconds on a busy machine): not what is tested here.
  env.responder.message('人才外流', { userId: '1', channelId: '2' });
});
afterAll(() => env?.stop());

async function reply(content: string, where: { channelId?: string; guildId?: string; dm?: boolean }) {
  const msg = messageCreate({ content, mentionsBot: !where.dm, ...where });
  env.fake.sendMessage(msg);
  const request = await env.fake.waitForRequest(
    (r: RecordedRequest) =>
      r.method === 'POST' &&
      (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
        ?.message_id === msg.id,
    20_000,
  );
  return (request.body as { embeds: APIEmbed[] }).embeds[0] as APIEmbed;
}

describe('text that reads the same in both scripts', () => {
  const question = '人才外流';
  const k = () => env.store.current().knowledge;
  const titles = (lang: 'zh-Hans' | 'zh-Hant') => k().sections.map((s) => s.title[lang]);

  it('is answered in Traditional in a server whose preferred locale is zh-TW', async () => {
    const embed = await reply(question, { channelId: TW_CHANNEL, guildId: TW_GUILD.id });
    const expected = env.responder.message(question, {
      userId: '1',
      channelId: TW_CHANNEL,
      guildLocale: 'zh-TW',
    });
    expect(expected.answer.lang).toBe('zh-Hant');
    expect(embed.title).toBe(expected.message.embeds[0]?.title);
    expect(titles('zh-Hant')).toContain(embed.title);
    expect(titles('zh-Hans')).not.toContain(embed.title);
  });

  it('is answered in Simplified in an English-speaking server and in a DM', async () => {
    for (const where of [{}, { dm: true }]) {
      const embed = await reply(question, where);
      expect(titles('zh-Hans')).toContain(embed.title);
      expect(titles('zh-Hant')).not.toContain(embed.title);
    }
  });
});
