import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Responder } from '../../src/discord/responder.js';
import type { Logger } from '../../src/logger.js';
import type { KnowledgeStore, Snapshot } from '../../src/store/store.js';
import { reloadKnowledge, watchKnowledge } from '../../src/store/watch.js';
import { knowledgeCopy } from '../support/knowledge-copy.js';
import type { LogLine } from '../support/start-bot.js';

/**
 * Live reload: the watcher picks up edits to a copy of the knowledge folder, a bad edit is
 * logged and the previous knowledge keeps serving, SIGHUP reloads on demand, and a snapshot
 * taken before a reload stays whole.
 */

const SECTION = 'sections/effect.labor.json';
const ID = 'effect.labor';

let dir: string;
let store: KnowledgeStore;
let logger: Logger;
let lines: LogLine[];
let stopWatching: (() => void) | undefined;
let removeCopy: () => Promise<void>;

beforeEach(async () => {
  ({ dir, store, logger, lines, remove: removeCopy } = await knowledgeCopy('outflow-reload-'));
});

afterEach(async () => {
  stopWatching?.();
  stopWatching = undefined;
  await removeCopy();
});

async function editJson(file: string, edit: (json: Record<string, unknown>) => void): Promise<void> {
  const full = path.join(dir, file);
  const json = JSON.parse(await readFile(full, 'utf8')) as Record<string, unknown>;
  edit(json);
  await writeFile(full, `${JSON.stringify(json, null, 2)}\n`);
}

async function setTitle(en: string): Promise<void> {
  await editJson(SECTION, (j) => {
    (j.title as { en: string }).en = en;
  });
}

const titleNow = () => store.current().knowledge.byId.get(ID)?.title.en;
const versionNow = () => store.current().knowledge.version;

/** Polls until `check` passes; the watcher has 2 s to notice an edit. */
const eventually = (check: () => void, timeout = 2000) => vi.waitFor(check, { timeout, interval: 20 });

const rejections = () => lines.filter((l) => l.msg.startsWith('knowledge edit rejected'));

describe('watching the knowledge folder', () => {
  it('serves an edit within 2 s, keeps serving the last good version through bad edits, and recovers', async () => {
    stopWatching = watchKnowledge(store, dir, logger, 50);
    const original = titleNow();
    const firstVersion = versionNow();

    await setTitle('Labour shortage (edited)');
    await eventually(() => expect(titleNow()).toBe('Labour shortage (edited)'));
    const goodVersion = versionNow();
    expect(goodVersion).not.toBe(firstVersion);
    await eventually(() =>
      expect(lines.some((l) => l.msg === 'knowledge reloaded' && l.version === goodVersion)).toBe(true),
    );
    expect(original).not.toBe(titleNow());

    // Broken JSON: logged as "file: message", and the previous knowledge keeps serving.
    const full = path.join(dir, SECTION);
    const good = await readFile(full, 'utf8');
    await writeFile(full, good.replace('"order": 20', '"order": 20,,').replace('(edited)', '(broken)'));
    await eventually(() => expect(rejections().length).toBeGreaterThan(0));
    const [broken] = rejections();
    expect(broken?.level).toBe(50);
    expect(broken?.serving).toBe(goodVersion);
    expect(broken?.reason).toBe('file change');
    expect(broken?.problems).toEqual([
      expect.stringMatching(/^sections\/effect\.labor\.json: invalid JSON: /),
    ]);
    expect(versionNow()).toBe(goodVersion);
    expect(titleNow()).toBe('Labour shortage (edited)');

    // Valid JSON, invalid knowledge: a related id that does not exist.
    await writeFile(full, good);
    await editJson(SECTION, (j) => {
      (j.title as { en: string }).en = 'Labour shortage (dangling)';
      (j.related as string[]).push('cause.weather');
    });
    await eventually(() =>
      expect(
        rejections().some((l) => String(l.problems).includes('unknown section id "cause.weather"')),
      ).toBe(true),
    );
    const dangling = rejections().find((l) => String(l.problems).includes('cause.weather'));
    expect(dangling?.problems).toContainEqual(
      expect.stringMatching(
        /^sections\/effect\.labor\.json: related\.\d+: unknown section id "cause\.weather"$/,
      ),
    );
    expect(versionNow()).toBe(goodVersion);
    expect(titleNow()).toBe('Labour shortage (edited)');

    // Fixed: the next save is served.
    await editJson(SECTION, (j) => {
      (j.related as string[]).pop();
      (j.title as { en: string }).en = 'Labour shortage (fixed)';
    });
    await eventually(() => expect(titleNow()).toBe('Labour shortage (fixed)'));
    expect(versionNow()).not.toBe(goodVersion);
    await eventually(() =>
      expect(lines.some((l) => l.msg === 'knowledge reloaded' && l.version === versionNow())).toBe(true),
    );
  });

  it('stops when told to', async () => {
    const stop = watchKnowledge(store, dir, logger, 50);
    stop();
    const before = store.current();
    await setTitle('Labour shortage (unwatched)');
    await new Promise((r) => setTimeout(r, 300));
    expect(store.current()).toBe(before);
    expect(lines).toEqual([]);
  });
});

