import { DiscordAPIError, DiscordjsErrorCodes, GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { explainCloseCode, explainLoginFailure } from '../../src/discord/close-codes.js';

/** Issue 10: 4014, 4013, 4010 and a refused connection all used to say "check DISCORD_TOKEN". */

const OURS = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;
const APP = '1200000000000000001';

describe('explainCloseCode', () => {
  it('gives each fatal close code its own message, all permanent', () => {
    const messages = [4004, 4010, 4011, 4012, 4013, 4014].map((code) => {
      const e = explainCloseCode(code, { intents: OURS, applicationId: APP });
      expect(e.permanent, String(code)).toBe(true);
      expect(e.message).toContain(String(code));
      return e.message;
    });
    expect(new Set(messages).size).toBe(messages.length);
    expect(messages.filter((m) => m.includes('DISCORD_TOKEN'))).toHaveLength(2); // 4004, and 4014 with no privileged intent
  });

  it('4004 points at the token and where to reset it', () => {
    const { message } = explainCloseCode(4004, { applicationId: APP });
    expect(message).toContain('DISCORD_TOKEN');
    expect(message).toContain(`https://discord.com/developers/applications/${APP}/bot`);
  });

  it('4014 names the privileged intent asked for and where to enable it', () => {
    const { message } = explainCloseCode(4014, {
      intents: OURS | GatewayIntentBits.MessageContent | GatewayIntentBits.GuildMembers,
      applicationId: APP,
    });
    expect(message).toContain('MessageContent ("Message Content Intent")');
    expect(message).toContain('GuildMembers ("Server Members Intent")');
    expect(message).not.toContain('Presence');
    expect(message).toContain('Privileged Gateway Intents');
    expect(message).toContain(`/applications/${APP}/bot`);
  });

  it('4010/4011 speak of sharding, 4013 of the intents value, not of the token', () => {
    expect(explainCloseCode(4010).message).toMatch(/shard/i);
    expect(explainCloseCode(4011).message).toMatch(/sharding/i);
    expect(explainCloseCode(4013, { intents: 1 << 30 }).message).toContain(String(1 << 30));
    for (const code of [4010, 4011, 4013]) expect(explainCloseCode(code).message).not.toContain('TOKEN');
  });

  it('any other code is not permanent', () => {
    for (const code of [1000, 1006, 4000, 4007, 4009]) expect(explainCloseCode(code).permanent).toBe(false);
  });
});

describe('explainLoginFailure', () => {
  it('an invalid token (discord.js TokenInvalid, or 401 from REST) is permanent', () => {
    // What discord.js's client.login throws for a malformed token (its DiscordjsError has a private constructor).
    const invalid = Object.assign(new Error('An invalid token was provided.'), {
      code: DiscordjsErrorCodes.TokenInvalid,
    });
    expect(explainLoginFailure(invalid).permanent).toBe(true);
    const unauthorized = new DiscordAPIError(
      { message: '401: Unauthorized', code: 0 },
      0,
      401,
      'GET',
      'http://127.0.0.1/api/v10/gateway/bot',
      { body: undefined, files: undefined },
    );
    const e = explainLoginFailure(unauthorized);
    expect(e).toMatchObject({ permanent: true });
    expect(e.message).toContain('DISCORD_TOKEN');
  });

  it('a refused or unresolvable connection is a network failure: transient, and not about the token', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    const e = explainLoginFailure(refused);
    expect(e.permanent).toBe(false);
    expect(e.message).toContain('ECONNREFUSED');
    expect(e.message).not.toContain('DISCORD_TOKEN');
    const dual = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ENETUNREACH' })]),
    });
    expect(explainLoginFailure(dual).message).toContain('ENETUNREACH');
    expect(explainLoginFailure(Object.assign(new Error('dns'), { code: 'ENOTFOUND' })).permanent).toBe(false);
  });

  it('a 5xx from Discord is transient', () => {
    expect(
      explainLoginFailure(Object.assign(new Error('Service Unavailable'), { status: 503 })),
    ).toMatchObject({
      permanent: false,
    });
  });
});
