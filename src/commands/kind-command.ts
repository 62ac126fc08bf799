import type { Answer, AnswerField } from '../answers/model.js';
import { errorAnswer, linksTo, partAnswer, sectionAnswer } from '../answers/views.js';
import { type StringKey, t } from '../i18n/strings.js';
import type { Knowledge, Lang, Section } from '../knowledge/model.js';
import { sectionsOfKind } from '../knowledge/model.js';
import type { SectionKind } from '../knowledge/schema.js';
import { choiceList, resolveArea, usageFor } from './resolve.js';
import { areaOf, type CommandSpec, type Localized, PRIVATE_OPTION } from './spec.js';

/**
 * /causes, /effects, /strategy and /case share one shape: without an option, the part in
 * brief; with one, that section in full. The option is read forgivingly (resolve.ts): in
 * Chinese as well, and a wrong value gets a "did you mean".
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
      const found = resolveArea(knowledge, kind, area);
      if (found.kind === 'found') return sectionAnswer(knowledge, found.section, lang);
      if (found.kind === 'no-case') return noCaseAnswer(knowledge, found.strategy, lang);
      const answer = errorAnswer(
        lang,
        t(lang, 'unknownOption', { value: quote(area), choices: choiceList(knowledge, kind, lang) }),
      );
      const hints =
        found.kind === 'other-kind'
          ? [otherKindHint(found.section, lang)]
          : found.suggestions.map((s) => `• \`${usageFor(s)}\` ${s.title[lang]}`);
      if (hints.length > 0) answer.fields.push({ name: t(lang, 'didYouMean'), value: hints.join('\n') });
      return answer;
    },
  };
}

const KIND_NOUN: Partial<Record<SectionKind, StringKey>> = {
  effect: 'kindEffect',
  cause: 'kindCause',
  strategy: 'kindStrategy',
  case: 'kindCase',
};

/** "housing is an effect: `/effects area:housing`" */
function otherKindHint(section: Section, lang: Lang): string {
  return t(lang, 'otherKind', {
    name: lang === 'en' ? areaOf(section) : section.title[lang],
    kind: t(lang, KIND_NOUN[section.kind] ?? 'kindStrategy'),
    usage: `\`${usageFor(section)}\``,
  });
}

/** `/case measure:governance`: the case study has none; the strategy is what the article says of it. */
function noCaseAnswer(knowledge: Knowledge, strategy: Section, lang: Lang): Answer {
  const covered = sectionsOfKind(knowledge, 'case');
  const fields: AnswerField[] = [
    {
      name: t(lang, 'caseCovers'),
      value: covered.map((c) => `• \`${usageFor(c)}\` ${c.title[lang]}`).join('\n'),
    },
  ];
  return {
    lang,
    status: 'not-found',
    title: t(lang, 'caseHasNoTitle'),
    body: t(lang, 'caseHasNo', { area: strategy.title[lang], usage: `\`${usageFor(strategy)}\`` }),
    fields,
    links: linksTo(knowledge, [strategy.id], lang),
    ids: [],
  };
}
