import type { TableData } from '../../common/charts/chart-model.js';
import { STUDY_TABLE_LEGEND } from '../../common/definitions.js';
import { loadTable, loadTableLegend } from '../../common/report/load-table.js';
import { REPEATS_LEGEND, repeatsTable } from '../../common/report/repeats-table.js';
import { studyTable } from '../../common/report/study-table.js';
import type { LevelSummary } from '../../common/results.js';
import type { Slo } from '../../common/slo.js';
import { repeatedLevels } from '../metrics/repeats.js';

/**
 * The end-of-run table the CLI prints (common/report/study-table.ts): columns separated by ` | ` and
 * right-aligned so numbers line up, then the one-line legend of the definitions.
 */
export function renderStudyTable(levels: readonly LevelSummary[]): string {
  return [renderTextTable(studyTable(levels)), '', STUDY_TABLE_LEGEND, ''].join('\n');
}

/**
 * Everything the CLI prints at the end of a run: the study's table, then request rate and goodput per
 * level (judged by `slo`), then — for a repeated run — each level's mean, 95 % CI and CV over its repeats.
 */
export function renderRunTables(levels: readonly LevelSummary[], slo: Slo): string {
  const parts = [renderStudyTable(levels), [renderTextTable(loadTable(levels)), '', loadTableLegend(slo), ''].join('\n')];
  const repeats = repeatedLevels(levels);
  if (repeats) parts.push([renderTextTable(repeatsTable(repeats)), '', REPEATS_LEGEND, ''].join('\n'));
  return parts.join('\n');
}

/** A table for the terminal: columns separated by ` | ` and right-aligned so numbers line up, a rule under the headers. */
export function renderTextTable({ headers, rows }: TableData): string {
  const widths = headers.map((h) => h.length);
  for (const row of rows) row.forEach((cell, c) => (widths[c] = Math.max(widths[c], cell.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => cell.padStart(widths[c])).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
