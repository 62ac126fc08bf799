import { errorAnswer, notFoundAnswer, searchAnswer, sectionAnswer } from '../answers/views.js';
import { t } from '../i18n/strings.js';
import { type CommandSpec, MAX_QUERY_LENGTH, PRIVATE_OPTION } from './spec.js';

/** Autocomplete puts this before a section id, so picking a suggestion opens that section (as a button's id does). */
export const OPEN_PREFIX = 'open:';

export const search: CommandSpec = {
  name: 'search',
  description: {
    en: 'Search the article by keyword, in Chinese or English',
    zh: '按关键词搜索（中文或英文）',
  },
  answers: true,
  options: [
    {
      name: 'query',
      type: 'string',
      required: true,
      autocomplete: true,
      maxLength: MAX_QUERY_LENGTH,
      description: { en: 'Keywords, e.g. housing prices or 户籍', zh: '关键词，例如 房价、户籍' },
    },
    PRIVATE_OPTION,
  ],
  run(args, { knowledge, engine, lang, quote }) {
    const query = typeof args.query === 'string' ? args.query : '';
    if (query.startsWith(OPEN_PREFIX)) {
      const section = knowledge.byId.get(query.slice(OPEN_PREFIX.length));
      if (section) return sectionAnswer(knowledge, section, lang);
    }
    if (query.trim() === '') return errorAnswer(lang, t(lang, 'emptyQuery'));
    if (query.length > MAX_QUERY_LENGTH)
      return errorAnswer(lang, t(lang, 'tooLong', { max: MAX_QUERY_LENGTH }));
    const response = engine.search(query);
    const shown = quote(query.trim());
    if (response.results.length === 0) return notFoundAnswer(knowledge, shown, response.suggestions, lang);
    return searchAnswer(knowledge, response.results, lang, shown);
  },
};
