/**
 * Buttons and select menus end to end. On a public message the section goes to the clicker alone
 * (a button: a new ephemeral message, type 4 + flags 64; a menu: the message re-sent unchanged to
 * reset the menu, type 7, then an ephemeral follow-up); on an ephemeral message it replaces the
 * page in place (type 7). Stale or forged custom ids get a polite private reply, never an error.
 */

import type {
  APIButtonComponentWithCustomId,
  APIMessage,
  APIMessageComponentInteraction,
  RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord-api-types/v10';
import { ComponentType, InteractionResponseType, Locale, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { t } from '../../src/i18n/strings.js';
import type { Knowledge, Lang } from '../../src/knowledge/model.js';
import { buttonInteraction, chatInputInteraction, selectInteraction } from '../support/fake-discord.js';
import { messageData, type StartedBot, startBot } from '../support/start-bot.js';
import { assertWithinDiscordLimits } from './limits.js';

let env: StartedBot;
let k: Knowledge;

beforeAll(async () => {
  env = await startBot();
  k = env.store.current().knowledge;
});
afterAll(() => env?.stop());

const roundTrip: StartedBot['roundTrip'] = (interaction) => env.roundTrip(interaction);

/**
 * A pick on a public menu: the callback re-sends the message's own components (which
 * resets the menu for the next pick), and the answer follows privately.
 */
async function publicPick(interaction: APIMessageComponentInteraction) {
  const body = await roundTrip(interaction);
  expect(body.type).toBe(InteractionResponseType.UpdateMessage);
  expect(messageData(body).components).toEqual(interaction.message.components);
  expect(messageData(body).embeds).toBeUndefined();
  await vi.waitFor(() => expect(env.fake.interactions.get(interaction.id)?.followUps).toHaveLength(1));
  const request = env.fake.requests.find(
    (r) => r.method === 'POST' && r.path === `/webhooks/${env.fake.applicationId}/${interaction.token}`,
  );
  const followUp = request?.body as RESTPostAPIWebhookWithTokenJSONBody & { flags?: number };
  assertWithinDiscordLimits(followUp);
  const message = env.fake.interactions.get(interaction.id)?.followUps[0] as APIMessage;
  return { followUp, message };
}

/** Marks the message carrying the component as ephemeral, as Discord reports it. */
function onEphemeral<T extends APIMessageComponentInteraction>(interaction: T): T {
  interaction.message.flags = MessageFlags.Ephemeral;
  return interaction;
}

function title(id: string, lang: Lang): string {
  const s = k.byId.get(id);
  if (!s) throw new Error(`no section ${id}`);
  return s.title[lang];
}

/** What the Responder builds for the same click: the bot must send exactly this. */
function expected(customId: string, values: string[], locale: Locale, onPrivate: boolean) {
  return env.responder.component(customId, values, locale, onPrivate).response;
}

describe('a button', () => {
  it.each([
    [Locale.EnglishUS, 'en'],
    [Locale.ChineseCN, 'zh-Hans'],
    [Locale.ChineseTW, 'zh-Hant'],
  ] as const)('on a public message (%s): an ephemeral reply with the section', async (locale, lang) => {
    const body = await roundTrip(buttonInteraction('open:cause.policy', { locale }));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const data = messageData(body);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(data.embeds?.[0]?.title).toBe(title('cause.policy', lang));
    expect(data.embeds?.[0]?.description).toBe(k.byId.get('cause.policy')?.text[lang]);
    expect(data.embeds).toEqual(expected('open:cause.policy', [], locale, false).data.embeds);
    expect(data.components).toEqual(expected('open:cause.policy', [], locale, false).data.components);
  });

  it('on an ephemeral message: updates it in place (type 7)', async () => {
    const i = onEphemeral(buttonInteraction('open:cause.policy', { locale: Locale.ChineseTW }));
    const body = await roundTrip(i);
    expect(body.type).toBe(InteractionResponseType.UpdateMessage);
    const data = messageData(body);
    expect(data.flags).toBeUndefined();
    expect(data.embeds?.[0]?.title).toBe(title('cause.policy', 'zh-Hant'));
    expect(data.embeds).toEqual(expected('open:cause.policy', [], Locale.ChineseTW, true).data.embeds);
    // The fake applied the update to the host message.
    expect(env.fake.interactions.get(i.id)?.original?.embeds[0]?.title).toBe(
      title('cause.policy', 'zh-Hant'),
    );
  });

  it('in a DM with the bot: answered too', async () => {
    const body = await roundTrip(buttonInteraction('open:effect.labor', { dm: true }));
    expect(messageData(body).embeds?.[0]?.title).toBe(title('effect.labor', 'en'));
  });
});

describe('the select menu', () => {
  it('"menu:open" with strategy.governance on a public message: the menu is reset, the section sent privately', async () => {
    const { followUp } = await publicPick(
      selectInteraction('menu:open', ['strategy.governance'], { locale: Locale.ChineseCN }),
    );
    expect(followUp.flags).toBe(MessageFlags.Ephemeral);
    expect(followUp.allowed_mentions).toEqual({ parse: [] });
    expect(followUp.embeds?.[0]?.title).toBe(title('strategy.governance', 'zh-Hans'));
    expect(followUp.embeds).toEqual(
      expected('menu:open', ['strategy.governance'], Locale.ChineseCN, false).data.embeds,
    );
  });

  it('on an ephemeral message: updates it in place', async () => {
    const body = await roundTrip(onEphemeral(selectInteraction('menu:open', ['strategy.governance'])));
    expect(body.type).toBe(InteractionResponseType.UpdateMessage);
    expect(messageData(body).embeds?.[0]?.title).toBe(title('strategy.governance', 'en'));
  });
});

describe('stale or forged custom ids', () => {
  const cases: [string, () => APIMessageComponentInteraction][] = [
    [
      'button open:does.not.exist',
      () => buttonInteraction('open:does.not.exist', { locale: Locale.ChineseCN }),
    ],
    ['button garbage', () => buttonInteraction('garbage', { locale: Locale.ChineseCN })],
    ['button "open:" (no id)', () => buttonInteraction('open:', { locale: Locale.ChineseCN })],
    [
      'menu with an unknown section, on an ephemeral page',
      () => onEphemeral(selectInteraction('menu:open', ['nope'], { locale: Locale.ChineseCN })),
    ],
    [
      'unknown menu id, on an ephemeral page',
      () => onEphemeral(selectInteraction('menu:other', ['cause.policy'], { locale: Locale.ChineseCN })),
    ],
    [
      'button garbage on an ephemeral page (not replaced: a new private note)',
      () => onEphemeral(buttonInteraction('garbage', { locale: Locale.ChineseCN })),
    ],
  ];

  it.each(cases)('%s: a polite ephemeral reply, no error logged', async (_name, make) => {
    const i = make();
    const body = await roundTrip(i);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const data = messageData(body);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(data.embeds?.[0]?.description).toBe(t('zh-Hans', 'unknownSection'));
    const line = await env.waitForLog((l) => l.interaction === i.id);
    expect(line).toMatchObject({ level: 30, msg: 'interaction', status: 'error' });
    expect(env.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});

describe('click-through with the payloads the bot itself sent', () => {
  it('/topics menu → a section (private) → one of its buttons turns the page in place', async () => {
    // 1. /topics, public: the outline with a select menu.
    const topics = chatInputInteraction({ name: 'topics', locale: Locale.ChineseTW });
    messageData(await roundTrip(topics));
    const topicsMessage = env.fake.interactions.get(topics.id)?.original as APIMessage;
    const row = topicsMessage.components?.[0];
    const menu = row && 'components' in row ? row.components[0] : undefined;
    if (menu?.type !== ComponentType.StringSelect) throw new Error('no menu on /topics');
    const choice = menu.options.find((o) => o.value === 'effect.housing');
    expect(choice?.label).toBe(title('effect.housing', 'zh-Hant'));

    // 2. Pick a section on that public message: a private reply.
    const pick = selectInteraction(menu.custom_id, [choice?.value ?? ''], {
      locale: Locale.ChineseTW,
      message: topicsMessage,
    });
    const { followUp, message: page } = await publicPick(pick);
    expect(followUp.flags).toBe(MessageFlags.Ephemeral);
    expect(followUp.embeds?.[0]?.title).toBe(title('effect.housing', 'zh-Hant'));

    // 3. Click a button on that private reply: it is updated in place.
    expect(page.flags).toBe(MessageFlags.Ephemeral);
    const buttons = (page.components ?? []).flatMap((r) =>
      r.type === ComponentType.ActionRow ? r.components : [],
    );
    const button = buttons.find(
      (c): c is APIButtonComponentWithCustomId => c.type === ComponentType.Button && 'custom_id' in c,
    );
    if (!button) throw new Error('no button on the section page');
    const target = button.custom_id.slice('open:'.length);
    expect(k.byId.has(target)).toBe(true);
    expect(button.label).toBe(title(target, 'zh-Hant'));
    const click = buttonInteraction(button.custom_id, { locale: Locale.ChineseTW, message: page });
    const turned = await roundTrip(click);
    expect(turned.type).toBe(InteractionResponseType.UpdateMessage);
    expect(messageData(turned).embeds?.[0]?.title).toBe(title(target, 'zh-Hant'));
    expect(env.fake.interactions.get(click.id)?.original?.id).toBe(page.id);
  });
});

describe('a stale pick on a public menu', () => {
  it('resets the menu and explains privately', async () => {
    const { followUp } = await publicPick(
      selectInteraction('menu:open', ['nope'], { locale: Locale.ChineseCN }),
    );
    expect(followUp.flags).toBe(MessageFlags.Ephemeral);
    expect(followUp.embeds?.[0]?.description).toBe(t('zh-Hans', 'unknownSection'));
    expect(env.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
