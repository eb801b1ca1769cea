import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COMPARE_FORMATS } from '../report/compare/index.js';
import { RunFolderError } from '../store/run-folder.js';
import { openRunFolder, type OpenedRun } from '../store/run-reader.js';
import { CliError } from './errors.js';
import { parseChoice } from './flag-values.js';
import { COMPARE_HELP } from './help.js';
import type { CliIo } from './io.js';
import { parseThresholdFlags, THRESHOLD_OPTIONS } from './threshold-flags.js';

/** `tokenbench compare RUN_A RUN_B [--format html|md] [--out FILE] [--force]`: two runs on the same charts. */
export async function compareCommand(argv: string[], io: CliIo): Promise<number> {
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
        ...THRESHOLD_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]}; see tokenbench compare --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(COMPARE_HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new CliError('compare: give exactly two run folders (tokenbench compare RUN_A RUN_B)');
  const format = parseChoice('--format', values.format ?? 'html', Object.keys(COMPARE_FORMATS));
  const thresholds = parseThresholdFlags(values);
  const out = values.out === undefined ? null : resolve(values.out);
  if (out && existsSync(out) && !values.force) throw new CliError(`--out: ${out} exists; pass --force to overwrite it`);

  // Read-only: comparing must not repair (rewrite) either folder behind the user's back.
  const open = async (dir: string): Promise<OpenedRun> => {
    try {
      return await openRunFolder(resolve(dir), { repair: false });
    } catch (err) {
      if (err instanceof RunFolderError) throw new CliError(err.message);
      throw err;
    }
  };
  const [a, b] = [await open(positionals[0] ?? ''), await open(positionals[1] ?? '')];
  for (const [name, run] of [['A', a], ['B', b]] as const) {
    for (const warning of run.warnings) io.stderr.write(`warning (${name}): ${warning}\n`);
  }
  const render = COMPARE_FORMATS[format];
  if (!render) throw new CliError(`--format: "${format}" is not supported`);
  const text = await render(a, b, thresholds);
  if (out) {
    await writeFile(out, text, { flag: values.force ? 'w' : 'wx' });
    io.stderr.write(`Wrote ${out}\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}
