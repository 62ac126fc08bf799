import { watch } from 'node:fs';
import type { Logger } from '../logger.js';
import { formatProblem, KnowledgeError } from './loader.js';
import type { KnowledgeStore } from './store.js';

/**
 * Reloads the knowledge when its files change on disk. Editors write a file in several
 * steps, so changes are gathered for a short pause before one reload. A reload that
 * fails validation is logged and the previous knowledge keeps serving.
 */
export function watchKnowledge(
  store: KnowledgeStore,
  dir: string,
  logger: Logger,
  debounceMs = 300,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void reloadKnowledge(store, logger, 'file change'), debounceMs);
  });
  watcher.on('error', (err) => logger.warn({ err }, 'knowledge watcher failed; reload with SIGHUP instead'));
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

const queues = new WeakMap<KnowledgeStore, Promise<void>>();

/** One reload at a time; a request during a reload runs after it, so the last edit always wins. */
export function reloadKnowledge(store: KnowledgeStore, logger: Logger, reason: string): Promise<void> {
  const run = async () => {
    const before = store.current().knowledge.version;
    try {
      const { knowledge } = await store.reload();
      if (knowledge.version !== before) {
        logger.info(
          { reason, version: knowledge.version, sections: knowledge.sections.length },
          'knowledge reloaded',
        );
      }
    } catch (err) {
      if (!(err instanceof KnowledgeError)) throw err;
      logger.error(
        { reason, problems: err.problems.map(formatProblem), serving: before },
        'knowledge edit rejected; still serving the previous version',
      );
    }
  };
  const next = (queues.get(store) ?? Promise.resolve()).then(run, run);
  queues.set(store, next);
  return next;
}
