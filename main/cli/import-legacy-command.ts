import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LegacyFormatError } from '../import/csv-table.js';
import { importStudy } from '../import/import-study.js';
import { RunFolderError } from '../store/run-folder.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { IMPORT_LEGACY_OPTIONS } from './commands/import-legacy.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { TOOL_VERSION } from '../tool-version.js';

/**
 * `tokenbench import-legacy DIR --out RUN`: one model folder of the study (`DIR/test_results_N/`) becomes the
 * run folder RUN, which must not exist. Prints a summary on stdout and every warning on stderr.
 */
export async function importLegacy({ values, positionals }: CommandArgs<typeof IMPORT_LEGACY_OPTIONS>, io: CliIo): Promise<Outcome> {
  if (values.out === undefined || values.out === '') throw new CliError('--out RUN is required (the run folder to create)');
  const out = resolve(values.out);
  if (existsSync(out)) throw new CliError(`--out: ${out} exists; a run folder is never overwritten`);

  let imported;
  try {
    imported = await importStudy(resolve(positionals[0]), out, TOOL_VERSION);
  } catch (err) {
    if (err instanceof LegacyFormatError || err instanceof RunFolderError) throw new CliError(err.message);
    throw err;
  }
  const { results } = imported;
  const requests = results.levels.reduce((n, l) => n + l.requests, 0);
  const errors = results.levels.reduce((n, l) => n + l.errors, 0);
  io.stdout.write(
    `Imported ${results.model} from ${results.modelDir}: ${results.levels.length} levels ` +
      `(${results.levels.map((l) => l.concurrency).join(', ')}), ${requests} requests, ${errors} errors, ` +
      `${results.gpu.length} GPU and ${results.process.length} process samples\n` +
      `Run folder: ${imported.dir}\n` +
      `Report: tokenbench report ${imported.dir} --format md\n`,
  );
  for (const warning of results.warnings) io.stderr.write(`warning: ${warning}\n`);
  return 'ok';
}
