import type { Command } from '../command.js';
import { THRESHOLD_OPTIONS } from '../threshold-flags.js';
import { REPORT_EXIT_CODES } from './report.js';

export const RANK_OPTIONS = {
  format: { type: 'string' },
  ...THRESHOLD_OPTIONS,
  out: { type: 'string' },
  force: { type: 'boolean' },
} as const;

const RANK_USAGE = `Usage: tokenbench rank RUN RUN... [--format md|html|json] [--out FILE]

Ranks run folders (usually one per model, as tokenbench run writes them
when given several models): which serves the most parallel requests within
the verdict's thresholds. Per run: the largest level meeting the wait (TTFT
p95), the speed (tokens/s p5) and both, the wait and the slow-tail speed at
each level, energy per token where measured, and the model's size and
quantization as the server reported them. The run folders are only read.

Ordered by the most parallel requests meeting both thresholds, then by the
faster slow tail at the smallest level, then by the shorter wait there.

Options:
  --format FORMAT       md|html|json (default md)
                        md: the ranking and each model per level as tables;
                        html: one self-contained file with charts;
                        json: the ranking as data
  --max-wait SECONDS    the verdict's wait limit, TTFT p95 (default 10)
  --min-speed TOKENS_PER_S
                        the verdict's speed limit, tokens/s p5 (default 20)
  --out FILE            write to FILE instead of stdout; an existing FILE is
                        refused unless --force
  --force               overwrite FILE
  -h, --help            show this help

Examples:
  tokenbench rank runs/RUN-A runs/RUN-B runs/RUN-C
  tokenbench rank runs/RUN-A runs/RUN-B --format html --out ranking.html

${REPORT_EXIT_CODES}
`;

/** `tokenbench rank RUN RUN...`: several runs ranked by the load each model serves within the thresholds. */
export const rankCommand: Command<typeof RANK_OPTIONS> = {
  name: 'rank',
  summary: 'rank run folders (one per model) by the load each serves well',
  options: RANK_OPTIONS,
  positionals: ['RUN', 'RUN...'],
  usage: RANK_USAGE,
  run: async (args, io) => (await import('../rank-command.js')).rankRunFolders(args, io),
};
