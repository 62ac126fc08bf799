import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Reading the knowledge folder safely. Only regular files named `*.json` (not dotfiles such
 * as an editor's `.#x.json` lock or macOS's `._x.json`) that resolve inside the folder, each
 * at most MAX_FILE_BYTES, are read. Anything else (a FIFO, a device, a socket, a broken or
 * escaping link, a folder named `x.json`) is skipped with a reason and never opened, so a
 * reload can neither block on it nor read without end.
 */

/** Knowledge files are a few KB; anything over this is a mistake, not a section. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** A file left out of the load, with why: logged as a warning, never fatal. */
export interface SkippedFile {
  /** Path relative to the knowledge folder, e.g. `sections/.#effect.labor.json`. */
  file: string;
  reason: string;
}

export type ReadResult =
  | { kind: 'ok'; file: string; text: string }
  /** Not something to read (see SkippedFile); for a listed section file this is only a warning. */
  | { kind: 'skipped'; file: string; reason: string }
  /** A knowledge file that exists but cannot be used (too large, unreadable): the load fails. */
  | { kind: 'problem'; file: string; message: string };

/**
 * The `*.json` files directly in `root/sub` that are worth reading, as paths relative to
 * `root` (`sub/name.json`), sorted; and the entries left out, with a reason. Throws only if
 * the folder itself cannot be read (the caller reports that as a problem).
 */
export async function listJsonFiles(
  root: string,
  sub: string,
): Promise<{ files: string[]; skipped: SkippedFile[] }> {
  const entries = await readdir(path.join(root, sub), { withFileTypes: true });
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const file = sub ? `${sub}/${entry.name}` : entry.name;
    if (!entry.name.endsWith('.json')) continue; // READMEs, schema folders, backups: not ours to mention
    if (entry.name.startsWith('.')) {
      skipped.push({ file, reason: 'hidden file (an editor lock or metadata file?)' });
      continue;
    }
    let why: string | undefined;
    try {
      ({ why } = await resolveReadable(root, file));
    } catch (err) {
      why = `cannot inspect it (${describeIoError(err)})`; // e.g. removed since the listing
    }
    if (why) skipped.push({ file, reason: why });
    else files.push(file);
  }
  return { files, skipped };
}

/**
 * Reads one knowledge file, checked as listJsonFiles checks it (and again on the open
 * handle, in case the file was swapped in between). Never blocks on a FIFO or a device,
 * never reads more than MAX_FILE_BYTES + 1 bytes.
 */
export async function readKnowledgeFile(root: string, file: string): Promise<ReadResult> {
  let resolved: string;
  try {
    const checked = await resolveReadable(root, file);
    if (checked.why !== undefined) return { kind: 'skipped', file, reason: checked.why };
    resolved = checked.target;
  } catch (err) {
    return { kind: 'problem', file, message: `cannot read the file (${describeIoError(err)})` };
  }
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // O_NONBLOCK: if a FIFO was swapped in after the check, opening it still returns at once.
    handle = await open(resolved, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) return { kind: 'skipped', file, reason: `not a regular file (${typeOf(info)})` };
    if (info.size > MAX_FILE_BYTES) return { kind: 'problem', file, message: tooLarge(`${info.size} bytes`) };
    // Read to the end, but never past the cap (the file may have grown since the stat).
    const chunks: Buffer[] = [];
    let length = 0;
    while (length <= MAX_FILE_BYTES) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, MAX_FILE_BYTES + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
    if (length > MAX_FILE_BYTES)
      return { kind: 'problem', file, message: tooLarge(`over ${MAX_FILE_BYTES} bytes`) };
    return { kind: 'ok', file, text: Buffer.concat(chunks, length).toString('utf8') };
  } catch (err) {
    return { kind: 'problem', file, message: `cannot read the file (${describeIoError(err)})` };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Where `root/file` really is, if it may be read; otherwise why not. Throws for a missing file. */
async function resolveReadable(
  root: string,
  file: string,
): Promise<{ why?: undefined; target: string } | { why: string }> {
  const full = path.join(root, file);
  const link = await lstat(full);
  let target: string;
  try {
    target = await realpath(full);
  } catch {
    return { why: link.isSymbolicLink() ? 'broken symbolic link' : 'cannot resolve its path' };
  }
  // Wherever it is linked from (the file itself, or a linked folder on the way), it must end
  // up inside the knowledge folder.
  const rel = path.relative(await realpath(root), target);
  // (`..data/x.json` is inside: only `..` itself, or `../…`, leads out.)
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
    return {
      why: link.isSymbolicLink()
        ? 'symbolic link to a file outside the knowledge folder'
        : 'outside the knowledge folder (through a linked folder)',
    };
  if (!link.isSymbolicLink())
    return link.isFile() ? { target } : { why: `not a regular file (${typeOf(link)})` };
  const info = await stat(target);
  return info.isFile()
    ? { target }
    : { why: `symbolic link to something that is not a regular file (${typeOf(info)})` };
}

function typeOf(info: Awaited<ReturnType<typeof lstat>>): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'unknown type';
}

function tooLarge(size: string): string {
  return `too large: ${size}; a knowledge file may be at most 1 MB (${MAX_FILE_BYTES} bytes)`;
}

export function describeIoError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'not found' : (code ?? String(err));
}
