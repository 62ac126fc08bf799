import {
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIComponentInMessageActionRow,
  InteractionResponseType,
  MessageFlags,
} from 'discord.js';
import { Conversations } from '../answers/conversation.js';
import { type Answer, isPrivateStatus } from '../answers/model.js';
import { breadcrumb, errorAnswer } from '../answers/views.js';
import { answerQuestion } from '../commands/ask.js';
import { openSection, runCommand, wantsPrivate } from '../commands/dispatch.js';
import { COMMANDS_BY_NAME } from '../commands/index.js';
import { OPEN_PREFIX } from '../commands/search.js';
import { type CommandArgs, type CommandContext, MAX_QUERY_LENGTH } from '../commands/spec.js';
import { detectLang, langFromLocale } from '../i18n/locale.js';
import { t } from '../i18n/strings.js';
import type { Lang } from '../knowledge/model.js';
import type { Snapshot } from '../store/store.js';
import { parseCustomId } from './custom-ids.js';
import { escapeUserText } from './escape.js';
import { clip, LIMITS } from './limits.js';
import { type RenderedMessage, renderMessage } from './render.js';

/**
 * How a reply reaches Discord:
 * - `reply`: a new message answering the interaction, seen by everyone in the channel;
 * - `private-reply`: the same, seen by the asker alone (ephemeral);
 * - `update`: replaces the message whose button or menu was used (turning a private page);
 * - `reset-then-private-follow-up`: re-sends a public message unchanged (so its menu shows no pick),
 *   then answers the picker alone through the interaction's webhook;
 * - `channel-reply`: a message replying to a mention or a DM (not an interaction).
 */
export type Delivery =
  | 'reply'
  | 'private-reply'
  | 'update'
  | 'reset-then-private-follow-up'
  | 'channel-reply';

/** A message body exactly as it goes over the wire. */
export interface WireMessage extends RenderedMessage {
  allowed_mentions: { parse: []; replied_user?: false };
  flags?: number;
}

/**
 * A reply to an interaction: the answer, and the exact requests that deliver it. Both transports
 * send these bodies unchanged: the gateway bot POSTs `response` to the interaction callback route,
 * the HTTP endpoint returns it as the body of its HTTP response; then `followUp`, if any, is POSTed
 * to the interaction's webhook (`/webhooks/{application}/{token}`). The CLI's `--json` prints `response`.
 */
export interface InteractionPlan {
  /** What the bot answers, for logs: section ids, status. */
  answer: Answer;
  /** A fault caught while answering (the user got an apology); for the log. */
  error?: unknown;
  delivery: Exclude<Delivery, 'channel-reply'>;
  response: MessageResponse | { type: InteractionResponseType.UpdateMessage; data: ResetMessage };
  followUp?: WireMessage;
}

export interface MessageResponse {
  type: InteractionResponseType.ChannelMessageWithSource | InteractionResponseType.UpdateMessage;
  data: WireMessage;
}

/** A command's reply: always a new message. */
export interface CommandPlan extends InteractionPlan {
  delivery: 'reply' | 'private-reply';
  response: MessageResponse;
}

/** An update that re-sends a message's components unchanged (its embeds stay as they are). */
export type ResetMessage = Omit<WireMessage, 'embeds' | 'flags'> & { embeds?: undefined; flags?: undefined };

/** A reply to a mention or a DM: POST /channels/{channelId}/messages with `message`. */
export interface MessagePlan {
  answer: Answer;
  error?: unknown;
  delivery: 'channel-reply';
  channelId: string;
  message: WireMessage & { message_reference?: { message_id: string; fail_if_not_exists: false } };
}

/** Who asked, where: the seam for answers that depend on the conversation so far. */
export interface MessageContext {
  userId: string;
  channelId: string;
  /** The message being answered; the reply points at it. */
  messageId?: string;
  /** The server's preferred locale (none in a DM): the language of text that reads the same in both scripts. */
  guildLocale?: string | null;
}

/** The message a button or menu belongs to, as Discord sent it with the interaction. */
export interface HostMessage {
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/**
 * Turns what arrives from Discord (a command with options, a button, a menu choice, a
 * mention) into a reply plan. Pure: no client, no network, so the CLI prints the very payload
 * the bot would send, both transports send the same, and tests can check it directly.
 */
export class Responder {
  /** Follow-ups in mentions and DMs continue the same user's conversation in that channel. */
  private readonly conversations = new Conversations();

  constructor(private readonly snapshot: () => Snapshot) {}

  private context(lang: Lang): CommandContext {
    const { knowledge, engine, questions } = this.snapshot();
    return { knowledge, engine, questions, lang, quote: escapeUserText };
  }

  /** `who`: the user and channel, where known, so that /ask follow-ups continue their conversation. */
  command(
    name: string,
    args: CommandArgs,
    locale: string | null | undefined,
    who?: { userId: string; channelId: string },
  ): CommandPlan {
    const lang = langFromLocale(locale);
    const memory = who ? this.conversations.of(who.userId, who.channelId) : undefined;
    const { answer, error } = guard(lang, () =>
      runCommand({ name, args }, { ...this.context(lang), memory }),
    );
    // /help and /about take no `private` option because they are always private (CommandSpec.answers).
    const alwaysPrivate = COMMANDS_BY_NAME.get(name)?.answers === false;
    return reply(answer, alwaysPrivate || wantsPrivate(args), error);
  }

