// What `tokenbench report` and `compare` read (run folders) and write (`--out FILE` or stdout).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openRunFolder, type OpenedRun } from '../store/run-reader.js';
import { RunFolderError } from '../store/run-folder.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

/** Where `--out` goes, refused up front when it exists and `--force` was not given: reports never overwrite unasked. */
export function outputTarget(out: string | undefined, force: boolean | undefined): string | null {
  const file = out === undefined ? null : resolve(out);
  if (file && existsSync(file) && !force) throw new CliError(`--out: ${file} exists; pass --force to overwrite it`);
  return file;
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
    await writeFile(file, text, { flag: force ? 'w' : 'wx' });
    io.stderr.write(`Wrote ${file}\n`);
  } else {
    io.stdout.write(text);
  }
}
