import type { Command } from '../command.js';
import { THRESHOLD_OPTIONS } from '../threshold-flags.js';
import { REPORT_EXIT_CODES } from './report.js';

export const COMPARE_OPTIONS = {
  format: { type: 'string' },
  ...THRESHOLD_OPTIONS,
  out: { type: 'string' },
  force: { type: 'boolean' },
} as const;

const COMPARE_USAGE = `Usage: tokenbench compare RUN_A RUN_B [--format html|md] [--out FILE]

Compares two run folders: the same charts as the HTML report with both
runs overlaid (RUN_B dashed), and a table of deltas per level (B − A).

Options:
  --format html|md      html: one self-contained file that opens offline;
                        md: the deltas and both runs' tables as Markdown
                        (default html)
  --max-wait SECONDS    the verdict's wait limit, TTFT p95 (default 10)
  --min-speed TOKENS_PER_S
                        the verdict's speed limit, tokens/s p5 (default 20)
  --out FILE            write to FILE instead of stdout
  --force               overwrite FILE if it exists
  -h, --help            show this help

Examples:
  tokenbench compare runs/RUN-A runs/RUN-B --out compare.html
  tokenbench compare runs/RUN-A runs/RUN-B --format md

${REPORT_EXIT_CODES}
`;

/** `tokenbench compare RUN_A RUN_B`: two runs on the same charts. */
export const compareCommand: Command<typeof COMPARE_OPTIONS> = {
  name: 'compare',
  summary: 'compare two run folders on the same charts (HTML, Markdown)',
  options: COMPARE_OPTIONS,
  positionals: ['RUN_A', 'RUN_B'],
  usage: COMPARE_USAGE,
  run: async (args, io) => (await import('../compare-command.js')).compareRuns(args, io),
};
