// What `tokenbench report` and `compare` read (run folders) and write (`--out FILE` or stdout).
import { lstatSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openRunFolder, type OpenedRun } from '../store/run-reader.js';
import { RunFolderError } from '../store/run-folder.js';
import { errorCode } from '../store/store-fs.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

/** Where `--out` goes, refused up front when it exists and `--force` was not given: reports never overwrite unasked. */
export function outputTarget(out: string | undefined, force: boolean | undefined): string | null {
  const file = out === undefined ? null : resolve(out);
  if (file && nameExists(file) && !force) throw existsError(file);
  return file;
}

/** The name is taken: a file, a folder, or a symlink even when it points nowhere (writing would go through it). */
function nameExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
}

function existsError(file: string): CliError {
  return new CliError(`--out: ${file} exists; pass --force to overwrite it`);
}

/** Opens a run folder (read-only), turning "not a run folder" into a one-line CLI error. */
export async function openRunForCli(dir: string): Promise<OpenedRun> {
  try {
    return await openRunFolder(resolve(dir));
  } catch (err) {
    if (err instanceof RunFolderError) throw new CliError(err.message);
    throw err;
  }
}

/** Writes to `file` (never clobbering unless forced) or to stdout. */
export async function writeOutput(text: string, file: string | null, force: boolean | undefined, io: CliIo): Promise<void> {
  if (file) {
    try {
      await writeFile(file, text, { flag: force ? 'w' : 'wx' });
    } catch (err) {
      // Made since outputTarget looked: the same refusal.
      if (errorCode(err) === 'EEXIST') throw existsError(file);
      throw err;
    }
    io.stderr.write(`Wrote ${file}\n`);
  } else {
    io.stdout.write(text);
  }
}
