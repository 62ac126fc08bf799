import path from 'node:path';
import { type ChokidarOptions, type FSWatcher, watch } from 'chokidar';
import type { SkippedFile } from '../knowledge/files.js';
import { formatProblem, KnowledgeError } from '../knowledge/loader.js';
import type { Logger } from '../logger.js';
import type { KnowledgeStore } from './store.js';

export interface WatchOptions {
  /** Start by polling instead of using inotify/FSEvents (the fallback after a watcher error). */
  polling?: boolean;
  /** Polling interval in ms. Default 500. */
  pollIntervalMs?: number;
  /** Longest a stream of changes may postpone a reload, in ms. Default 1500. */
  maxWaitMs?: number;
  /** Makes the watcher (tests inject one to make it fail). Default chokidar's `watch`. */
  createWatcher?: (paths: string, options: ChokidarOptions) => FSWatcher;
}

/**
 * Reloads the knowledge when anything in its folder changes on disk, and keeps doing so
 * whatever the editor does: chokidar (not Node's `fs.watch`, which on Linux follows each
 * file's inode and goes deaf after the first rename-save) watches the folder's *parent*,
 * limited to the folder, so a save by rename, `git checkout`, rsync or a swap of the whole
 * folder (or of a symlink to it) are all seen. Events are gathered for `debounceMs` (at most
 * `maxWaitMs` in a stream of changes), then the whole folder is re-read into a new snapshot.
 * If the watcher fails (e.g. out of inotify watches), that is logged and it polls instead.
 * A reload that fails validation is logged and the previous knowledge keeps serving.
 */
export function watchKnowledge(
  store: KnowledgeStore,
  dir: string,
  logger: Logger,
  debounceMs = 300,
  options: WatchOptions = {},
): () => void {
  const root = path.resolve(dir);
  const parent = path.dirname(root);
  const inside = (p: string) => p === root || p.startsWith(root + path.sep);
  const create = options.createWatcher ?? watch;
  const maxWaitMs = options.maxWaitMs ?? 1500;
  let timer: NodeJS.Timeout | undefined;
  let firstPending: number | undefined;
  let stopped = false;
  let watcher: FSWatcher | undefined;

  logSkipped(logger, store.skipped, 'start');

  const schedule = () => {
    if (stopped) return;
    const now = performance.now();
    firstPending ??= now;
    clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstPending + maxWaitMs - now));
    timer = setTimeout(() => {
      firstPending = undefined;
      void reloadKnowledge(store, logger, 'file change');
    }, wait);
  };

  const start = (polling: boolean) => {
    const w = create(parent === root ? root : parent, {
      ignoreInitial: true,
      // Only the folder and what is inside it; never walk the rest of the parent.
      ignored: (p: string) => p !== parent && !inside(p),
      depth: 8,
      usePolling: polling,
      interval: options.pollIntervalMs ?? 500,
      binaryInterval: options.pollIntervalMs ?? 500,
    });
    w.on('all', (_event, p) => {
      if (inside(p)) schedule();
    });
    // chokidar reports no event when a symlink to the folder is repointed (`ln -sfn`), and
    // keeps watching the old target; the raw event of the parent shows it: watch afresh.
    w.on('raw', (_event, name, details) => {
      const from = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (typeof from !== 'string' || typeof name !== 'string' || stopped || w !== watcher) return;
      const p = path.join(from, name);
      if (p === root) {
        void w.close().catch(() => undefined);
        watcher = start(polling);
      }
      if (inside(p)) schedule();
    });
    w.once('ready', () => {
      if (w === watcher) schedule(); // anything changed while the watch was being set up
    });
    w.on('error', (err) => {
      if (stopped || w !== watcher) return;
      if (polling) {
        logger.warn({ err }, 'knowledge watcher (polling) failed; reload with SIGHUP');
        return;
      }
      logger.warn({ err }, 'knowledge watcher failed; polling the folder instead');
      void w.close().catch(() => undefined);
      watcher = start(true);
      schedule(); // whatever changed while it failed
    });
    return w;
  };
  watcher = start(options.polling ?? false);

  return () => {
    stopped = true;
    clearTimeout(timer);
    void watcher?.close().catch(() => undefined);
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
    } finally {
      logSkipped(logger, store.skipped, reason);
    }
  };
  const next = (queues.get(store) ?? Promise.resolve()).then(run, run);
  queues.set(store, next);
  return next;
}

/** One warning per load that left files out, each as `file: reason`. */
function logSkipped(logger: Logger, skipped: readonly SkippedFile[], reason: string): void {
  if (skipped.length === 0) return;
  logger.warn(
    { reason, skipped: skipped.map((s) => `${s.file}: ${s.reason}`) },
    'knowledge files skipped (not regular JSON files inside the folder)',
  );
}
