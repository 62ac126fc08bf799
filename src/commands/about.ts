import { t } from '../i18n/strings.js';
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
        {
          name: t(lang, 'aboutKnows'),
          value: t(lang, 'aboutKnowsValue', {
            sections: knowledge.sections.length,
            version: knowledge.version,
          }),
        },
        { name: t(lang, 'aboutLanguages'), value: t(lang, 'aboutLanguagesValue') },
        { name: t(lang, 'aboutVersion'), value: `outflow-bot ${VERSION}` },
      ],
      links: [],
      ids: [],
    };
  },
};
