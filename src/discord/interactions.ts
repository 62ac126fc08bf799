import {
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionResponse,
  ApplicationCommandOptionType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord.js';
import type { Answer } from '../answers/model.js';
import type { CommandArgs } from '../commands/spec.js';
import { capCommandText, capQuery } from './query-cap.js';
import type { RateLimiter } from './rate-limit.js';
import type { InteractionPlan, Responder, WireMessage } from './responder.js';

/**
 * What to send for one interaction, whichever way it arrived (gateway or HTTP endpoint): the
 * callback body, an optional follow-up through the interaction's webhook, and what to log.
 */
export interface HandledInteraction {
  /** `/strategy`, `button`, `select`, `autocomplete`, `ping`. */
  kind: string;
  response: APIInteractionResponse;
  followUp?: WireMessage;
  status: Answer['status'];
  /** Section ids answered (messages) or the number of suggestions (autocomplete). */
  ids?: string[];
  choices?: number;
  /** A fault caught while answering; the user got an apology. */
  error?: unknown;
}

/** The parts of an interaction both transports need after answering it. */
export interface InteractionRef {
  id: string;
  token: string;
  applicationId: string;
  locale?: string;
}

export function refOf(raw: APIInteraction): InteractionRef {
  return {
    id: raw.id,
    token: raw.token,
    applicationId: raw.application_id,
    locale: 'locale' in raw ? raw.locale : undefined,
  };
}

function userIdOf(raw: APIInteraction): string | undefined {
  return raw.member?.user?.id ?? raw.user?.id;
}

/** One user in one channel: the conversation an /ask follow-up continues. */
function conversationOf(raw: APIInteraction): { userId: string; channelId: string } | undefined {
  const userId = userIdOf(raw);
  const channelId = raw.channel_id ?? raw.channel?.id;
  return userId && channelId ? { userId, channelId } : undefined;
}

/**
 * Turns a raw interaction, as Discord sends it over the gateway or to the HTTP endpoint, into what
 * to answer. Pure apart from the rate limiter: no network, so both transports deliver the same.
 * Returns undefined for an interaction it does not answer (a modal submit, an unknown type).
 */
export function handleInteraction(
  raw: APIInteraction,
  responder: Responder,
  limiter: RateLimiter,
): HandledInteraction | undefined {
  const locale = 'locale' in raw ? raw.locale : undefined;
  const user = userIdOf(raw) ?? raw.id;
  /** Commands, buttons and menus share the user's limit: over it, a "slow down" reply instead. */
  const slowDown = (kind: string): HandledInteraction | undefined => {
    const wait = limiter.take(user);
    return wait ? fromPlan(kind, responder.rateLimited(locale, Math.ceil(wait / 1000))) : undefined;
  };
  switch (raw.type) {
    case InteractionType.Ping:
      return { kind: 'ping', response: { type: InteractionResponseType.Pong }, status: 'ok' };
    case InteractionType.ApplicationCommandAutocomplete: {
      const focused = findFocused(raw.data.options ?? []);
      // Its own, more generous bucket (one arrives per keystroke); over it, no suggestions.
      const limited = limiter.autocomplete.take(user) > 0;
      const choices =
        !limited && focused?.name === 'query' && 'value' in focused
          ? responder.autocomplete(capQuery(String(focused.value)), locale)
          : [];
      return {
        kind: 'autocomplete',
        response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } },
        status: limited ? 'rate-limited' : 'ok',
        choices: choices.length,
      };
    }
    case InteractionType.ApplicationCommand: {
      const name = typeof raw.data.name === 'string' ? raw.data.name : '';
      const options = 'options' in raw.data ? (raw.data.options ?? []) : [];
      return (
        slowDown(`/${name}`) ??
        fromPlan(
          `/${name}`,
          responder.command(name, capCommandText(name, argsOf(options)), locale, conversationOf(raw)),
        )
      );
    }
    case InteractionType.MessageComponent: {
      const { data, message } = raw;
      const isSelect = data.component_type === ComponentType.StringSelect;
      const onPrivate = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
      const kind = isSelect ? 'select' : 'button';
      const values = isSelect && 'values' in data ? data.values : [];
      const host = { components: (message.components ?? []) as never };
      return (
        slowDown(kind) ?? fromPlan(kind, responder.component(data.custom_id, values, locale, onPrivate, host))
      );
    }
    default:
      return undefined;
  }
}

function fromPlan(kind: string, plan: InteractionPlan): HandledInteraction {
  return {
    kind,
    response: plan.response,
    ...(plan.followUp ? { followUp: plan.followUp } : {}),
    status: plan.answer.status,
    ids: plan.answer.ids,
    error: plan.error,
  };
}

type AnyOption = APIApplicationCommandInteractionDataOption;

function findFocused(options: readonly AnyOption[]): AnyOption | undefined {
  for (const o of options) {
    if ('focused' in o && o.focused) return o;
    if ('options' in o && Array.isArray(o.options)) {
      const inner = findFocused(o.options as AnyOption[]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Flattens the interaction's options into the same shape the console parser produces. */
function argsOf(options: readonly AnyOption[]): CommandArgs {
  const args: Record<string, string | boolean> = {};
  const visit = (list: readonly AnyOption[]) => {
    for (const o of list) {
      if (
        o.type === ApplicationCommandOptionType.Subcommand ||
        o.type === ApplicationCommandOptionType.SubcommandGroup
      ) {
        visit((o.options ?? []) as AnyOption[]);
        continue;
      }
      const value = 'value' in o ? o.value : undefined;
      if (typeof value === 'string' || typeof value === 'boolean') args[o.name] = value;
      else if (typeof value === 'number') args[o.name] = String(value);
    }
  };
  visit(options);
  return args;
}
