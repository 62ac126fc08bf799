/**
 * The HTTP interactions endpoint end to end: the fake Discord signs each request with a key pair made
 * here, POSTs it, records the HTTP response as the callback, and takes follow-ups on its webhook route.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { REST } from 'discord.js';
import {
  type APIInteraction,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
} from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bot } from '../../src/discord/bot.js';
import { RateLimiter } from '../../src/discord/rate-limit.js';
import { Responder } from '../../src/discord/responder.js';
import { HttpServer } from '../../src/http/server.js';
import { publicKeyFromHex } from '../../src/http/verify.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { KnowledgeStore } from '../../src/store/store.js';
import {
  applicationKeyPair,
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  type FakeDiscord,
  messageCreate,
  opt,
  selectInteraction,
  snowflake,
  startFakeDiscord,
} from '../support/fake-discord.js';
import { type LogLine, type StartedBot, startBot, TEST_TOKEN } from '../support/start-bot.js';
import { assertWithinDiscordLimits } from './limits.js';

let fake: FakeDiscord;
let server: HttpServer;
let url: string;
let base: string;
let privateKey: KeyObject;
let responder: Responder;
const logs: LogLine[] = [];

beforeAll(async () => {
  fake = await startFakeDiscord();
  const keys = applicationKeyPair();
  privateKey = keys.privateKey;
  const store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  responder = new Responder(() => store.current());
  server = new HttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger({
      level: 'info',
      destination: { write: (chunk: string) => void logs.push(JSON.parse(chunk) as LogLine) },
    }),
    metrics: new Metrics({ processMetrics: false }),
    ready: () => true,
    interactions: {
      publicKey: publicKeyFromHex(keys.publicHex),
      responder: new Responder(() => store.current()),
      limiter: new RateLimiter(2, 60_000),
      rest: new REST({ api: fake.restBase, retries: 0 }),
    },
  });
  const port = await server.start();
  base = `http://127.0.0.1:${port}`;
  url = `${base}/interactions`;
});
afterAll(async () => {
  await server?.stop(1000);
  await fake?.close();
});

const post = (interaction: APIInteraction, o: Parameters<FakeDiscord['postInteraction']>[2] = {}) =>
  fake.postInteraction(url, interaction, { privateKey, ...o });

const user = () => ({ id: snowflake(), username: 'u', discriminator: '0', global_name: null, avatar: null });

describe('signed requests', () => {
  it('PING is answered with PONG', async () => {
    const res = await post({
      type: InteractionType.Ping,
      id: snowflake(),
      application_id: fake.applicationId,
      token: 'x',
      version: 1,
    } as APIInteraction);
    expect(res).toMatchObject({ status: 200, body: { type: InteractionResponseType.Pong } });
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('a command: the HTTP response is the reply plan, exactly', async () => {
    const i = chatInputInteraction({
      name: 'strategy',
      options: [opt.string('area', 'industry')],
      locale: Locale.ChineseTW,
      user: user(),
    });
    const res = await post(i);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      JSON.parse(JSON.stringify(responder.command('strategy', { area: 'industry' }, 'zh-TW').response)),
    );
    assertWithinDiscordLimits(res.body);
    const line = await vi.waitFor(() => {
      const l = logs.find((x) => x.interaction === i.id);
      if (!l) throw new Error('no log line yet');
      return l;
    });
    expect(line).toMatchObject({ msg: 'interaction', kind: '/strategy', status: 'ok' });
  });

  it('autocomplete', async () => {
    const res = await post(
      autocompleteInteraction({ name: 'search', options: [opt.string('query', 'housing', true)] }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: InteractionResponseType.ApplicationCommandAutocompleteResult });
    expect((res.body as { data: { choices: unknown[] } }).data.choices.length).toBeGreaterThan(0);
  });

  it('a button on a public message: a private reply', async () => {
    const res = await post(buttonInteraction('open:cause.policy'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: 4,
      data: { flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
    });
  });

  it('a pick on a public menu: the menu is reset in the response, the section follows up privately through the webhook', async () => {
    const i = selectInteraction('menu:open', ['effect.labor'], { locale: Locale.ChineseCN });
    const res = await post(i);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      type: 7,
      data: { components: i.message.components, allowed_mentions: { parse: [] } },
    });
    await vi.waitFor(() => expect(fake.interactions.get(i.id)?.followUps).toHaveLength(1));
    const followUp = fake.requests.find(
      (r) => r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${i.token}`,
    );
    expect(followUp?.headers.authorization).toBeUndefined();
    expect(followUp?.body).toEqual(
      JSON.parse(
        JSON.stringify(
          responder.component('menu:open', ['effect.labor'], 'zh-CN', false, i.message as never).followUp,
        ),
      ),
    );
  });

  it('the per-instance rate limit: the third command in the window is refused privately', async () => {
    const who = user();
    for (let n = 0; n < 2; n++)
      expect((await post(chatInputInteraction({ name: 'causes', user: who }))).status).toBe(200);
    const res = await post(chatInputInteraction({ name: 'causes', user: who }));
    expect(res.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
  });

  it('a signed body that is not an interaction: 400, and the endpoint carries on', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = '{"type":"nope"';
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-timestamp': timestamp,
        'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
      },
      body,
    });
    expect(res.status).toBe(400);
    expect((await post(chatInputInteraction({ name: 'about' }))).status).toBe(200);
  });
});

describe('requests not from Discord get 401 and nothing else', () => {
  const cases: [string, (i: APIInteraction) => Promise<{ status: number; body: unknown }>][] = [
    ['no signature', (i) => post(i, { unsigned: true })],
    ['a tampered body', (i) => post(i, { tamper: (b) => b.replace('"causes"', '"effects"') })],
    [
      'a stale timestamp (10 minutes old)',
      (i) => post(i, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
    ],
    ['a timestamp from the future', (i) => post(i, { timestamp: Math.floor(Date.now() / 1000) + 600 })],
    ['another key', (i) => post(i, { privateKey: generateKeyPairSync('ed25519').privateKey })],
  ];
  it.each(cases)('%s', async (_name, send) => {
    const i = chatInputInteraction({ name: 'causes' });
    const before = logs.length;
    const res = await send(i);
    expect(res).toEqual({ status: 401, body: 'invalid request signature', headers: expect.anything() });
    expect(fake.interactions.get(i.id)?.callback).toBeUndefined();
    expect(logs.slice(before).filter((l) => l.interaction === i.id)).toEqual([]);
  });

  it('a garbage signature header', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'x-signature-ed25519': 'zz',
        'x-signature-timestamp': 'now',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('a huge body is refused without being read whole', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'x-signature-ed25519': 'a'.repeat(128),
        'x-signature-timestamp': '1',
        'content-type': 'application/json',
      },
      body: 'x'.repeat(2 * 1024 * 1024),
    }).catch((err: unknown) => ({ status: (err as Error).message }));
    expect([413, 'fetch failed']).toContain(res.status);
  });

  it('GET /interactions: 405', async () => {
    expect((await fetch(url)).status).toBe(405);
  });
});

describe('health, readiness and metrics on the same listener', () => {
  it('/healthz and /readyz', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('/readyz is 503 until the process can answer (gateway not ready yet), and no /interactions without the endpoint', async () => {
    const metrics = new Metrics({ processMetrics: false });
    let ready = false;
    const health = new HttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ level: 'silent' }),
      metrics,
      ready: () => ready,
    });
    const port = await health.start();
    try {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(
        (await fetch(`http://127.0.0.1:${port}/interactions`, { method: 'POST', body: '{}' })).status,
      ).toBe(404);
    } finally {
      await health.stop(500);
    }
  });

  it('/metrics counts interactions by kind and status, rate-limited ones, and handling time', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/outflow_interactions_total\{kind="\/strategy",status="ok"\} 1/);
    expect(text).toMatch(/outflow_interactions_total\{kind="\/causes",status="rate-limited"\} 1/);
    expect(text).toMatch(/outflow_rate_limited_total\{kind="\/causes"\} 1/);
    expect(text).toMatch(/outflow_interaction_duration_seconds_count\{kind="select"\} 1/);
    expect(text).toContain('outflow_knowledge_reloads_total{result="rejected"} 0');
  });
});

describe('the gateway process next to an endpoint (GATEWAY_INTERACTIONS=false)', () => {
  it('answers mentions and leaves interactions alone', async () => {
    const gatewayFake = await startFakeDiscord({ token: TEST_TOKEN });
    const bot = new Bot({
      token: TEST_TOKEN,
      apiUrl: gatewayFake.restBase,
      store: await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR),
      logger: createLogger({ level: 'silent' }),
      rateLimit: { count: 0, windowMs: 1000 },
      answerInteractions: false,
    });
    try {
      await bot.start();
      const i = gatewayFake.sendInteraction(chatInputInteraction({ name: 'causes' }));
      const m = gatewayFake.sendMessage(
        messageCreate({ content: 'why do people leave?', mentionsBot: true }),
      );
      await gatewayFake.waitForRequest(
        (r) =>
          r.method === 'POST' &&
          (r.body as { message_reference?: { message_id?: string } })?.message_reference?.message_id === m.id,
      );
      expect(gatewayFake.requests.some((r) => r.path.startsWith(`/interactions/${i.id}/`))).toBe(false);
    } finally {
      await bot.stop(500);
      await gatewayFake.close();
    }
  });
});

describe('one plan, two transports: the gateway bot and the endpoint send the same bodies', () => {
  let gateway: StartedBot;
  beforeAll(async () => {
    gateway = await startBot();
  });
  afterAll(() => gateway?.stop());

  /** The same interaction (fresh ids) through each transport; the callback and any follow-up bodies. */
  async function both(make: () => APIInteraction) {
    const viaGateway = make();
    const gatewayBody = await gateway.roundTrip(viaGateway);
    const viaHttp = make();
    const httpBody = (await post(viaHttp)).body;
    const followUps = async (f: FakeDiscord, i: APIInteraction) => {
      await vi.waitFor(() => expect(f.interactions.get(i.id)?.callback).toBeDefined());
      return f.requests
        .filter((r) => r.method === 'POST' && r.path === `/webhooks/${f.applicationId}/${i.token}`)
        .map((r) => r.body);
    };
    return {
      gateway: { response: gatewayBody, followUps: await followUps(gateway.fake, viaGateway) },
      http: { response: httpBody, followUps: await followUps(fake, viaHttp) },
    };
  }

  it.each([
    [
      'a public command',
      () =>
        chatInputInteraction({ name: 'strategy', options: [opt.string('area', 'industry')], user: user() }),
    ],
    [
      'a private command',
      () => chatInputInteraction({ name: 'causes', options: [opt.boolean('private', true)], user: user() }),
    ],
    [
      'a button on a public message',
      () => buttonInteraction('open:effect.housing', { locale: Locale.ChineseTW, user: user() }),
    ],
    [
      'a button on a private page',
      () => {
        const i = buttonInteraction('open:effect.housing', { user: user() });
        i.message.flags = MessageFlags.Ephemeral;
        return i;
      },
    ],
    [
      'a pick on the public /topics menu',
      () => selectInteraction('menu:open', ['case.industry'], { user: user() }),
    ],
    [
      'autocomplete',
      () =>
        autocompleteInteraction({
          name: 'search',
          options: [opt.string('query', '房价', true)],
          user: user(),
        }),
    ],
  ])('%s', async (_name, make) => {
    const { gateway: g, http: h } = await both(make as () => APIInteraction);
    expect(h.response).toEqual(g.response);
    expect(h.followUps).toEqual(g.followUps);
  });
});
