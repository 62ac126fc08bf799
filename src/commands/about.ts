import type { AnswerField } from '../answers/model.js';
import { citation } from '../answers/views.js';
import { type StringKey, t } from '../i18n/strings.js';
import type { Knowledge, Lang } from '../knowledge/model.js';
import { VERSION } from '../version.js';
import type { CommandSpec } from './spec.js';

export const about: CommandSpec = {
  name: 'about',
  description: { en: 'What this bot knows, where it comes from, version', zh: '本机器人的知识来源和版本' },
  answers: false,
  options: [],
  run(_args, { knowledge, lang }) {
    return {
      lang,
      status: 'ok',
      title: t(lang, 'aboutTitle'),
      body: knowledge.source.description[lang],
      fields: [
        { name: t(lang, 'aboutSource'), value: knowledge.source.title[lang] },
        { name: t(lang, 'aboutStructure'), value: structure(knowledge, lang) },
        { name: t(lang, 'aboutNumbering'), value: numbering(knowledge, lang) },
        // What we can say of the source is our statement about the article: labelled as ours.
        { name: t(lang, 'aboutCitation'), value: knownSource(knowledge, lang), editorial: true },
        {
          name: t(lang, 'aboutKnows'),
          value: t(lang, 'aboutKnowsValue', {
            sections: knowledge.sections.length,
            version: knowledge.version,
          }),
        },
        { name: t(lang, 'aboutLanguages'), value: t(lang, 'aboutLanguagesValue') },
        { name: t(lang, 'aboutVersion'), value: `outflow-bot ${VERSION}` },
      ] satisfies AnswerField[],
      links: [],
      ids: [],
    };
  },
};

/** The article's numbered parts as citations number them: §0 the opening, §1 … §4 under their headings. */
function structure(knowledge: Knowledge, lang: Lang): string {
  return [...knowledge.parts.values()]
    .filter((p) => p.number !== undefined)
    .sort((a, b) => (a.number as number) - (b.number as number))
    .map((p) => `§${p.number} ${p.number === 0 ? t(lang, 'aboutOpening') : (p.heading ?? p.label)[lang]}`)
    .join('\n');
}

function numbering(knowledge: Knowledge, lang: Lang): string {
  const closing = knowledge.sections.find((s) => s.kind === 'outlook' && s.cite.length > 0);
  return [
    t(lang, 'aboutNumberingValue'),
    ...(closing ? [t(lang, 'aboutClosing', { cite: citation(closing) })] : []),
    t(lang, 'aboutTranslation'),
  ].join(lang === 'en' ? ' ' : '');
}

/** The article names no author, date or outlet; an operator who learns them fills them in parts.json. */
function knownSource(knowledge: Knowledge, lang: Lang): string {
  const { author, date, outlet, url } = knowledge.source;
  const known: [StringKey, string | undefined][] = [
    ['sourceAuthor', author],
    ['sourceDate', date],
    ['sourceOutlet', outlet],
    ['sourceUrl', url],
  ];
  if (known.every(([, v]) => v === undefined)) return t(lang, 'aboutNoSource');
  const colon = lang === 'en' ? ': ' : '：';
  return [
    ...known.map(([key, v]) => `${t(lang, key)}${colon}${v ?? t(lang, 'aboutNotGiven')}`),
    t(lang, 'aboutNoReferences'),
  ].join('\n');
}
