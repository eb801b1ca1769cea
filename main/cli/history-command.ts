import { resolve } from 'node:path';
import type { TrendsModel } from '../../common/report/trends.js';
import { DEFAULTS } from '../../common/run-config.js';
import { thresholdsOf } from '../report/report-model.js';
import { renderTextTable } from '../report/study-table.js';
import { readTrends } from '../report/trends-report.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { HISTORY_OPTIONS } from './commands/history.js';
import type { CliIo } from './io.js';
import { parseThresholdFlags } from './threshold-flags.js';

export const JSON_HISTORY_FORMAT = 'tokenbench-history';
export const JSON_HISTORY_VERSION = 1;

/** The columns a terminal shows (by how their headers begin); --json and History have every figure. */
const TERMINAL_COLUMNS = ['Started', 'Server version', 'Model digest', 't/s mean', 't/s p5', 'TTFT p95', 'Max parallel', 'Changed'];

/** `tokenbench history [--runs DIR] [--json]`. */
export async function printHistory({ values }: CommandArgs<typeof HISTORY_OPTIONS>, io: CliIo): Promise<Outcome> {
  const thresholds = thresholdsOf(parseThresholdFlags(values));
  const dir = resolve(values.runs ?? DEFAULTS.outDir);
  const trends = await readTrends(dir, thresholds);
  io.stdout.write(values.json ? historyJson(trends) : historyText(trends, dir));
  return 'ok';
}

export function historyJson(trends: TrendsModel): string {
  const value = {
    format: JSON_HISTORY_FORMAT,
    version: JSON_HISTORY_VERSION,
    thresholds: trends.thresholds,
    groups: trends.groups.map((g) => ({ server: g.server, model: g.model, plan: g.plan, runs: g.points })),
    skipped: trends.skipped,
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

function historyText(trends: TrendsModel, dir: string): string {
  if (trends.groups.length === 0) return `No finished run in ${dir}.\n`;
  const parts = trends.groups.map((group) => {
    const { headers, rows } = group.view.table;
    const picked = TERMINAL_COLUMNS.map((name) => headers.findIndex((h) => h.startsWith(name))).filter((i) => i >= 0);
    const table = { headers: picked.map((i) => headers[i]), rows: rows.map((row) => picked.map((i) => row[i])) };
    const runs = group.points.length === 1 ? '1 run' : `${group.points.length} runs`;
    return [`${group.model} on ${group.server} — ${runs}`, `plan: ${group.plan}`, '', renderTextTable(table), ''].join('\n');
  });
  const skipped = trends.skipped.map((s) => `skipped ${s.dir}: ${s.reason}`);
  return [...parts, ...skipped, ''].join('\n');
}