  /**
   * Live suggestions for /search: the best sections for what has been typed so far.
   * Each choice opens its section when picked; an empty box lists the outline.
   */
  autocomplete(
    typed: string,
    locale: string | null | undefined,
  ): APIApplicationCommandOptionChoice<string>[] {
    const lang = langFromLocale(locale);
    const { knowledge, engine } = this.snapshot();
    try {
      const query = typed.slice(0, MAX_QUERY_LENGTH);
      const hits = query.trim() ? engine.search(query, { limit: LIMITS.choices }) : undefined;
      const ids = hits
        ? (hits.results.length > 0 ? hits.results : hits.suggestions).map((h) => h.id)
        : knowledge.sections.map((s) => s.id);
      return ids.slice(0, LIMITS.choices).flatMap((id) => {
        const section = knowledge.byId.get(id);
        return section
          ? [
              {
                name: clip(breadcrumb(knowledge, section, lang), LIMITS.choiceName),
                value: `${OPEN_PREFIX}${id}`.slice(0, LIMITS.choiceValue),
              },
            ]
          : [];
      });
    } catch {
      // Suggestions are a convenience: on a fault the box simply stays empty.
      return [];
    }
  }

  /**
   * A button or menu choice. On a private message the answer replaces it in place, like
   * turning a page; on a public one it goes to the clicker alone, so browsing does not
   * flood the channel. A pick on a public menu also re-sends that message unchanged (`host`),
   * so the menu shows no pick and the same pick works again.
   */
  component(
    customId: string,
    values: readonly string[],
    locale: string | null | undefined,
    onPrivateMessage: boolean,
    host?: HostMessage,
  ): InteractionPlan {
    const lang = langFromLocale(locale);
    const parsed = parseCustomId(customId);
    const { answer, error } = guard(lang, () => {
      const ctx = this.context(lang);
      if (parsed.action === 'open') return openSection(parsed.sectionId, ctx);
      if (parsed.action === 'menu' && values[0]) return openSection(values[0], ctx);
      return errorAnswer(lang, t(lang, 'unknownSection'));
    });
    if (onPrivateMessage && answer.status === 'ok') {
      return {
        answer,
        error,
        delivery: 'update',
        response: {
          type: InteractionResponseType.UpdateMessage,
          data: wire(renderMessage(answer), 'update'),
        },
      };
    }
    if (!onPrivateMessage && parsed.action === 'menu' && host) {
      return {
        answer,
        error,
        delivery: 'reset-then-private-follow-up',
        response: {
          type: InteractionResponseType.UpdateMessage,
          data: wire({ components: host.components }, 'update'),
        },
        followUp: wire(renderMessage(answer), 'private-reply'),
      };
    }
    return reply(answer, true, error);
  }

  /**
   * A mention or a DM: the text is a question; the language is the one it is written in.
   * `context` says who asked where (the same user in the same channel is one conversation).
   */
  message(text: string, context: MessageContext): MessagePlan {
    const lang = detectLang(text, context.guildLocale);
    // A bare @mention is someone finding out what the bot does: show them.
    const { answer, error } = guard(lang, () =>
      text.trim() === ''
        ? runCommand({ name: 'help', args: {} }, this.context(lang))
        : answerQuestion(text, {
            ...this.context(lang),
            memory: this.conversations.of(context.userId, context.channelId),
          }),
    );
    const message: MessagePlan['message'] = wire(renderMessage(answer), 'channel-reply');
    // If the question was deleted meanwhile, answer in the channel rather than not at all.
    if (context.messageId)
      message.message_reference = { message_id: context.messageId, fail_if_not_exists: false };
    return { answer, error, delivery: 'channel-reply', channelId: context.channelId, message };
  }

  rateLimited(locale: string | null | undefined, seconds: number): CommandPlan {
    const lang = langFromLocale(locale);
    return reply(errorAnswer(lang, t(lang, 'slowDown', { seconds }), 'rate-limited'), true);
  }
}

/** A new message answering an interaction; privacy is decided here and nowhere else. */
function reply(answer: Answer, wantedPrivate: boolean, error?: unknown): CommandPlan {
  // Errors, "nothing found" and "slow down" are for the asker alone, whatever was asked.
  const delivery = wantedPrivate || isPrivateStatus(answer) ? 'private-reply' : 'reply';
  return {
    answer,
    error,
    delivery,
    response: {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: wire(renderMessage(answer), delivery),
    },
  };
}

/**
 * The one place a message body gets its allowed mentions and its privacy flag. Nothing the bot
 * sends may ping anyone: not users, roles or @everyone quoted in a question, nor the asker of a
 * mention (`replied_user`). An update keeps the privacy of the message it replaces (no flags).
 */
function wire(message: RenderedMessage, delivery: Delivery): WireMessage;
function wire(message: Pick<RenderedMessage, 'components'>, delivery: 'update'): ResetMessage;
function wire(message: Partial<RenderedMessage>, delivery: Delivery): WireMessage | ResetMessage {
  const out: WireMessage | ResetMessage = {
    ...(message as RenderedMessage),
    allowed_mentions: delivery === 'channel-reply' ? { parse: [], replied_user: false } : { parse: [] },
  };
  if (delivery === 'private-reply') (out as WireMessage).flags = MessageFlags.Ephemeral;
  return out;
}

/** A bug in one answer must not cost the user a reply: they get an apology instead. */
function guard(lang: Lang, build: () => Answer): { answer: Answer; error?: unknown } {
  try {
    return { answer: build() };
  } catch (error) {
    return { answer: errorAnswer(lang, t(lang, 'internalError')), error };
  }
}
