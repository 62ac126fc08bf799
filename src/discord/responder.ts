import {
  type APIApplicationCommandOptionChoice,
  type APIInteractionResponseCallbackData,
  InteractionResponseType,
} from 'discord.js';
import type { Answer } from '../answers/model.js';
import { breadcrumb, errorAnswer } from '../answers/views.js';
import { answerQuestion } from '../commands/ask.js';
import { openSection, runCommand, wantsPrivate } from '../commands/dispatch.js';
import { COMMANDS_BY_NAME } from '../commands/index.js';
import { OPEN_PREFIX } from '../commands/search.js';
import { type CommandArgs, type CommandContext, MAX_QUERY_LENGTH } from '../commands/spec.js';
import { detectLang, langFromLocale } from '../i18n/locale.js';
import { t } from '../i18n/strings.js';
import type { Lang } from '../knowledge/model.js';
import type { Snapshot } from '../knowledge/store.js';
import { parseCustomId } from './custom-ids.js';
import { escapeUserText } from './escape.js';
import { clip, LIMITS } from './limits.js';
import { type RenderedMessage, renderMessage } from './render.js';

export interface Reply {
  /** What the bot answers, for logs: section ids, status. */
  answer: Answer;
  /** A fault caught while answering (the user got an apology); for the log. */
  error?: unknown;
  response: {
    type: InteractionResponseType.ChannelMessageWithSource | InteractionResponseType.UpdateMessage;
    data: RenderedMessage & APIInteractionResponseCallbackData;
  };
}

/**
 * Turns what arrives from Discord (a command with options, a button, a menu choice, a
 * mention) into the exact response payload. Pure: no client, no network, so the CLI
 * prints the very payload the bot would send, and tests can check it directly.
 */
export class Responder {
  constructor(private readonly snapshot: () => Snapshot) {}

  private context(lang: Lang): CommandContext {
    const { knowledge, engine } = this.snapshot();
    return { knowledge, engine, lang, quote: escapeUserText };
  }

  command(name: string, args: CommandArgs, locale: string | null | undefined): Reply {
    const lang = langFromLocale(locale);
    const { answer, error } = guard(lang, () => runCommand({ name, args }, this.context(lang)));
    // /help and /about take no `private` option because they are always private (CommandSpec.answers).
    const alwaysPrivate = COMMANDS_BY_NAME.get(name)?.answers === false;
    return { ...reply(answer, alwaysPrivate || wantsPrivate(args)), error };
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
   * flood the channel.
   */
  component(
    customId: string,
    values: readonly string[],
    locale: string | null | undefined,
    onPrivateMessage: boolean,
  ): Reply {
    const lang = langFromLocale(locale);
    const { answer, error } = guard(lang, () => {
      const parsed = parseCustomId(customId);
      const ctx = this.context(lang);
      if (parsed.action === 'open') return openSection(parsed.sectionId, ctx);
      if (parsed.action === 'menu' && values[0]) return openSection(values[0], ctx);
      return errorAnswer(lang, t(lang, 'unknownSection'));
    });
    if (onPrivateMessage && answer.status === 'ok') {
      const { flags: _flags, ...data } = renderMessage(answer);
      return { answer, error, response: { type: InteractionResponseType.UpdateMessage, data } };
    }
    return { ...reply(answer, true), error };
  }

  /** A mention or a DM: the text is a question; the language is the one it is written in. */
  message(text: string): { answer: Answer; message: RenderedMessage; error?: unknown } {
    const lang = detectLang(text);
    // A bare @mention is someone finding out what the bot does: show them.
    const { answer, error } = guard(lang, () =>
      text.trim() === ''
        ? runCommand({ name: 'help', args: {} }, this.context(lang))
        : answerQuestion(text, this.context(lang)),
    );
    const { flags: _flags, ...message } = renderMessage(answer);
    return { answer, error, message: { ...message, allowed_mentions: { parse: [], replied_user: false } } };
  }

  rateLimited(locale: string | null | undefined, seconds: number): Reply {
    const lang = langFromLocale(locale);
    return reply(errorAnswer(lang, t(lang, 'slowDown', { seconds }), 'rate-limited'), true);
  }
}

function reply(answer: Answer, privately: boolean): Reply {
  return {
    answer,
    response: {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: renderMessage(answer, { private: privately }),
    },
  };
}

/** A bug in one answer must not cost the user a reply: they get an apology instead. */
function guard(lang: Lang, build: () => Answer): { answer: Answer; error?: unknown } {
  try {
    return { answer: build() };
  } catch (error) {
    return { answer: errorAnswer(lang, t(lang, 'internalError')), error };
  }
}
