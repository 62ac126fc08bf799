/**
 * Faults end to end: gateway drops and zombie connections, interaction callbacks that fail (5xx, 429,
 * 404 Unknown interaction), failing message replies, a fault inside an answer, the token filter of
 * the logger, and the compiled entry point (dist/main.js) in a child process: unhandled errors, a
 * graceful SIGTERM in the middle of a burst, and no token in its output.
 */

import type { APIInteraction } from 'discord-api-types/v10';
import { InteractionResponseType, Locale, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { t } from '../../src/i18n/strings.js';
import { createLogger } from '../../src/logger.js';
import {
  autocompleteInteraction,
  chatInputInteraction,
  DEFAULT_USER,
  type FakeDiscord,
  messageCreate,
  opt,
  snowflake,
  startFakeDiscord,
} from '../support/fake-discord.js';
import { type NodeProcess, spawnNode } from '../support/spawn-node.js';
import { type LogLine, messageData, type StartedBot, startBot, TEST_TOKEN } from '../support/start-bot.js';
import { assertWithinDiscordLimits } from './limits.js';

describe('the Bot under faults', () => {
  let env: StartedBot;

  beforeAll(async () => {
    env = await startBot({ fake: { heartbeatIntervalMs: 300 } });
  });
  afterAll(() => env?.stop());

  function topics(locale: Locale = Locale.EnglishUS) {
    return chatInputInteraction({ name: 'topics', locale });
  }

  async function answered(interaction: APIInteraction = topics()) {
    env.fake.sendInteraction(interaction);
    const body = await env.fake.waitForCallback(interaction.id);
    assertWithinDiscordLimits(body);
    return body;
  }

  function attempts(interactionId: string) {
    return env.fake.requests
      .filter((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`))
      .map((r) => r.status);
  }

  const lineFor = (id: string, msg: string) => (l: LogLine) => l.interaction === id && l.msg === msg;

  describe('gateway', () => {
    it.each([
      ['closed with 4000', 4000],
      ['dropped without a close frame (1006)', 1006],
    ])('%s: the bot resumes and answers the next interaction', async (_name, code) => {
      const identifies = env.fake.identifyCount;
      const resumed = env.fake.waitForGateway('resume', 5000);
      await env.fake.closeConnections(code);
      await resumed;
      expect(env.fake.identifyCount).toBe(identifies);
      expect(messageData(await answered()).embeds?.[0]?.title).toBeDefined();
      await env.waitForLog((l) => l.msg === 'gateway resumed');
    });

    it('heartbeats not acknowledged: the zombie connection is replaced and the next interaction answered', async () => {
      const resumes = env.fake.resumeCount;
      env.fake.setHeartbeatAck(false);
      try {
        await env.fake.waitForGateway('resume', 5000);
      } finally {
        env.fake.setHeartbeatAck(true);
      }
      expect(env.fake.resumeCount).toBeGreaterThan(resumes);
      await answered();
    });

    it('an interaction dispatched while the gateway is down is answered after the resume', async () => {
      const resumed = env.fake.waitForGateway('resume', 5000);
      await env.fake.closeConnections(4000);
      const i = env.fake.sendInteraction(topics());
      expect(env.fake.interactions.get(i.id)?.callback).toBeUndefined();
      await resumed;
      expect((await env.fake.waitForCallback(i.id)).type).toBe(
        InteractionResponseType.ChannelMessageWithSource,
      );
    });
  });

  describe('interaction callbacks that fail', () => {
    it('500 on every attempt: a warning with the interaction id; the bot answers the next one', async () => {
      env.fake.failNextCallbacks(4, { status: 500 });
      const i = env.fake.sendInteraction(topics());
      const line = await env.waitForLog(lineFor(i.id, 'could not deliver the reply'));
      expect(line).toMatchObject({ level: 40, kind: '/topics' });
      expect(JSON.stringify(line.err)).toContain('500');
      expect(attempts(i.id)).toEqual([500, 500, 500, 500]);
      expect(env.fake.interactions.get(i.id)?.callback).toBeUndefined();
      await answered();
    });

    it('429 with retry-after 0.2 s: waited out, then delivered', async () => {
      env.fake.failNextCallbacks(1, { status: 429, retryAfter: 0.2 });
      const i = topics();
      const body = await answered(i);
      expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(attempts(i.id)).toEqual([429, 204]);
      const line = await env.waitForLog(lineFor(i.id, 'interaction'));
      expect(line).toMatchObject({ level: 30, status: 'ok' });
      expect(line.ms as number).toBeGreaterThanOrEqual(200);
    });

    it('404 Unknown interaction (10062, too late): a warning with the id and code; the next one answered', async () => {
      env.fake.failNextCallbacks(1, { status: 404, code: 10062 });
      const i = env.fake.sendInteraction(topics());
      const line = await env.waitForLog(lineFor(i.id, 'could not deliver the reply'));
      expect(line).toMatchObject({ level: 40, err: { code: 10062, status: 404 } });
      expect(attempts(i.id)).toEqual([404]);
      await answered();
    });

    it('an autocomplete response that fails is logged with the interaction id', async () => {
      env.fake.failNextCallbacks(1, { status: 404, code: 10062 });
      const i = env.fake.sendInteraction(
        autocompleteInteraction({ name: 'search', options: [opt.string('query', 'hou', true)] }),
      );
      const line = await env.waitForLog(lineFor(i.id, 'autocomplete response failed'));
      expect(line).toMatchObject({ level: 40, err: { code: 10062 } });
      await answered();
    });

    it('after all of that the bot has nothing in flight and logged no error', async () => {
      await answered();
      await vi.waitFor(() => expect(env.bot.pending).toBe(0));
      expect(env.logs.filter((l) => l.level >= 50)).toEqual([]);
    });
  });

  describe('message replies that fail', () => {
    it('403 Missing Permissions on a mention reply: a warning with the message id; the next mention answered', async () => {
      const isChannelPost = (r: { method: string; path: string }) =>
        r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);
      env.fake.failNextRequests(isChannelPost, 1, { status: 403, code: 50013 });
      const m = env.fake.sendMessage(messageCreate({ content: 'why do people leave?', mentionsBot: true }));
      const line = await env.waitForLog((l) => l.message === m.id && l.msg === 'could not deliver the reply');
      expect(line).toMatchObject({ level: 40, err: { code: 50013 } });
      const next = env.fake.sendMessage(
        messageCreate({ content: 'why do people leave?', mentionsBot: true }),
      );
      const reply = await env.fake.waitForRequest(
        (r) =>
          isChannelPost(r) &&
          (r.body as { message_reference?: { message_id?: string } })?.message_reference?.message_id ===
            next.id,
      );
      expect(reply.status).toBe(200);
    });
  });

  describe('a fault inside an answer', () => {
    it('the user gets a private apology, the log gets the error with the interaction id', async () => {
      const spy = vi.spyOn(env.store, 'current').mockImplementationOnce(() => {
        throw new Error('knowledge exploded');
      });
      try {
        const i = topics(Locale.ChineseTW);
        const data = messageData(await answered(i));
        expect(data.flags).toBe(MessageFlags.Ephemeral);
        expect(data.embeds?.[0]?.description).toBe(t('zh-Hant', 'internalError'));
        const line = await env.waitForLog((l) => l.interaction === i.id && l.level === 50);
        expect(line.msg).toBe('answer failed; sent an apology');
        expect(JSON.stringify(line.err)).toContain('knowledge exploded');
      } finally {
        spy.mockRestore();
      }
      await answered();
    });
  });
});

describe('the logger never prints the token', () => {
  it('not in a message, not in an error, not in headers, not in nested objects', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      secrets: [TEST_TOKEN],
      pretty: false,
      destination: { write: (s: string) => void lines.push(s) },
    });
    const err = Object.assign(new Error(`request failed with Bot ${TEST_TOKEN}`), {
      headers: { authorization: `Bot ${TEST_TOKEN}` },
      request: { headers: { Authorization: `Bot ${TEST_TOKEN}` }, url: `https://x/?token=${TEST_TOKEN}` },
    });
    logger.error({ err }, 'failed');
    logger.error(err);
    logger.warn({ headers: { authorization: `Bot ${TEST_TOKEN}` }, token: TEST_TOKEN }, 'headers');
    logger.info(`the token is ${TEST_TOKEN}`);
    logger.info({ deep: { deeper: { value: [`x${TEST_TOKEN}y`] } } }, 'nested');
    // Another token of the same shape (e.g. an old one) is caught by its shape.
    logger.info('sent Authorization: Bot MTIxMTExMTExMTExMTExMTExMQ.AbCdEf.zyxwvutsrqponmlkjihgfedcba987654');
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      expect(line).not.toContain(TEST_TOKEN);
      expect(line).not.toContain('zyxwvutsrqponmlkjihgfedcba987654');
      expect(() => JSON.parse(line)).not.toThrow();
    }
    expect(lines.join('')).toContain('[redacted]');
    expect(JSON.parse(lines[0] ?? '{}').err.message).toBe('request failed with Bot [redacted]');
  });
});

