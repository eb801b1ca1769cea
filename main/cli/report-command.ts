import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPORT_FORMATS } from '../report/formats.js';
import { CSV_TABLES } from '../report/csv.js';
import { openRunFolder } from '../store/run-reader.js';
import { RunFolderError } from '../store/run-folder.js';
import { CliError } from './errors.js';
import { parseChoice } from './flag-values.js';
import { REPORT_HELP } from './help.js';
import type { CliIo } from './io.js';
import { parseThresholdFlags, THRESHOLD_OPTIONS } from './threshold-flags.js';


/** `tokenbench report RUN --format json|md [--out FILE] [--force]`: re-reads a run folder. */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        table: { type: 'string' },
        legacy: { type: 'boolean' },
        ...THRESHOLD_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]}; see tokenbench report --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError('report: give exactly one run folder (tokenbench report RUN --format json|md)');
  const format = parseChoice('--format', values.format ?? 'md', Object.keys(REPORT_FORMATS));
  const csv = parseCsvFlags(format, values);
  const thresholds = parseThresholdFlags(values);
  const out = values.out === undefined ? null : resolve(values.out);
  if (out && existsSync(out) && !values.force) {
    throw new CliError(`--out: ${out} exists; pass --force to overwrite it`);
  }

  let run;
  try {
    run = await openRunFolder(resolve(positionals[0] ?? ''));
  } catch (err) {
    if (err instanceof RunFolderError) throw new CliError(err.message);
    throw err;
  }
  for (const warning of run.warnings) io.stderr.write(`warning: ${warning}\n`);
  const render = REPORT_FORMATS[format];
  if (!render) throw new CliError(`--format: "${format}" is not supported`);
  const text = await render(run, { ...thresholds, ...csv });
  if (out) {
    await writeFile(out, text, { flag: values.force ? 'w' : 'wx' });
    io.stderr.write(`Wrote ${out}\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}

/** `--table` and `--legacy` belong to `--format csv`; `--legacy` only to its requests table. */
function parseCsvFlags(format: string, values: { table?: string; legacy?: boolean }): { table?: string; legacy?: boolean } {
  if (values.table === undefined && !values.legacy) return {};
  if (format !== 'csv') throw new CliError('--table and --legacy apply to --format csv only');
  const table = values.table === undefined ? 'requests' : parseChoice('--table', values.table, CSV_TABLES);
  if (values.legacy && table !== 'requests') throw new CliError('--legacy applies to --table requests only');
  return { table, legacy: values.legacy === true };
}
