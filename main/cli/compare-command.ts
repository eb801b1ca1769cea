import { COMPARE_FORMATS } from '../report/compare/index.js';
import { parseCommandArgs, outputTarget, openRunForCli, writeOutput } from './command-io.js';
import { CliError } from './errors.js';
import { parseChoice } from './flag-values.js';
import { COMPARE_HELP } from './help.js';
import type { CliIo } from './io.js';
import { parseThresholdFlags, THRESHOLD_OPTIONS } from './threshold-flags.js';

/** `tokenbench compare RUN_A RUN_B [--format html|md] [--out FILE] [--force]`: two runs on the same charts. */
export async function compareCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('compare', argv, {
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    ...THRESHOLD_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(COMPARE_HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new CliError('compare: give exactly two run folders (tokenbench compare RUN_A RUN_B)');
  const format = parseChoice('--format', values.format ?? 'html', Object.keys(COMPARE_FORMATS));
  const thresholds = parseThresholdFlags(values);
  const out = outputTarget(values.out, values.force);

  const [a, b] = [await openRunForCli(positionals[0] ?? ''), await openRunForCli(positionals[1] ?? '')];
  for (const [name, run] of [['A', a], ['B', b]] as const) {
    for (const warning of run.warnings) io.stderr.write(`warning (${name}): ${warning}\n`);
  }
  const render = COMPARE_FORMATS[format];
  if (!render) throw new CliError(`--format: "${format}" is not supported`);
  const text = await render(a, b, thresholds);
  await writeOutput(text, out, values.force, io);
  return 0;
}
