import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openRunFolder, type OpenedRun } from '../store/run-reader.js';
import { RunFolderError } from '../store/run-folder.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict flags with positionals; an unknown or malformed flag becomes one line pointing at `--help`. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]}; see tokenbench ${command} --help`);
  }
}

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
