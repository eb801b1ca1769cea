import type { Command } from '../command.js';
import { THRESHOLD_OPTIONS } from '../threshold-flags.js';

export const REPORT_OPTIONS = {
  format: { type: 'string' },
  ...THRESHOLD_OPTIONS,
  out: { type: 'string' },
  force: { type: 'boolean' },
  table: { type: 'string' },
  legacy: { type: 'boolean' },
} as const;

export const REPORT_EXIT_CODES = `Exit codes:
  0    ok
  1    the report could not be written
  2    bad input: unknown format, no run folder at RUN (one line on stderr)
  130  cancelled (Ctrl-C)`;

const REPORT_USAGE = `Usage: tokenbench report RUN --format json|md|csv|html [--out FILE]

Writes a report of the run folder RUN.

Options:
  --format FORMAT       json|md|csv|html (default md)
                        json: the run's manifest, level summaries, verdict
                        and effective parallelism;
                        md: the verdict and Markdown tables like the
                        study's, with definitions;
                        csv: one table as RFC 4180 CSV (see --table)
                        html: one self-contained file (charts, tables,
                        verdict, telemetry, definitions) that opens offline
  --max-wait SECONDS    html, md, json: the verdict's wait limit, TTFT p95
                        (default 10)
  --min-speed TOKENS_PER_S
                        html, md, json: the verdict's speed limit,
                        tokens/s p5 (default 20)
  --out FILE            write to FILE instead of stdout; an existing FILE is
                        refused unless --force
  --force               overwrite FILE
  --table requests|levels|gpu|process
                        csv: which table, one per file (default requests):
                        requests = one row per request; levels = one row
                        per level summary; gpu, process = telemetry samples
  --legacy              csv, requests: the columns of the study's
                        request_summary.csv (seconds), plus Concurrency
  -h, --help            show this help

Examples:
  tokenbench report runs/RUN-ID --format md
  tokenbench report runs/RUN-ID --format json --out report.json
  tokenbench report runs/RUN-ID --format csv --table levels --out levels.csv
  tokenbench report runs/RUN-ID --format html --max-wait 5 --out report.html

${REPORT_EXIT_CODES}
`;

/** `tokenbench report RUN`: re-reads a run folder as HTML, Markdown, CSV or JSON. */
export const reportCommand: Command<typeof REPORT_OPTIONS> = {
  name: 'report',
  summary: 'write a report (HTML, JSON, Markdown, CSV) from a run folder',
  options: REPORT_OPTIONS,
  positionals: ['RUN'],
  usage: REPORT_USAGE,
  run: async (args, io) => (await import('../report-command.js')).writeReport(args, io),
};