/**
 * The process a supervisor starts (`node dist/main.js`, built by `npm test`) against the fake, in a
 * clean environment: nothing from the test runner (or a developer's real token) leaks in.
 */
function spawnMain(fake: FakeDiscord, nodeArgs: string[] = []): NodeProcess {
  return spawnNode(
    'dist/main.js',
    [],
    { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.restBase, DISCORD_APPLICATION_ID: fake.applicationId },
    { nodeArgs },
  );
}

describe('dist/main.js in a child process', () => {
  let fake: FakeDiscord;
  let main: NodeProcess;

  // Loaded before main.ts: on SIGUSR2, an unhandled rejection and an uncaught exception.
  const PRELOAD = `data:text/javascript,${encodeURIComponent(
    "process.on('SIGUSR2', () => { Promise.reject(new Error('e2e unhandled rejection'));" +
      " setImmediate(() => { throw new Error('e2e uncaught exception'); }); });",
  )}`;

  function interaction(n: number) {
    // Each from its own user: the default rate limit (8 per 20 s) must not be what this test measures.
    return chatInputInteraction({
      name: n % 2 ? 'topics' : 'causes',
      locale: Locale.ChineseCN,
      user: { ...DEFAULT_USER, id: snowflake() },
    });
  }

  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TEST_TOKEN });
    main = spawnMain(fake, ['--import', PRELOAD]);
    await main.waitForLog((l) => l.msg === 'ready', 15_000);
  }, 20_000);

  afterAll(async () => {
    main?.kill();
    await fake?.close();
  });

  it('logs JSON lines (stdout is not a TTY) and is ready against the fake', async () => {
    expect(main.stdout.length).toBeGreaterThan(0);
    expect(main.stdout.every((l) => l.startsWith('{'))).toBe(true);
    expect(fake.identifies[0]?.token).toBe(TEST_TOKEN);
    const i = fake.sendInteraction(interaction(0));
    assertWithinDiscordLimits(await fake.waitForCallback(i.id));
  });

  it('an unhandled rejection and an uncaught exception are logged; the bot keeps answering', async () => {
    main.child.kill('SIGUSR2');
    const rejection = await main.waitForLog((l) => l.msg === 'unhandled rejection');
    expect(JSON.stringify(rejection.err)).toContain('e2e unhandled rejection');
    const exception = await main.waitForLog((l) => l.msg === 'uncaught exception');
    expect(JSON.stringify(exception.err)).toContain('e2e uncaught exception');
    const i = fake.sendInteraction(interaction(1));
    assertWithinDiscordLimits(await fake.waitForCallback(i.id));
    expect(main.child.exitCode).toBeNull();
  });

  it('SIGTERM in the middle of a burst of 20: every interaction is answered, then exit code 0', async () => {
    // Discord is slow to take the callbacks (each first attempt gets a 429), so replies are still in
    // flight when SIGTERM lands, and the second half arrives while the bot is already shutting down.
    fake.failNextCallbacks(20, { status: 429, retryAfter: 0.5 });
    const burst: APIInteraction[] = [];
    for (let n = 0; n < 10; n++) burst.push(fake.sendInteraction(interaction(n)));
    await vi.waitFor(() => expect(fake.requests.filter((r) => r.status === 429).length).toBe(10));
    main.child.kill('SIGTERM');
    const shutting = await main.waitForLog((l) => l.msg === 'shutting down; finishing replies in flight');
    expect(shutting).toMatchObject({ reason: 'SIGTERM', inFlight: 10 });
    // The gateway is still open (replies are in flight): these reach the bot and must be answered too.
    expect(fake.readyConnectionCount).toBe(1);
    for (let n = 10; n < 20; n++) burst.push(fake.sendInteraction(interaction(n)));
    expect(await main.exited).toEqual({ code: 0, signal: null });
    const unanswered = burst.filter((i) => !fake.interactions.get(i.id)?.callback).map((i) => i.id);
    expect(unanswered, `${unanswered.length} of 20 unanswered`).toEqual([]);
    for (const i of burst) assertWithinDiscordLimits(fake.interactions.get(i.id)?.callback);
    await vi.waitFor(() => expect(main.logs.some((l) => l.msg === 'stopped')).toBe(true), { timeout: 2000 });
    expect(main.logs.filter((l) => l.msg === 'interaction')).toHaveLength(22);
    expect(main.logs.filter((l) => l.level >= 40 && !/unhandled|uncaught/.test(l.msg))).toEqual([]);
  }, 15_000);

  it('the token never appears on stdout or stderr', () => {
    const all = main.stdout.join('\n') + main.stderr.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(TEST_TOKEN);
    // Nor its secret part alone.
    expect(all).not.toContain(TEST_TOKEN.split('.')[2]);
  });
});

describe('dist/main.js when Discord closes the gateway for good', () => {
  it('4004 (authentication failed) makes the process exit with code 78: do not restart, alert', async () => {
    const fake = await startFakeDiscord({ token: TEST_TOKEN });
    const child = spawnMain(fake);
    try {
      const lines = child.stdout;
      await vi.waitFor(() => expect(lines.some((l) => l.includes('"msg":"ready"'))).toBe(true), {
        timeout: 15_000,
      });
      await fake.closeConnections(4004, 'Authentication failed');
      const { code } = await child.exited;
      expect(code).toBe(78);
      expect(lines.some((l) => l.includes('gateway closed for good (code 4004)'))).toBe(true);
    } finally {
      child.kill();
      await fake.close();
    }
  }, 25_000);
});
