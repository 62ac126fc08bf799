import type { Answer } from '../answers/model.js';
import { errorAnswer, sectionAnswer } from '../answers/views.js';
import { t } from '../i18n/strings.js';
import { COMMANDS_BY_NAME } from './index.js';
import type { CommandArgs, CommandContext } from './spec.js';

export interface Invocation {
  name: string;
  args: CommandArgs;
}

/** Runs a command by name. Never throws: a fault becomes a private apology. */
export function runCommand(inv: Invocation, ctx: CommandContext): Answer {
  const spec = COMMANDS_BY_NAME.get(inv.name);
  if (!spec) {
    // The first 50 characters, by code point: a cut must not leave half an emoji.
    const name = Array.from(inv.name).slice(0, 50).join('');
    return errorAnswer(ctx.lang, t(ctx.lang, 'unknownCommand', { name: ctx.quote(name) }));
  }
  return spec.run(inv.args, ctx);
}

/** What a button or menu choice opens; stale or forged ids get a polite private reply. */
export function openSection(id: string, ctx: CommandContext): Answer {
  const section = ctx.knowledge.byId.get(id);
  return section
    ? sectionAnswer(ctx.knowledge, section, ctx.lang)
    : errorAnswer(ctx.lang, t(ctx.lang, 'unknownSection'));
}

export function wantsPrivate(args: CommandArgs): boolean {
  return args.private === true;
}
