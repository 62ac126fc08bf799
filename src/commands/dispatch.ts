import { type Answer, ORIGINAL_PREFIX } from '../answers/model.js';
import { errorAnswer, sectionAnswer } from '../answers/views.js';
import { type StringKey, t } from '../i18n/strings.js';
import { closest } from '../text/similar.js';
import { COMMANDS, COMMANDS_BY_NAME } from './index.js';
import type { CommandArgs, CommandContext, CommandSpec } from './spec.js';

export interface Invocation {
  name: string;
  args: CommandArgs;
}

/** What to say when a required text option is empty: /ask asks for a question, /search for words. */
const EMPTY: Readonly<Record<string, StringKey>> = { question: 'emptyQuestion', query: 'emptyQuery' };

/** Runs a command by name. Never throws: a fault becomes a private apology. */
export function runCommand(inv: Invocation, ctx: CommandContext): Answer {
  const spec = COMMANDS_BY_NAME.get(inv.name);
  if (!spec) return unknownCommand(inv.name, ctx);
  const empty = spec.options.find((o) => {
    const value = inv.args[o.name];
    return o.required && o.type === 'string' && (typeof value !== 'string' || value.trim() === '');
  });
  if (empty) {
    const key = EMPTY[empty.name];
    return errorAnswer(ctx.lang, key ? t(ctx.lang, key) : t(ctx.lang, 'emptyOption', { name: empty.name }));
  }
  return spec.run(inv.args, ctx);
}

/** `/strategies` → did you mean `/strategy`? */
function unknownCommand(typed: string, ctx: CommandContext): Answer {
  // The first 50 characters, by code point: a cut must not leave half an emoji.
  const name = Array.from(typed).slice(0, 50).join('');
  const answer = errorAnswer(ctx.lang, t(ctx.lang, 'unknownCommand', { name: ctx.quote(name) }));
  const near = closest(
    name.replace(/^\//, ''),
    COMMANDS.map((c: CommandSpec) => c.name),
  );
  if (near.length > 0)
    answer.fields.push({ name: t(ctx.lang, 'didYouMean'), value: near.map((n) => `\`/${n}\``).join('  ') });
  return answer;
}

/**
 * What a button or menu choice opens; stale or forged ids get a polite private reply.
 * `zh:<section id>` is the section with the article's Chinese beside our English (in Chinese,
 * the section as usual: it is the original already).
 */
export function openSection(id: string, ctx: CommandContext): Answer {
  const original = id.startsWith(ORIGINAL_PREFIX);
  const section = ctx.knowledge.byId.get(original ? id.slice(ORIGINAL_PREFIX.length) : id);
  return section
    ? sectionAnswer(ctx.knowledge, section, ctx.lang, { original })
    : errorAnswer(ctx.lang, t(ctx.lang, 'unknownSection'));
}

export function wantsPrivate(args: CommandArgs): boolean {
  return args.private === true;
}
