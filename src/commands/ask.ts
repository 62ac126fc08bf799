import type { Answer } from '../answers/model.js';
import { errorAnswer, linksTo, notFoundAnswer, sectionAnswer } from '../answers/views.js';
import { t } from '../i18n/strings.js';
import { type CommandContext, type CommandSpec, MAX_QUERY_LENGTH, PRIVATE_OPTION } from './spec.js';

const OTHER_MATCHES = 3;

export const ask: CommandSpec = {
  name: 'ask',
  description: { en: 'Ask a question in your own words', zh: '用自己的话提问' },
  answers: true,
  options: [
    {
      name: 'question',
      type: 'string',
      required: true,
      maxLength: MAX_QUERY_LENGTH,
      description: { en: 'e.g. why do young people leave?', zh: '例如：为什么年轻人都去大城市了？' },
    },
    PRIVATE_OPTION,
  ],
  run(args, ctx) {
    return answerQuestion(typeof args.question === 'string' ? args.question : '', ctx);
  },
};

/** The best section for a question, its measures, and the next best matches as links. Mentions and DMs use it too. */
export function answerQuestion(question: string, { knowledge, engine, lang, quote }: CommandContext): Answer {
  if (question.trim() === '') return errorAnswer(lang, t(lang, 'emptyQuery'));
  if (question.length > MAX_QUERY_LENGTH)
    return errorAnswer(lang, t(lang, 'tooLong', { max: MAX_QUERY_LENGTH }));
  const { results, suggestions } = engine.search(question, { limit: 1 + OTHER_MATCHES });
  const best = results[0] && knowledge.byId.get(results[0].id);
  if (!best) return notFoundAnswer(knowledge, quote(question.trim()), suggestions, lang);
  const answer = sectionAnswer(knowledge, best, lang);
  const others = linksTo(
    knowledge,
    results.slice(1).map((r) => r.id),
    lang,
  ).filter((l) => !answer.ids.includes(l.target));
  if (others.length > 0) {
    answer.fields.push({
      name: t(lang, 'otherMatches'),
      value: others.map((l) => `• ${l.label}`).join('\n'),
    });
  }
  // Other matches come first: they answer the question; related sections only continue it.
  answer.links = [...others, ...answer.links.filter((l) => !others.some((o) => o.target === l.target))].slice(
    0,
    10,
  );
  return answer;
}
