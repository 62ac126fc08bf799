import { errorAnswer, partAnswer, sectionAnswer } from '../answers/views.js';
import { t } from '../i18n/strings.js';
import type { SectionKind } from '../knowledge/schema.js';
import { areasOf, type CommandSpec, type Localized, PRIVATE_OPTION } from './spec.js';

/**
 * /causes, /effects, /strategy and /case share one shape: without an option, the part in
 * brief; with one, that section in full.
 */
export function kindCommand(
  name: string,
  kind: SectionKind,
  option: string,
  description: Localized,
  optionDescription: Localized,
): CommandSpec {
  return {
    name,
    description,
    answers: true,
    options: [
      { name: option, type: 'string', description: optionDescription, choicesOf: kind },
      PRIVATE_OPTION,
    ],
    run(args, { knowledge, lang, quote }) {
      const area = args[option];
      if (typeof area !== 'string' || area.trim() === '') return partAnswer(knowledge, kind, lang);
      const section = knowledge.byId.get(`${kind}.${area.trim().toLowerCase()}`);
      if (!section) {
        const choices = areasOf(knowledge, kind).join(', ');
        return errorAnswer(lang, t(lang, 'unknownOption', { value: quote(area), choices }));
      }
      return sectionAnswer(knowledge, section, lang);
    },
  };
}
