import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listJsonFiles, MAX_FILE_BYTES, readKnowledgeFile } from '../../src/knowledge/files.js';
import { formatProblem, KnowledgeError, loadKnowledge } from '../../src/knowledge/loader.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { createLogger } from '../../src/logger.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { reloadKnowledge } from '../../src/store/watch.js';
import { run } from '../support/run.js';

/**
 * The loader reads only regular `*.json` files inside the knowledge folder, each at most 1 MB
 * (issue 10): editor junk, FIFOs, devices and links out of the folder are skipped with a
 * reason and never opened, so nothing blocks a load or serves a file from elsewhere.
 */

let base: string;
let dir: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'outflow-files-'));
  dir = path.join(base, 'knowledge');
  await cp(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const sections = (d: string) => path.join(d, 'sections');
const mkfifo = (p: string) => execFileSync('mkfifo', [p]);

/** A valid section file with another id (what a stray link would smuggle in). */
async function sectionNamed(id: string): Promise<string> {
  const json = JSON.parse(await readFile(path.join(sections(dir), 'effect.labor.json'), 'utf8'));
  return JSON.stringify({ ...json, id, order: 99, related: [] });
}

describe('junk in the sections folder is skipped with a reason, never read', () => {
  it('editor locks, AppleDouble files, a FIFO, a device link, a link out, a broken link, a folder', async () => {
    const clean = await loadKnowledge(dir);
    const s = sections(dir);
    await symlink('user@host.12345:1700000000', path.join(s, '.#effect.labor.json')); // Emacs lock
    await writeFile(path.join(s, '._effect.labor.json'), Buffer.from([0, 5, 22, 7, 0, 2, 0, 0])); // macOS
    mkfifo(path.join(s, 'fifo.json'));
    await symlink('/dev/zero', path.join(s, 'zero.json'));
    await writeFile(path.join(base, 'outside.json'), await sectionNamed('outside'));
    await symlink(path.join(base, 'outside.json'), path.join(s, 'outside.json'));
    await symlink(path.join(s, 'missing.json.target'), path.join(s, 'broken.json'));
    await mkdir(path.join(s, 'folder.json'));

    const skipped: { file: string; reason: string }[] = [];
    const started = performance.now();
    const loaded = await loadKnowledge(dir, skipped);
    expect(performance.now() - started).toBeLessThan(5000); // it returned at all: nothing was waited on

    expect(loaded.sections.map((x) => x.id)).toEqual(clean.sections.map((x) => x.id));
    expect(loaded.byId.has('outside')).toBe(false);
    expect(loaded.version).toBe(clean.version);
    const reasons = Object.fromEntries(skipped.map((x) => [x.file, x.reason]));
    expect(reasons).toEqual({
      'sections/.#effect.labor.json': expect.stringContaining('hidden'),
      'sections/._effect.labor.json': expect.stringContaining('hidden'),
      'sections/broken.json': 'broken symbolic link',
      'sections/fifo.json': 'not a regular file (a FIFO)',
      'sections/folder.json': 'not a regular file (a folder)',
      'sections/outside.json': 'symbolic link to a file outside the knowledge folder',
      'sections/zero.json': 'symbolic link to a file outside the knowledge folder',
    });
  });

  it('a link to a device inside the folder is still not read', async () => {
    // A bind-mounted /dev in the folder, or a link under it, must not be streamed either.
    await symlink('/dev', path.join(dir, 'dev'));
    await symlink(path.join(dir, 'dev', 'zero'), path.join(sections(dir), 'zero.json'));
    const { files, skipped } = await listJsonFiles(dir, 'sections');
    expect(files).not.toContain('sections/zero.json');
    expect(skipped.map((x) => x.file)).toContain('sections/zero.json');
  });

  it('a linked sections folder: read when it resolves inside the knowledge folder, skipped when outside', async () => {
    // Kubernetes ConfigMap style: the real files live in a versioned folder inside, linked to.
    await cp(sections(dir), path.join(dir, '..2024_01_01', 'sections'), { recursive: true });
    await rm(sections(dir), { recursive: true });
    await symlink(path.join(dir, '..2024_01_01', 'sections'), sections(dir));
    const inside = await loadKnowledge(dir);
    expect(inside.sections.length).toBeGreaterThan(10);
    // The same folder, but outside: not one file of it is read.
    await cp(path.join(dir, '..2024_01_01', 'sections'), path.join(base, 'elsewhere'), { recursive: true });
    await rm(sections(dir));
    await symlink(path.join(base, 'elsewhere'), sections(dir));
    const skipped: { file: string; reason: string }[] = [];
    const err = await loadKnowledge(dir, skipped).catch((e: unknown) => e);
    expect((err as KnowledgeError).problems.map(formatProblem)).toContain('sections: no section files found');
    expect(skipped.length).toBe(inside.sections.length);
    expect(new Set(skipped.map((x) => x.reason))).toEqual(
      new Set(['outside the knowledge folder (through a linked folder)']),
    );
  });

  it('a link to another file inside the folder is read', async () => {
    await mkdir(path.join(dir, 'elsewhere'));
    await writeFile(path.join(dir, 'elsewhere', 'linked.json'), await sectionNamed('linked'));
    await symlink('../elsewhere/linked.json', path.join(sections(dir), 'linked.json'));
    const loaded = await loadKnowledge(dir);
    expect(loaded.byId.get('linked')?.order).toBe(99);
  });

  it('readKnowledgeFile does not block on a FIFO even when asked for it directly', async () => {
    mkfifo(path.join(sections(dir), 'fifo.json'));
    await expect(readKnowledgeFile(dir, 'sections/fifo.json')).resolves.toEqual({
      kind: 'skipped',
      file: 'sections/fifo.json',
      reason: 'not a regular file (a FIFO)',
    });
  });
});

describe('files that must be read but cannot be', () => {
  it('a section over 1 MB: a problem naming the file; nothing past the cap is read', async () => {
    const big = `${(await sectionNamed('big')).slice(0, -1)}, "padding": "${'x'.repeat(MAX_FILE_BYTES)}"}`;
    await writeFile(path.join(sections(dir), 'big.json'), big);
    const err = await loadKnowledge(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KnowledgeError);
    expect((err as KnowledgeError).problems.map(formatProblem)).toEqual([
      `sections/big.json: too large: ${Buffer.byteLength(big)} bytes; a knowledge file may be at most 1 MB (${MAX_FILE_BYTES} bytes)`,
    ]);
  });

  it('exactly 1 MB is allowed (the cap is inclusive)', async () => {
    const json = await sectionNamed('edge');
    const padded = `${json.slice(0, -1)}${' '.repeat(MAX_FILE_BYTES - Buffer.byteLength(json))}}`;
    expect(Buffer.byteLength(padded)).toBe(MAX_FILE_BYTES);
    await writeFile(path.join(sections(dir), 'edge.json'), padded);
    expect((await loadKnowledge(dir)).byId.has('edge')).toBe(true);
  });

  it('parts.json as a FIFO or a link out of the folder: a problem, not a hang', async () => {
    await rm(path.join(dir, 'parts.json'));
    mkfifo(path.join(dir, 'parts.json'));
    const fifo = await loadKnowledge(dir).catch((e: unknown) => e);
    expect((fifo as KnowledgeError).problems.map(formatProblem)).toContain(
      'parts.json: cannot read the file (not a regular file (a FIFO))',
    );
    await rm(path.join(dir, 'parts.json'));
    await cp(path.join(DEFAULT_KNOWLEDGE_DIR, 'parts.json'), path.join(base, 'parts.json'));
    await symlink(path.join(base, 'parts.json'), path.join(dir, 'parts.json'));
    const out = await loadKnowledge(dir).catch((e: unknown) => e);
    expect((out as KnowledgeError).problems.map(formatProblem)).toContain(
      'parts.json: cannot read the file (symbolic link to a file outside the knowledge folder)',
    );
  });
});

describe('skipped files reach the log', () => {
  it('a reload with junk present logs one warning listing each file and why', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (l: string) => void lines.push(JSON.parse(l)) },
    });
    const store = await KnowledgeStore.open(dir);
    expect(store.skipped).toEqual([]);
    mkfifo(path.join(sections(dir), 'fifo.json'));
    await reloadKnowledge(store, logger, 'SIGHUP');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        reason: 'SIGHUP',
        skipped: ['sections/fifo.json: not a regular file (a FIFO)'],
      }),
    ]);
  });
});

describe('npm run validate', () => {
  it('lists skipped files as warnings on stderr; they do not fail validation', async () => {
    mkfifo(path.join(sections(dir), 'fifo.json'));
    await symlink('/etc/hostname', path.join(sections(dir), 'host.json'));
    const out = await run(process.execPath, ['--import', 'tsx', 'src/cli/validate.ts', dir]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('sections valid');
    expect(out.stderr.trim().split('\n')).toEqual([
      'warning: sections/fifo.json: skipped: not a regular file (a FIFO)',
      'warning: sections/host.json: skipped: symbolic link to a file outside the knowledge folder',
    ]);
  }, 30_000);
});
