import { Locale } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInputInteraction, DEFAULT_USER, opt, snowflake } from '../support/fake-discord.js';
import { type StartedBot, startBot } from '../support/start-bot.js';

/** /ask through the real client: a follow-up continues the same user's conversation in that channel. */

let env: StartedBot;
beforeAll(async () => {
  env = await startBot({ logLevel: 'silent' });
});
afterAll(async () => {
  await env?.stop();
});

async function ask(question: string, userId: string, channelId: string): Promise<string | undefined> {
  const body = await env.roundTrip(
    chatInputInteraction({
      name: 'ask',
      options: [opt.string('question', question)],
      locale: Locale.EnglishUS,
      user: { ...DEFAULT_USER, id: userId },
      channelId,
    }),
  );
  const data = 'data' in body ? (body.data as { embeds?: { title?: string }[] }) : undefined;
  return data?.embeds?.[0]?.title;
}

describe('/ask follow-ups', () => {
  it('continue the asker’s conversation in that channel, and nobody else’s', async () => {
    const { byId, parts } = env.store.current().knowledge;
    const channel = snowflake();
    const user = snowflake();
    expect(await ask('What does the article propose on industry?', user, channel)).toBe(
      byId.get('strategy.industry')?.title.en,
    );
    // The same user, same channel: the case city's measures for that strategy.
    expect(await ask('and what did the city do about it?', user, channel)).toBe(
      byId.get('case.industry')?.title.en,
    );
    // Another user in that channel, or the same user elsewhere, has no such conversation: the whole case.
    const wholeCase = parts.get('case')?.heading?.en;
    // (A title the replies must match, so that no reply at all cannot pass as it.)
    expect(wholeCase).toEqual(expect.any(String));
    expect(await ask('and what did the city do about it?', snowflake(), channel)).toBe(wholeCase);
    expect(await ask('and what did the city do about it?', user, snowflake())).toBe(wholeCase);
  });
});
