import type { Answer } from '../answers/model.js';
import { resolutionAnswer } from '../answers/question.js';
import { errorAnswer } from '../answers/views.js';
import { t } from '../i18n/strings.js';
import { QuestionEngine } from '../search/question.js';
import { type CommandContext, type CommandSpec, MAX_QUESTION_LENGTH, PRIVATE_OPTION } from './spec.js';

export const ask: CommandSpec = {
  name: 'ask',
  description: { en: 'Ask a question in your own words', zh: '用自己的话提问' },
  answers: true,
  options: [
    {
      name: 'question',
      type: 'string',
      required: true,
      maxLength: MAX_QUESTION_LENGTH,
      description: { en: 'e.g. why do young people leave?', zh: '例如：为什么年轻人都去大城市了？' },
    },
    PRIVATE_OPTION,
  ],
  run(args, ctx) {
    const question = typeof args.question === 'string' ? args.question : '';
    if (question.length > MAX_QUESTION_LENGTH)
      return errorAnswer(ctx.lang, t(ctx.lang, 'tooLong', { max: MAX_QUESTION_LENGTH }));
    return answerQuestion(question, ctx);
  },
};

/**
 * A question in the reader's own words: one section, a whole part, parts side by side, or
 * nothing, each saying what the article does not cover. /ask, mentions, DMs, the console and
 * the `ask` CLI all come here; where there is a conversation, a follow-up continues it.
 */
export function answerQuestion(question: string, ctx: CommandContext): Answer {
  const { knowledge, questions, lang, quote, memory } = ctx;
  if (question.trim() === '') return errorAnswer(lang, t(lang, 'emptyQuestion'));
  const resolution = questions.answer(question, memory?.recall());
  if (resolution.kind !== 'none') memory?.remember(QuestionEngine.topicOf(resolution));
  return resolutionAnswer(knowledge, resolution, lang, question, quote);
}
