import { dirname } from 'node:path';
import { realFs, syncDirectory, writeFully, type StoreFs } from './store-fs.js';

/** Suffix of the scratch file an atomic write renames into place; readers ignore such files. */
export const TMP_SUFFIX = '.tmp';

/**
 * Replaces `file` so that a reader (or a crash at any instant) sees either the old content or the new one,
 * never a mix: write `<file>.tmp`, fsync it, rename it over `file`, fsync the directory so the rename survives
 * power loss. On failure the scratch file is removed and the old `file` is untouched.
 */
export function writeFileAtomic(file: string, content: string, fs: StoreFs = realFs): void {
  const tmp = file + TMP_SUFFIX;
  const fd = fs.openSync(tmp, 'w', 0o644);
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

function removeQuietly(fs: StoreFs, path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // Already gone, or the disk is failing: the original error is the one worth reporting.
  }
}
