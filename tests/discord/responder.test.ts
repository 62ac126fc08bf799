/**
 * The reply plan: one decision of how each reply is delivered, with privacy and allowed mentions
 * set in one place, and the same plan whichever transport delivers it.
 */
import { InteractionResponseType, Locale, MessageFlags } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleInteraction } from '../../src/discord/interactions.js';
import { RateLimiter } from '../../src/discord/rate-limit.js';
import { Responder } from '../../src/discord/responder.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  opt,
  selectInteraction,
} from '../support/fake-discord.js';

let responder: Responder;
beforeAll(async () => {
  const store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  responder = new Responder(() => store.current());
});

describe('Responder plans', () => {
  it('a public command reply: no flags, no pings', () => {
    const plan = responder.command('causes', {}, 'en-US');
    expect(plan.delivery).toBe('reply');
    expect(plan.response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(plan.response.data.flags).toBeUndefined();
    expect(plan.response.data.allowed_mentions).toEqual({ parse: [] });
    expect(plan.followUp).toBeUndefined();
  });

  it.each([
    ['asked for', 'causes', { private: true }],
    ['always private', 'help', {}],
    ['nothing found', 'search', { query: 'zzzzqqqq xxyyzz' }],
    ['unknown command', 'nope', {}],
  ])('a private reply when %s', (_why, name, args) => {
    const plan = responder.command(name, args, 'en-US');
    expect(plan.delivery).toBe('private-reply');
    expect(plan.response.data.flags).toBe(MessageFlags.Ephemeral);
    expect(plan.response.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('a pick on a public menu: the message is re-sent unchanged, then the picker alone gets the section', () => {
    const host = responder.command('topics', {}, 'en-US').response.data;
    const plan = responder.component('menu:open', ['cause.policy'], 'en-US', false, host);
    expect(plan.delivery).toBe('reset-then-private-follow-up');
    expect(plan.response).toEqual({
      type: InteractionResponseType.UpdateMessage,
      data: { components: host.components, allowed_mentions: { parse: [] } },
    });
    expect(plan.followUp?.flags).toBe(MessageFlags.Ephemeral);
    expect(plan.followUp?.allowed_mentions).toEqual({ parse: [] });
    expect(plan.followUp?.embeds).toEqual(
      responder.command('causes', { factor: 'policy' }, 'en-US').response.data.embeds,
    );
  });

  it('a button on a private page turns it in place; on a public message answers privately', () => {
    expect(responder.component('open:cause.policy', [], 'en-US', true).delivery).toBe('update');
    expect(responder.component('open:cause.policy', [], 'en-US', true).response.data.flags).toBeUndefined();
    const pub = responder.component('open:cause.policy', [], 'en-US', false);
    expect(pub.delivery).toBe('private-reply');
    expect(pub.response.data.flags).toBe(MessageFlags.Ephemeral);
  });

  it('a mention reply points at the question, pings nobody, not even the asker', () => {
    const plan = responder.message('why do young people leave?', {
      userId: '1',
      channelId: '22',
      messageId: '333',
    });
    expect(plan.delivery).toBe('channel-reply');
    expect(plan.channelId).toBe('22');
    expect(plan.message.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(plan.message.message_reference).toEqual({ message_id: '333', fail_if_not_exists: false });
    expect(plan.message.flags).toBeUndefined();
  });
});

describe('handleInteraction: raw interactions, as both transports receive them', () => {
  const limiter = () => new RateLimiter(0, 1000);

  it('a command: the callback body is the plan, unchanged', () => {
    const raw = chatInputInteraction({ name: 'strategy', options: [opt.string('area', 'industry')] });
    const handled = handleInteraction(raw, responder, limiter());
    expect(handled?.kind).toBe('/strategy');
    expect(handled?.response).toEqual(responder.command('strategy', { area: 'industry' }, 'en-US').response);
  });

  it('a public menu pick carries the host message and a follow-up', () => {
    const raw = selectInteraction('menu:open', ['effect.labor'], { locale: Locale.ChineseTW });
    const handled = handleInteraction(raw, responder, limiter());
    expect(handled?.kind).toBe('select');
    expect(handled?.response.type).toBe(InteractionResponseType.UpdateMessage);
    expect(handled?.followUp?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('autocomplete and ping', () => {
    const ac = handleInteraction(
      autocompleteInteraction({ name: 'search', options: [opt.string('query', 'housing', true)] }),
      responder,
      limiter(),
    );
    expect(ac?.response.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(ac?.choices).toBeGreaterThan(0);
    const ping = handleInteraction(
      { type: 1, id: '1', application_id: '2', token: 't', version: 1 } as never,
      responder,
      limiter(),
    );
    expect(ping?.response).toEqual({ type: InteractionResponseType.Pong });
  });

  it('the rate limit applies whichever transport brought the interaction; a refusal is private', () => {
    const one = new RateLimiter(1, 60_000);
    expect(handleInteraction(chatInputInteraction({ name: 'causes' }), responder, one)?.status).toBe('ok');
    const refused = handleInteraction(chatInputInteraction({ name: 'causes' }), responder, one);
    expect(refused?.status).toBe('rate-limited');
    expect(refused?.response).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    // Buttons answer like commands and count against the same limit.
    expect(handleInteraction(buttonInteraction('open:cause.policy'), responder, one)?.status).toBe(
      'rate-limited',
    );
  });
});
