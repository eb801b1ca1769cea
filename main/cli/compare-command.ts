import { compareReports } from '../report/compare/comparison.js';
import { COMPARE_FORMATS } from '../report/compare/index.js';
import { buildReportModel, thresholdsOf } from '../report/report-model.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { COMPARE_OPTIONS } from './commands/compare.js';
import { parseChoice } from './flag-values.js';
import type { CliIo } from './io.js';
import { outputTarget, openRunForCli, writeOutput } from './report-files.js';
import { parseThresholdFlags } from './threshold-flags.js';

/** `tokenbench compare RUN_A RUN_B [--format html|md] [--out FILE] [--force]`: two runs on the same charts. */
export async function compareRuns({ values, positionals }: CommandArgs<typeof COMPARE_OPTIONS>, io: CliIo): Promise<Outcome> {
  const format = parseChoice('--format', values.format ?? 'html', Object.keys(COMPARE_FORMATS));
  const thresholds = parseThresholdFlags(values);
  const out = outputTarget(values.out, values.force);

  const [a, b] = [await openRunForCli(positionals[0]), await openRunForCli(positionals[1])];
  for (const [name, run] of [['A', a], ['B', b]] as const) {
    for (const warning of run.warnings) io.stderr.write(`warning (${name}): ${warning}\n`);
  }
  const render = COMPARE_FORMATS[format];
  const verdictThresholds = thresholdsOf(thresholds);
  const [modelA, modelB] = await Promise.all([buildReportModel(a, verdictThresholds), buildReportModel(b, verdictThresholds)]);
  const text = render(compareReports(modelA, modelB));
  await writeOutput(text, out, values.force, io);
  return 'ok';
}
