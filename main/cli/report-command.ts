import { REPORT_FORMATS } from '../report/formats.js';
import { CSV_TABLES } from '../report/csv.js';
import { buildReportModel, thresholdsOf } from '../report/report-model.js';
import { parseCommandArgs, outputTarget, openRunForCli, writeOutput } from './command-io.js';
import { CliError } from './errors.js';
import { parseChoice } from './flag-values.js';
import { REPORT_HELP } from './help.js';
import type { CliIo } from './io.js';
import { parseThresholdFlags, THRESHOLD_OPTIONS } from './threshold-flags.js';

/** `tokenbench report RUN [--format html|md|csv|json] [--out FILE] [--force]`: re-reads a run folder. */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', argv, {
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    table: { type: 'string' },
    legacy: { type: 'boolean' },
    ...THRESHOLD_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError('report: give exactly one run folder (tokenbench report RUN --format html|md|csv|json)');
  const format = parseChoice('--format', values.format ?? 'md', Object.keys(REPORT_FORMATS));
  const csv = parseCsvFlags(format, values);
  const thresholds = parseThresholdFlags(values);
  const out = outputTarget(values.out, values.force);
  const run = await openRunForCli(positionals[0] ?? '');
  for (const warning of run.warnings) io.stderr.write(`warning: ${warning}\n`);
  const render = REPORT_FORMATS[format];
  if (!render) throw new CliError(`--format: "${format}" is not supported`);
  const text = render(await buildReportModel(run, thresholdsOf(thresholds)), csv);
  await writeOutput(text, out, values.force, io);
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
