import { linkLabel, sectionFooter } from '../answers/views.js';
import { t } from '../i18n/strings.js';
import type { SectionKind } from '../knowledge/schema.js';
import { type CommandSpec, PRIVATE_OPTION } from './spec.js';

/** Discord's select menus hold at most 25 options. */
const MENU_MAX = 25;

export const topics: CommandSpec = {
  name: 'topics',
  description: { en: 'The outline of the whole article', zh: '查看全文目录' },
  answers: true,
  options: [PRIVATE_OPTION],
  run(_args, { knowledge, lang }) {
    const lines: string[] = [];
    let kind: SectionKind | undefined;
    for (const s of knowledge.sections) {
      if (s.kind !== kind) {
        kind = s.kind;
        const part = knowledge.parts.get(kind);
        lines.push(`**${part?.heading?.[lang] ?? part?.label[lang] ?? kind}**`);
      }
      lines.push(`• ${s.title[lang]}`);
    }
    return {
      lang,
      status: 'ok',
      title: t(lang, 'topicsTitle', { title: knowledge.source.title[lang] }),
      body: lines.join('\n'),
      fields: [],
      links: [],
      menu: {
        placeholder: t(lang, 'topicsPlaceholder'),
        // Named as on buttons (a case entry with its part), with where it sits in the article.
        options: knowledge.sections.slice(0, MENU_MAX).map((s) => ({
          target: s.id,
          label: linkLabel(knowledge, s, lang),
          description: sectionFooter(knowledge, s, lang),
        })),
      },
      ids: knowledge.sections.map((s) => s.id),
    };
  },
};
