import type { LexiconFile, SectionKind } from './schema.js';

/** The three reply languages. Traditional is derived from Simplified when the base loads. */
export const LANGS = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type Text = Readonly<Record<Lang, string>>;

export interface Measure {
  readonly text: Text;
  /** A link: for effects and causes, the strategy that answers this one. The link and `text` (why) are our reading. */
  readonly section?: string;
  /** A link's pointer into the article: the clause it rests on (the article's words; English as translated in the sections). */
  readonly restsOn?: Text;
  /** A case measure that says what its strategy already says: left out of the strategy's reply. */
  readonly repeats?: boolean;
}

/** A place in the article: part 0 is the opening before part 一; paragraphs count from 1 after a part's heading. */
export interface Cite {
  readonly part: number;
  readonly paragraph: number;
}

export interface Section {
  readonly id: string;
  readonly kind: SectionKind;
  readonly order: number;
  /** The text is our note about the article, not the article's words. */
  readonly editorial: boolean;
  readonly title: Text;
  readonly text: Text;
  /** Where the text sits in the article, in reading order; empty for editorial sections. */
  readonly cite: readonly Cite[];
  /** Our own note on the section (what the article does not say, for instance). */
  readonly note?: Text;
  readonly measures: readonly Measure[];
  readonly related: readonly string[];
  readonly keywords: { readonly zh: readonly string[]; readonly en: readonly string[] };
}

export interface Part {
  readonly kind: SectionKind;
  readonly label: Text;
  /** The part's number in the article (一 = 1), when it has one. */
  readonly number?: number;
  readonly heading?: Text;
  readonly intro?: Text;
}

/** What is known of the article. The text names no author, date or outlet: those are for an operator who learns them. */
export interface Source {
  readonly title: Text;
  readonly description: Text;
  readonly author?: string;
  readonly date?: string;
  readonly outlet?: string;
  readonly url?: string;
}

export interface Knowledge {
  /** Short content hash: tells operators and logs which edit of the files is serving. */
  readonly version: string;
  readonly source: Source;
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
