import { REPORT_FORMATS } from '../report/formats.js';
import { CSV_TABLES } from '../report/csv.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { REPORT_OPTIONS } from './commands/report.js';
import { buildReportModel, thresholdsOf } from '../report/report-model.js';
import { CliError } from './errors.js';
import { parseChoice } from './flag-values.js';
import type { CliIo } from './io.js';
import { outputTarget, openRunForCli, writeOutput } from './report-files.js';
import { parseThresholdFlags } from './threshold-flags.js';

/** `tokenbench report RUN [--format html|md|csv|json] [--out FILE] [--force]`: re-reads a run folder. */
export async function writeReport({ values, positionals }: CommandArgs<typeof REPORT_OPTIONS>, io: CliIo): Promise<Outcome> {
  const format = parseChoice('--format', values.format ?? 'md', Object.keys(REPORT_FORMATS));
  const csv = parseCsvFlags(format, values);
  const thresholds = parseThresholdFlags(values);
  // CSV tables hold measurements only; a threshold given there would be silently ignored.
  if (format === 'csv' && Object.keys(thresholds).length > 0) {
    throw new CliError('--max-wait and --min-speed judge the verdict, which --format csv does not contain (use html, md or json)');
  }
  const out = outputTarget(values.out, values.force);
  const run = await openRunForCli(positionals[0]);
  for (const warning of run.warnings) io.stderr.write(`warning: ${warning}\n`);
  const render = REPORT_FORMATS[format];
  const text = render(await buildReportModel(run, thresholdsOf(thresholds)), csv);
  await writeOutput(text, out, values.force, io);
  return 'ok';
}

/** `--table` and `--legacy` belong to `--format csv`; `--legacy` only to its requests table. */
function parseCsvFlags(format: string, values: { table?: string; legacy?: boolean }): { table?: string; legacy?: boolean } {
  if (values.table === undefined && !values.legacy) return {};
  if (format !== 'csv') throw new CliError('--table and --legacy apply to --format csv only');
  const table = values.table === undefined ? 'requests' : parseChoice('--table', values.table, CSV_TABLES);
  if (values.legacy && table !== 'requests') throw new CliError('--legacy applies to --table requests only');
  return { table, legacy: values.legacy === true };
}
