import type { TableData } from '../../common/charts/chart-model.js';
import { STUDY_TABLE_LEGEND } from '../../common/definitions.js';
import { studyTable } from '../../common/report/study-table.js';
import type { LevelSummary } from '../../common/results.js';

/**
 * The end-of-run table the CLI prints (common/report/study-table.ts): columns separated by ` | ` and
 * right-aligned so numbers line up, then the one-line legend of the definitions.
 */
export function renderStudyTable(levels: readonly LevelSummary[]): string {
  return [renderTextTable(studyTable(levels)), '', STUDY_TABLE_LEGEND, ''].join('\n');
}

/** A table for the terminal: columns separated by ` | `, right-aligned, a rule under the headers. */
export function renderTextTable({ headers, rows }: TableData): string {
  const widths = headers.map((h) => h.length);
  for (const row of rows) row.forEach((cell, c) => (widths[c] = Math.max(widths[c], cell.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => cell.padStart(widths[c])).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
