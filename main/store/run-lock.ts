import { readRunFile, UnsafeRunFileError } from './run-file.js';
import { errorCode } from './store-fs.js';

/** A pid and a newline; anything longer was not written by `lockContent`. */
const MAX_LOCK_BYTES = 64;

/** The lock's content: the writer's pid, so a reader can tell a live run from a dead one. */
export function lockContent(pid: number = process.pid): string {
  return `${pid}\n`;
}

/**
 * The pid in a lock file; null when there is no lock or it holds no pid (a writer that died creating it), or
 * when it is not a small regular file: no Tokenbench writer made that one.
 */
export async function readLockPid(file: string): Promise<number | null> {
  let text: string;
  try {
    text = await readRunFile(file, MAX_LOCK_BYTES);
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || err instanceof UnsafeRunFileError) return null;
    throw err;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** Signal 0 checks existence only. EPERM means the process exists but belongs to someone else: alive. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM';
  }
}
