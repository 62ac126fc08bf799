/**
 * Issue 10 end to end, against the fake Discord: logs that leak no interaction or webhook token
 * and no request body, whatever fails.
 */

import type { APIInteraction } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { chatInputInteraction, type FakeFault, opt, selectInteraction } from '../support/fake-discord.js';
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
