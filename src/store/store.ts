import type { SkippedFile } from '../knowledge/files.js';
import { loadKnowledge } from '../knowledge/loader.js';
import type { Knowledge } from '../knowledge/model.js';
import { SearchEngine } from '../search/engine.js';
import { warmUpLanguage } from '../search/language.js';
import { compileLexicon } from '../search/lexicon.js';
import { QuestionEngine } from '../search/question.js';

/** A knowledge base and the search index built from it: always swapped together. */
export interface Snapshot {
  readonly knowledge: Knowledge;
  readonly engine: SearchEngine;
  /** Reads questions (/ask, mentions, DMs) over the same engine. */
  readonly questions: QuestionEngine;
}

export function snapshotOf(knowledge: Knowledge): Snapshot {
  const engine = SearchEngine.fromKnowledge(knowledge);
  // The question engine's language tools (jieba's dictionary, pinyin, the lexicon) take a
  // few hundred milliseconds to build: built on first use, or by warmUp() once the bot is
  // connected, so they never delay start-up or a reload.
  let questions: QuestionEngine | undefined;
  return {
    knowledge,
    engine,
    get questions() {
      questions ??= new QuestionEngine(knowledge, engine, compileLexicon(knowledge, knowledge.lexicon));
      return questions;
    },
  };
}

/** Builds a snapshot's question engine and answers one question, so the first reader does not wait. */
export function warmUp(snapshot: Snapshot): void {
  warmUpLanguage();
  snapshot.questions.answer('为什么人口会外流？why do people leave?');
}

/**
 * Holds the knowledge being served. A reload builds a complete new snapshot off to the
 * side and swaps it in with one assignment; if the files are invalid, loading throws
 * and the old snapshot keeps serving. A reply takes one snapshot when it starts, so it
 * is consistent even if a reload lands while it is being built.
 */
export class KnowledgeStore {
  private snapshot: Snapshot;
  /** Files the last load left out (editor junk, FIFOs, links out of the folder): for the log. */
  skipped: readonly SkippedFile[] = [];

  constructor(
    initial: Snapshot,
    private readonly dir: string,
  ) {
    this.snapshot = initial;
  }

  static async open(dir: string): Promise<KnowledgeStore> {
    const skipped: SkippedFile[] = [];
    const store = new KnowledgeStore(snapshotOf(await loadKnowledge(dir, skipped)), dir);
    store.skipped = skipped;
    return store;
  }

  current(): Snapshot {
    return this.snapshot;
  }

  /** Returns the new snapshot, or throws (KnowledgeError) leaving the current one in place. */
  async reload(): Promise<Snapshot> {
    const skipped: SkippedFile[] = [];
    try {
      const next = snapshotOf(await loadKnowledge(this.dir, skipped));
      this.snapshot = next;
      setImmediate(() => warmUp(next));
      return next;
    } finally {
      this.skipped = skipped;
    }
  }
}
