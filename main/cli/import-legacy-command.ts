import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LegacyFormatError } from '../import/csv-table.js';
import { importStudy } from '../import/import-study.js';
import { RunFolderError } from '../store/run-folder.js';
import { parseCommandArgs } from './command-io.js';
import { CliError } from './errors.js';
import { IMPORT_LEGACY_HELP } from './help.js';
import type { CliIo } from './io.js';
import { TOOL_VERSION } from './version.js';

/**
 * `tokenbench import-legacy DIR --out RUN`: one model folder of the study (`DIR/test_results_N/`) becomes the
 * run folder RUN, which must not exist. Prints a summary on stdout and every warning on stderr.
 */
export async function importLegacyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('import-legacy', argv, {
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(IMPORT_LEGACY_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError('import-legacy: give exactly one model folder (tokenbench import-legacy DIR --out RUN)');
  if (values.out === undefined || values.out === '') throw new CliError('import-legacy: --out RUN is required (the run folder to create)');
  const out = resolve(values.out);
  if (existsSync(out)) throw new CliError(`--out: ${out} exists; a run folder is never overwritten`);

  let imported;
  try {
    imported = await importStudy(resolve(positionals[0] ?? ''), out, TOOL_VERSION);
  } catch (err) {
    if (err instanceof LegacyFormatError || err instanceof RunFolderError) throw new CliError(oneLine(err.message));
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
  return 0;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
