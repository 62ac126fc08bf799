import type { TopicMemory } from '../answers/conversation.js';
import type { Answer } from '../answers/model.js';
import { type Knowledge, type Lang, type Section, sectionsOfKind } from '../knowledge/model.js';
import type { SectionKind } from '../knowledge/schema.js';
import type { SearchEngine } from '../search/engine.js';
import type { QuestionEngine } from '../search/question.js';

/**
 * A command is declared once, here, and serves three front ends: the Discord slash
 * command is built from it, the console parses its options from it, and all of them
 * call the same `run`.
 */

export interface Localized {
  en: string;
  zh: string;
}

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  description: Localized;
  required?: boolean;
  /** The choices are the sections of this kind, by the part of their id after the kind (`cause.economic` → `economic`). */
  choicesOf?: SectionKind;
  autocomplete?: boolean;
  maxLength?: number;
}

export interface CommandContext {
  knowledge: Knowledge;
  engine: SearchEngine;
  /** Reads questions (/ask, mentions, DMs). */
  questions: QuestionEngine;
  /** The conversation so far, where there is one (a user in a channel or DM): follow-ups continue it. */
  memory?: TopicMemory;
  lang: Lang;
  /** Makes text a user typed safe to show in this front end (Markdown and mentions on Discord). */
  quote: (text: string) => string;
}

export type CommandArgs = Readonly<Record<string, string | boolean | undefined>>;

export interface CommandSpec {
  name: string;
  description: Localized;
  options: OptionSpec[];
  /** Answering commands get a `private` option; /help and /about are private already. */
  answers: boolean;
  run(args: CommandArgs, ctx: CommandContext): Answer;
}

export const PRIVATE_OPTION: OptionSpec = {
  name: 'private',
  type: 'boolean',
  description: { en: 'Show the answer only to you', zh: '只让你自己看到回答' },
};

/** The longest search query we accept; Discord's own cap on string options is 6,000. */
export const MAX_QUERY_LENGTH = 300;

/** The longest /ask question: a report-style question with its background fits. Mentions and DMs are taken whole; of any question the engine reads the opening and the close (see analysedPart). */
export const MAX_QUESTION_LENGTH = 2000;

/** A section's choice: the part of its id after the kind (`cause.economic` → `economic`). */
export function areaOf(section: Section): string {
  return section.id.slice(section.kind.length + 1);
}

/** The choices of a kind, in outline order. */
export function areasOf(knowledge: Knowledge, kind: SectionKind): string[] {
  return sectionsOfKind(knowledge, kind).map(areaOf);
}

/** The fixed choices of an option, if it has any. */
export function choicesFor(option: OptionSpec, knowledge: Knowledge): string[] {
  return option.choicesOf ? areasOf(knowledge, option.choicesOf) : [];
}
