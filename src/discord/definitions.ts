import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMANDS } from '../commands/index.js';
import type { CommandSpec, Localized, OptionSpec } from '../commands/spec.js';
import { localize } from '../i18n/strings.js';
import { type Knowledge, sectionsOfKind } from '../knowledge/model.js';
import { clip, LIMITS } from './limits.js';

/** Discord caps command and option descriptions at 100 characters. */
const DESCRIPTION_MAX = 100;

function localizations(text: Localized) {
  const l = localize(text);
  return {
    'zh-CN': clip(l['zh-Hans'], DESCRIPTION_MAX),
    'zh-TW': clip(l['zh-Hant'], DESCRIPTION_MAX),
  };
}

function optionJson(option: OptionSpec, knowledge: Knowledge): APIApplicationCommandOption {
  const base = {
    name: option.name,
    description: clip(option.description.en, DESCRIPTION_MAX),
    description_localizations: localizations(option.description),
    required: option.required ?? false,
  };
  if (option.type === 'boolean') return { ...base, type: ApplicationCommandOptionType.Boolean as const };
  const kind = option.choicesOf;
  const choices = kind
    ? sectionsOfKind(knowledge, kind)
        .slice(0, LIMITS.choices)
        .map((section) => ({
          name: clip(section.title.en, LIMITS.choiceName),
          value: section.id.slice(kind.length + 1),
          name_localizations: {
            'zh-CN': clip(section.title['zh-Hans'], LIMITS.choiceName),
            'zh-TW': clip(section.title['zh-Hant'], LIMITS.choiceName),
          },
        }))
    : [];
  const text = {
    ...base,
    type: ApplicationCommandOptionType.String as const,
    ...(option.maxLength ? { max_length: option.maxLength } : {}),
  };
  if (option.autocomplete) return { ...text, autocomplete: true };
  return choices.length > 0 ? { ...text, choices } : text;
}

/**
 * Slash command definitions for one bulk overwrite. Names stay English; descriptions are
 * localized. Installable to servers and to user accounts, usable in servers, the bot's
 * DMs and group DMs.
 */
export function commandDefinitions(knowledge: Knowledge, specs: readonly CommandSpec[] = COMMANDS) {
  return specs.map(
    (spec): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
      type: ApplicationCommandType.ChatInput,
      name: spec.name,
      description: clip(spec.description.en, DESCRIPTION_MAX),
      description_localizations: localizations(spec.description),
      options: spec.options.map((o) => optionJson(o, knowledge)),
      integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
      contexts: [
        InteractionContextType.Guild,
        InteractionContextType.BotDM,
        InteractionContextType.PrivateChannel,
      ],
    }),
  );
}
