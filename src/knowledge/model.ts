import type { LexiconFile, SectionKind } from './schema.js';

/** The three reply languages. Traditional is derived from Simplified when the base loads. */
export const LANGS = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type Text = Readonly<Record<Lang, string>>;

export interface Measure {
  readonly text: Text;
  /** A link: for effects and causes, the strategy that answers this one; for the overview and outlook, a strategy they name. */
  readonly section?: string;
}

export interface Section {
  readonly id: string;
  readonly kind: SectionKind;
  readonly order: number;
  /** The text is our note about the article, not the article's words. */
  readonly editorial: boolean;
  readonly title: Text;
  readonly text: Text;
  readonly measures: readonly Measure[];
  readonly related: readonly string[];
  readonly keywords: { readonly zh: readonly string[]; readonly en: readonly string[] };
}

export interface Part {
  readonly kind: SectionKind;
  readonly label: Text;
  readonly heading?: Text;
  readonly intro?: Text;
}

export interface Knowledge {
  /** Short content hash: tells operators and logs which edit of the files is serving. */
  readonly version: string;
  readonly source: { readonly title: Text; readonly description: Text };
  /** In outline order. */
  readonly sections: readonly Section[];
  readonly byId: ReadonlyMap<string, Section>;
  readonly parts: ReadonlyMap<SectionKind, Part>;
  /** Question words, synonyms and uncovered topics (knowledge/lexicon.json). */
  readonly lexicon: LexiconFile;
}

export function sectionsOfKind(knowledge: Knowledge, kind: SectionKind): Section[] {
  return knowledge.sections.filter((s) => s.kind === kind);
}
