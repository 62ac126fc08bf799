/**
 * A private copy of the shipped knowledge base to edit, a store over it, and a debug logger whose
 * lines are collected, parsed: what the reload and watcher tests start each case from.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { KnowledgeStore } from '../../src/store/store.js';
import type { LogLine } from './start-bot.js';

export interface KnowledgeCopy {
  /** A fresh temporary folder; the copy is `<base>/knowledge`, so siblings can be made beside it. */
  base: string;
  dir: string;
  store: KnowledgeStore;
  logger: Logger;
  lines: LogLine[];
  /** Removes `base` and everything in it. */
  remove(): Promise<void>;
}

export async function knowledgeCopy(prefix: string): Promise<KnowledgeCopy> {
  const base = await mkdtemp(path.join(os.tmpdir(), prefix));
  const dir = path.join(base, 'knowledge');
  await cp(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
  const store = await KnowledgeStore.open(dir);
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  return { base, dir, store, logger, lines, remove: () => rm(base, { recursive: true, force: true }) };
}
