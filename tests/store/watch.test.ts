import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ChokidarOptions, type FSWatcher, watch } from 'chokidar';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { watchKnowledge } from '../../src/store/watch.js';
import { knowledgeCopy } from '../support/knowledge-copy.js';
import type { LogLine } from '../support/start-bot.js';

/**
 * The watcher under the ways real tools write files (issue 10): Node's `fs.watch` followed the
 * first file's inode and went deaf after a rename-save. Each change must be served within 2 s.
 */

const SECTION = 'sections/effect.labor.json';
const ID = 'effect.labor';
const run = promisify(execFile);

let base: string;
let dir: string;
let store: KnowledgeStore;
let logger: Logger;
let lines: LogLine[];
let stop: (() => void) | undefined;
let removeCopy: () => Promise<void>;

beforeEach(async () => {
  ({ base, dir, store, logger, lines, remove: removeCopy } = await knowledgeCopy('outflow-watch-'));
});

afterEach(async () => {
  stop?.();
  stop = undefined;
  await removeCopy();
});

const titleNow = () => store.current().knowledge.byId.get(ID)?.title.en;
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 20 });

async function withTitle(folder: string, en: string): Promise<string> {
  const json = JSON.parse(await readFile(path.join(folder, SECTION), 'utf8')) as { title: { en: string } };
  json.title.en = en;
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** In place: same inode, new content (how `>` and many editors write). */
async function editInPlace(en: string): Promise<void> {
  await writeFile(path.join(dir, SECTION), await withTitle(dir, en));
}

/** Write a temporary file, rename it over the original (vim, VS Code, `sed -i`, rsync). */
async function renameSave(en: string): Promise<void> {
  const tmp = path.join(dir, 'sections', '.effect.labor.json.swp');
  await writeFile(tmp, await withTitle(dir, en));
  await rename(tmp, path.join(dir, SECTION));
}

/** Lets chokidar finish its initial scan before the test changes anything. */
interface Made {
  watcher: FSWatcher;
  ready: Promise<unknown>;
}

async function startWatching(options: Parameters<typeof watchKnowledge>[4] = {}): Promise<Made[]> {
  const made: Made[] = [];
  stop = watchKnowledge(store, dir, logger, 50, {
    ...options,
    createWatcher: (p: string, o: ChokidarOptions) => {
      const watcher = watch(p, o);
      made.push({ watcher, ready: new Promise((r) => watcher.once('ready', () => r(true))) });
      return watcher;
    },
  });
  await made[0]?.ready;
  return made;
}

describe('the knowledge watcher never goes deaf', () => {
  it('a rename-save, then several in-place edits: every one is served', async () => {
    await startWatching();
    await renameSave('after rename-save');
    await eventually(() => expect(titleNow()).toBe('after rename-save'));
    for (const n of [1, 2, 3]) {
      await editInPlace(`in-place edit ${n}`);
      await eventually(() => expect(titleNow()).toBe(`in-place edit ${n}`));
    }
    await renameSave('second rename-save');
    await eventually(() => expect(titleNow()).toBe('second rename-save'));
    await editInPlace('edit after the second rename');
    await eventually(() => expect(titleNow()).toBe('edit after the second rename'));
  });

  it('the whole folder swapped for another (mv new into place), then edited in place', async () => {
    await startWatching();
    const next = path.join(base, 'knowledge.next');
    await cp(dir, next, { recursive: true });
    await writeFile(path.join(next, SECTION), await withTitle(next, 'swapped folder'));
    await rename(dir, path.join(base, 'knowledge.old'));
    await rename(next, dir);
    await eventually(() => expect(titleNow()).toBe('swapped folder'));
    await editInPlace('edited in the new folder');
    await eventually(() => expect(titleNow()).toBe('edited in the new folder'));
    // The old folder is no longer what is served: editing it changes nothing.
    const old = path.join(base, 'knowledge.old');
    await writeFile(path.join(old, SECTION), await withTitle(old, 'old folder'));
    await new Promise((r) => setTimeout(r, 300));
    expect(titleNow()).toBe('edited in the new folder');
  });

  it('a symlinked folder repointed at another release (ln -sfn style)', async () => {
    // KNOWLEDGE_DIR=/srv/knowledge -> releases/1, then the link is replaced to point at releases/2.
    const releases = path.join(base, 'releases');
    await mkdir(releases);
    await rename(dir, path.join(releases, '1'));
    await cp(path.join(releases, '1'), path.join(releases, '2'), { recursive: true });
    await writeFile(
      path.join(releases, '2', SECTION),
      await withTitle(path.join(releases, '2'), 'release 2'),
    );
    await symlink(path.join(releases, '1'), dir);
    store = await KnowledgeStore.open(dir);
    await startWatching();
    await symlink(path.join(releases, '2'), `${dir}.tmp`);
    await rename(`${dir}.tmp`, dir);
    await eventually(() => expect(titleNow()).toBe('release 2'));
    // And the new target is what is watched now.
    await writeFile(
      path.join(releases, '2', SECTION),
      await withTitle(path.join(releases, '2'), 'release 2, edited'),
    );
    await eventually(() => expect(titleNow()).toBe('release 2, edited'));
  });

  it('git checkout of another version, and back', async () => {
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
        cwd: base,
        env: { PATH: process.env.PATH ?? '', HOME: base, GIT_CONFIG_NOSYSTEM: '1' },
      });
    await git('init', '-q', '-b', 'main');
    await git('add', 'knowledge');
    await git('commit', '-q', '-m', 'v1');
    const v1 = titleNow();
    await editInPlace('version 2');
    await git('commit', '-q', '-am', 'v2');
    store = await KnowledgeStore.open(dir);
    expect(titleNow()).toBe('version 2');
    await startWatching();
    await git('checkout', '-q', 'HEAD~1');
    await eventually(() => expect(titleNow()).toBe(v1));
    await git('checkout', '-q', 'main');
    await eventually(() => expect(titleNow()).toBe('version 2'));
    await editInPlace('after checkout');
    await eventually(() => expect(titleNow()).toBe('after checkout'));
  });

  it('a failing watcher is logged and replaced by polling, which still serves edits', async () => {
    const made = await startWatching({ pollIntervalMs: 100 });
    expect(made).toHaveLength(1);
    made[0]?.watcher.emit(
      'error',
      Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {
        code: 'ENOSPC',
      }),
    );
    await eventually(() => expect(made).toHaveLength(2));
    expect(made[0]?.watcher.closed).toBe(true);
    expect(made[1]?.watcher.options.usePolling).toBe(true);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'knowledge watcher failed; polling the folder instead' }),
    );
    await made[1]?.ready;
    await renameSave('seen by polling');
    await eventually(() => expect(titleNow()).toBe('seen by polling'));
    await editInPlace('polled again');
    await eventually(() => expect(titleNow()).toBe('polled again'));
  });

  it('does not read the rest of the parent folder', async () => {
    await startWatching();
    await new Promise((r) => setTimeout(r, 200)); // the reload that follows the initial scan
    const reload = vi.spyOn(store, 'reload');
    await writeFile(path.join(base, 'unrelated.json'), '{}');
    await mkdir(path.join(base, 'knowledge-other'));
    await writeFile(path.join(base, 'knowledge-other', 'parts.json'), '{}');
    await new Promise((r) => setTimeout(r, 300));
    expect(reload).not.toHaveBeenCalled();
    await editInPlace('still watching');
    await eventually(() => expect(reload).toHaveBeenCalled());
  });
});
