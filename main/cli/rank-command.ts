import { RANKING_FORMATS } from '../report/ranking/index.js';
import { rankRuns } from '../report/ranking/ranking-report.js';
import { thresholdsOf } from '../report/report-model.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { RANK_OPTIONS } from './commands/rank.js';
import { parseChoice } from './flag-values.js';
import type { CliIo } from './io.js';
import { openRunForCli, outputTarget, writeOutput } from './report-files.js';
import { parseThresholdFlags } from './threshold-flags.js';

/** `tokenbench rank RUN RUN... [--format md|html|json] [--out FILE] [--force]`. */
export async function rankRunFolders({ values, positionals }: CommandArgs<typeof RANK_OPTIONS>, io: CliIo): Promise<Outcome> {
  const format = parseChoice('--format', values.format ?? 'md', Object.keys(RANKING_FORMATS));
  const thresholds = thresholdsOf(parseThresholdFlags(values));
  const out = outputTarget(values.out, values.force);
  const runs = [];
  for (const dir of positionals) {
    const run = await openRunForCli(dir);
    for (const warning of run.warnings) io.stderr.write(`warning (${run.manifest.id}): ${warning}\n`);
    runs.push(run);
  }
  await writeOutput(RANKING_FORMATS[format](await rankRuns(runs, thresholds)), out, values.force, io);
  return 'ok';
}
