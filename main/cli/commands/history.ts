import { DEFAULTS } from '../../../common/run-config.js';
import type { Command } from '../command.js';
import { THRESHOLD_OPTIONS } from '../threshold-flags.js';

export const HISTORY_OPTIONS = {
  runs: { type: 'string' },
  json: { type: 'boolean' },
  ...THRESHOLD_OPTIONS,
} as const;

const HISTORY_USAGE = `Usage: tokenbench history [--runs DIR] [--json]

Prints the trends of the run folders in DIR: runs grouped by server, model
and plan, oldest first, with their headline figures (decode speed at the
smallest level, mean and slow tail p5; its TTFT p95; peak throughput; the
largest load meeting both thresholds), and where the server's version or the
model's digest changed since the run before — with how the speed moved.
Run folders are only read; one still being written is left out.

Options:
  --runs DIR            the folder that holds run folders (default ${DEFAULTS.outDir})
  --json                print the trends as JSON
  --max-wait SECONDS    the verdict's wait limit, TTFT p95 (default 10)
  --min-speed TOKENS_PER_S
                        the verdict's speed limit, tokens/s p5 (default 20)
  -h, --help            show this help

Examples:
  tokenbench history
  tokenbench history --runs ~/bench/runs --json > trends.json

Exit codes:
  0    ok
  2    bad input (one line on stderr)
`;

/** `tokenbench history`: the runs of each server, model and plan over time. */
export const historyCommand: Command<typeof HISTORY_OPTIONS> = {
  name: 'history',
  summary: 'trends: runs per server, model and plan over time, updates marked',
  options: HISTORY_OPTIONS,
  positionals: [],
  usage: HISTORY_USAGE,
  run: async (args, io) => (await import('../history-command.js')).printHistory(args, io),
};
