import type { Command } from '../command.js';

export const IMPORT_LEGACY_OPTIONS = {
  out: { type: 'string' },
} as const;

const IMPORT_LEGACY_USAGE = `Usage: tokenbench import-legacy DIR --out RUN

Turns one model folder of the study's Go tool (DIR/test_results_N/ with
request_summary.csv, duration_metrics.csv, gpu_metrics.csv and
process_<pid>_metrics.csv) into the run folder RUN, readable by
tokenbench report. RUN must not exist; it is never overwritten. A folder
holding several model folders is refused: import one model at a time.

What the files cannot tell is said, as warnings stored in the run:
token counts are words; failed rows (status not 200 or not Completed)
are errors, not zeros; only the last of several runs appended into one
file is imported; GPU usage (always 100 %, a parsing bug) is left out.

Options:
  --out RUN             the run folder to create (its name is the run id)
  -h, --help            show this help

Example:
  tokenbench import-legacy results/deepseek-r1-8b --out runs/study-8b

Exit codes:
  0    ok
  1    the run folder could not be written
  2    bad input: no such folder, not the study's files, RUN exists
`;

/** `tokenbench import-legacy DIR --out RUN`: the study's result folders as a run folder. */
export const importLegacyCommand: Command<typeof IMPORT_LEGACY_OPTIONS> = {
  name: 'import-legacy',
  summary: "turn the study's result folders into a run folder",
  options: IMPORT_LEGACY_OPTIONS,
  positionals: ['DIR'],
  usage: IMPORT_LEGACY_USAGE,
  run: async (args, io) => (await import('../import-legacy-command.js')).importLegacy(args, io),
};
