import { constants } from 'node:fs';
import { dirname } from 'node:path';
import { errorCode, realFs, syncDirectory, writeFully, type StoreFs } from './store-fs.js';

/** Suffix of the scratch file an atomic write renames into place; readers ignore such files. */
export const TMP_SUFFIX = '.tmp';

/**
 * Creates the scratch file, or fails: O_EXCL refuses any name that exists (a symlink too, whatever it points
 * at), O_NOFOLLOW any symlink, so the bytes can only land in a new file of ours. 'w' would follow a
 * `run.json.tmp` symlink planted in a run folder and overwrite its target. (Windows has no O_NOFOLLOW; O_EXCL
 * alone already refuses an existing link there.)
 */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Replaces `file` so that a reader (or a crash at any instant) sees either the old content or the new one,
 * never a mix: write `<file>.tmp`, fsync it, rename it over `file`, fsync the directory so the rename survives
 * power loss. On failure the scratch file is removed and the old `file` is untouched.
 *
 * A stale scratch file (a crash mid-write, or one planted in the folder) is unlinked first: unlinking a
 * symlink removes the link, never its target. Should another one appear between that unlink and the open,
 * the open fails (EEXIST) rather than write through it. The rename replaces `file` itself, even a symlink.
 */
export function writeFileAtomic(file: string, content: string, fs: StoreFs = realFs): void {
  const tmp = file + TMP_SUFFIX;
  removeStale(fs, tmp);
  const fd = fs.openSync(tmp, CREATE_NEW, 0o644);
  try {
    try {
      writeFully(fs, fd, Buffer.from(content, 'utf8'));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    removeQuietly(fs, tmp);
    throw err;
  }
  syncDirectory(fs, dirname(file));
}

export function writeJsonAtomic(file: string, value: unknown, fs: StoreFs = realFs): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', fs);
}

function removeStale(fs: StoreFs, path: string): void {
  try {
    fs.unlinkSync(path);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
}

function removeQuietly(fs: StoreFs, path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // Already gone, or the disk is failing: the original error is the one worth reporting.
  }
}
