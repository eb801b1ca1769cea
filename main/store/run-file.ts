// Reading a file inside a run folder, which may come from anywhere (a download, a shared drive): the
// folder's author chooses what each name is. A symlink could make a report show (or a write go to)
// any file of the user's; a FIFO or a device would block the reader forever or feed it without end. So a
// run file is read only when it is a regular file, opened without following a final symlink.
import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { errorCode } from './store-fs.js';

/** Larger than any run.json, summary.json or run.lock Tokenbench writes by orders of magnitude. */
export const MAX_RUN_JSON_BYTES = 16 * 1024 * 1024;

/** Windows has no O_NOFOLLOW (0 there): `openRunFile` checks with lstat first instead. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** Opening a FIFO for reading would wait for a writer; non-blocking, the open returns and fstat refuses it. */
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** A name in a run folder that is not a plain file (a symlink, a FIFO, a device, a folder) or is too big to be ours. */
export class UnsafeRunFileError extends Error {
  constructor(
    readonly file: string,
    /** "is a symbolic link", "is not a regular file", "is larger than … bytes". */
    readonly why: string,
  ) {
    super(`${file} ${why}`);
    this.name = 'UnsafeRunFileError';
  }
}

export interface OpenRunFileOptions {
  /**
   * The run folder `file` lies in, when it is deeper than directly inside (telemetry/gpu.jsonl): every folder
   * between the two must be a real folder too. O_NOFOLLOW guards the last name only, and a `telemetry`
   * symlink would otherwise make a report show any file of the user's.
   */
  within?: string;
}

/**
 * Opens `file` read-only if it is a regular file, never following a symlink at its last component (nor, with
 * `within`, at a folder between the run folder and it). Missing files reject with the usual ENOENT error;
 * anything else that is not a plain file with UnsafeRunFileError.
 */
export async function openRunFile(file: string, options: OpenRunFileOptions = {}): Promise<FileHandle> {
  if (options.within !== undefined) await assertRealFolders(options.within, file);
  if (NOFOLLOW === 0) {
    const stats = await lstat(file);
    if (stats.isSymbolicLink()) throw new UnsafeRunFileError(file, 'is a symbolic link');
  }
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (err) {
    if (errorCode(err) === 'ELOOP') throw new UnsafeRunFileError(file, 'is a symbolic link');
    throw err;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new UnsafeRunFileError(file, 'is not a regular file');
    // A folder swapped for a link between the check and the open: the file opened is not the one the path
    // names through real folders now. Check the folders again, then that the path still names what we opened.
    if (options.within !== undefined) {
      await assertRealFolders(options.within, file);
      if (!sameFile(stats, await lstat(file))) throw new UnsafeRunFileError(file, 'changed while it was being opened');
    }
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Every folder from `root` (exclusive) down to `file`'s folder is a real folder, not a link to one. */
async function assertRealFolders(root: string, file: string): Promise<void> {
  const rel = relative(root, dirname(file));
  if (rel === '') return;
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new UnsafeRunFileError(file, `is not inside ${root}`);
  let folder = root;
  for (const part of rel.split(sep)) {
    folder = join(folder, part);
    const stats = await lstat(folder);
    if (stats.isSymbolicLink()) throw new UnsafeRunFileError(folder, 'is a symbolic link');
    if (!stats.isDirectory()) throw new UnsafeRunFileError(folder, 'is not a folder');
  }
}

/** The whole of a small run file (run.json, summary.json, run.lock) as UTF-8, refused past `maxBytes`. */
export async function readRunFile(file: string, maxBytes: number = MAX_RUN_JSON_BYTES): Promise<string> {
  const handle = await openRunFile(file);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new UnsafeRunFileError(file, `is larger than ${maxBytes} bytes`);
    // The file may grow while we read: read at most one byte past the limit to notice.
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) throw new UnsafeRunFileError(file, `is larger than ${maxBytes} bytes`);
    return buffer.toString('utf8', 0, filled);
  } finally {
    await handle.close();
  }
}
