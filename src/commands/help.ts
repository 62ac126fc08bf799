import { localize, t } from '../i18n/strings.js';
import type { CommandSpec } from './spec.js';

export function helpCommand(list: () => readonly CommandSpec[]): CommandSpec {
  return {
    name: 'help',
    description: { en: 'How to use this bot', zh: '使用帮助' },
    answers: false,
    options: [],
    run(_args, { lang }) {
      const lines = list().map((c) => {
        const options = c.options
          .filter((o) => o.name !== 'private')
          .map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
        return `\`/${[c.name, ...options].join(' ')}\` ${localize(c.description)[lang]}`;
      });
      return {
        lang,
        status: 'ok',
        title: t(lang, 'helpTitle'),
        body: `${t(lang, 'helpBody')}\n\n${lines.join('\n')}`,
        fields: [{ name: t(lang, 'helpReading'), value: t(lang, 'helpReadingValue') }],
        links: [],
        ids: [],
      };
    },
  };
}
