// The ranking as the CLI prints it at the end of a multi-model run: the rule and the table's main columns,
// sized for a terminal (the full table is in `tokenbench rank --format md|html`).
import type { RankingModel } from '../../../common/report/ranking.js';
import { renderTextTable } from '../study-table.js';

const TERMINAL_COLUMNS = ['Rank', 'Model', 'Max parallel (both)', 'Smallest level', 't/s p5 there', 'TTFT p95 there (s)', 'Size', 'Quantization'];

export function renderRankingText(model: RankingModel): string {
  const { headers, rows } = model.view.table;
  const picked = TERMINAL_COLUMNS.map((name) => headers.indexOf(name)).filter((i) => i >= 0);
  const table = { headers: picked.map((i) => headers[i]), rows: rows.map((row) => picked.map((i) => row[i])) };
  return [model.view.rule, '', renderTextTable(table), ...model.warnings.map((w) => `warning: ${w}`), ''].join('\n');
}
