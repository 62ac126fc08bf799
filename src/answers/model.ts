import type { Lang } from '../knowledge/model.js';

/**
 * What every command produces, independent of where it is shown: Discord renders it as
 * an embed with buttons and a menu, the console as text. Lengths are not limited here;
 * each renderer fits the model to its own medium.
 */
export interface Answer {
  lang: Lang;
  /** ok: an answer; not-found, error and rate-limited replies are always private. */
  status: 'ok' | 'not-found' | 'error' | 'rate-limited';
  title: string;
  body: string;
  fields: AnswerField[];
  /** Where the answer sits in the article, e.g. 原因 › 经济因素. */
  footer?: string;
  /** Sections the reader can open next (buttons). */
  links: Link[];
  /** A pick-list of sections (select menu). */
  menu?: { placeholder: string; options: MenuOption[] };
  /** The section ids this answer shows, main first, for logs and tests. */
  ids: string[];
  /** For answers to questions: the form of the answer and what the article does not cover. */
  question?: QuestionMeta;
}

export interface QuestionMeta {
  kind: 'section' | 'part' | 'compare' | 'none';
  /** The parts shown by part and compare answers. */
  parts: string[];
  /** What the question asks about that the article does not cover, as the question writes it. */
  uncovered: string[];
}

export interface AnswerField {
  name: string;
  value: string;
}

export interface Link {
  /** Section id to open. */
  target: string;
  label: string;
}

export interface MenuOption {
  target: string;
  label: string;
  description?: string;
}

export function isPrivateStatus(answer: Answer): boolean {
  return answer.status !== 'ok';
}