describe('reloading on SIGHUP', () => {
  it('reloads explicitly, logs it, and rejects a bad edit the same way', async () => {
    const before = versionNow();
    await setTitle('Labour shortage (SIGHUP)');
    expect(titleNow()).not.toBe('Labour shortage (SIGHUP)'); // no watcher: nothing happens by itself

    await reloadKnowledge(store, logger, 'SIGHUP');
    expect(titleNow()).toBe('Labour shortage (SIGHUP)');
    expect(versionNow()).not.toBe(before);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'knowledge reloaded', reason: 'SIGHUP', version: versionNow() }),
    );

    // Nothing changed: reloads, but says nothing.
    const count = lines.length;
    await reloadKnowledge(store, logger, 'SIGHUP');
    expect(lines).toHaveLength(count);

    const served = versionNow();
    await writeFile(path.join(dir, SECTION), '{ "id": ');
    await expect(reloadKnowledge(store, logger, 'SIGHUP')).resolves.toBeUndefined();
    expect(rejections()).toEqual([
      expect.objectContaining({
        level: 50,
        reason: 'SIGHUP',
        serving: served,
        problems: [expect.any(String)],
      }),
    ]);
    expect(versionNow()).toBe(served);
    expect(titleNow()).toBe('Labour shortage (SIGHUP)');
  });

  it('runs overlapping reloads one after another, so the last edit wins', async () => {
    await setTitle('first');
    const a = reloadKnowledge(store, logger, 'SIGHUP');
    await setTitle('second');
    const b = reloadKnowledge(store, logger, 'SIGHUP');
    await Promise.all([a, b]);
    expect(titleNow()).toBe('second');
  });
});

describe('a snapshot taken before a reload', () => {
  /** Every id its engine returns is a section of its own knowledge. */
  function expectConsistent(snapshot: Snapshot, queries: readonly string[]): void {
    for (const q of queries) {
      const { results, suggestions } = snapshot.engine.search(q);
      for (const hit of [...results, ...suggestions])
        expect(snapshot.knowledge.byId.has(hit.id), `${q} → ${hit.id}`).toBe(true);
    }
  }

  it('keeps answering from its own knowledge and index', async () => {
    const before = store.current();
    const responderBefore = new Responder(() => before);
    const answerBefore = JSON.stringify(
      responderBefore.command('effects', { area: 'labor' }, 'en-US').response,
    );
    const titleBefore = before.knowledge.byId.get(ID)?.title.en;

    // A new section with a word no other section has, and a new title for an old one.
    const source = JSON.parse(await readFile(path.join(dir, SECTION), 'utf8')) as Record<string, unknown>;
    await writeFile(
      path.join(dir, 'sections/effect.zebra.json'),
      JSON.stringify({
        ...source,
        id: 'effect.zebra',
        order: 29,
        title: { zh: '斑马效应', en: 'The zebra effect' },
        measures: [],
        related: [ID],
        keywords: { zh: ['斑马'], en: ['zebra', 'zebras'] },
      }),
    );
    await setTitle('Labour shortage (after)');
    await reloadKnowledge(store, logger, 'SIGHUP');
    const after = store.current();
    expect(after).not.toBe(before);
    expect(after.knowledge.byId.has('effect.zebra')).toBe(true);
    expect(after.engine.search('zebra').results[0]?.id).toBe('effect.zebra');

    // The old snapshot is untouched: same knowledge, and its index knows nothing of the new section.
    expect(before.knowledge.byId.has('effect.zebra')).toBe(false);
    expect(before.knowledge.byId.get(ID)?.title.en).toBe(titleBefore);
    expect(before.engine.search('zebra').results.map((h) => h.id)).not.toContain('effect.zebra');
    expect(before.engine.search('斑马').results.map((h) => h.id)).not.toContain('effect.zebra');
    expect(JSON.stringify(responderBefore.command('effects', { area: 'labor' }, 'en-US').response)).toBe(
      answerBefore,
    );
    expect(responderBefore.command('effects', { area: 'zebra' }, 'en-US').answer.status).toBe('error');
    expect(new Responder(() => after).command('effects', { area: 'zebra' }, 'en-US').answer.status).toBe(
      'ok',
    );

    const queries = [
      'zebra',
      '斑马',
      'labour shortage',
      '劳动力',
      'housing prices',
      'why do people leave',
      '户籍',
    ];
    expectConsistent(before, queries);
    expectConsistent(after, queries);
  });
});
