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
  /**
   * The body is ours (a note about the article), not the article's words: every view shows it
   * under the editorial label (编者注 / 編者註 / Our reading).
   */
  editorial?: boolean;
  /**
   * A section whose Chinese original can be shown beside this (English) answer: Discord gets a
   * button with the custom id `zh:<section id>`, the console and CLI `/open zh:<section id>`.
   */
  original?: string;
}

/** Custom id (and `/open` argument) prefix of the button that shows a section's Chinese original. */
export const ORIGINAL_PREFIX = 'zh:';

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
  /**
   * The field is our reading, not the article's words (links from an effect or cause to the
   * strategies that answer it and their reasons, our notes): each view labels it as ours.
   * Quotations of the article inside it are marked as the article's.
   */
  editorial?: boolean;
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
