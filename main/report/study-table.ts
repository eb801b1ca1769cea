import type { LevelSummary } from '../../common/results.js';
import { errorPercent, fixed, rate, seconds } from './cells.js';
import { STUDY_TABLE_LEGEND } from './definitions.js';

const HEADERS = [
  'Parallel',
  'Avg t/s',
  'Slow-tail t/s (p5)',
  'TTFT avg (s)',
  'TTFT p95 (s)',
  'TTFT p99 (s)',
  'Errors %',
  'Duration avg (s)',
  'Duration p99 (s)',
  'Throughput t/s',
] as const;

function row(level: LevelSummary): string[] {
  return [
    String(level.concurrency),
    rate(level.tokensPerSecond?.mean),
    rate(level.tokensPerSecond?.p5),
    seconds(level.ttftMs?.mean),
    seconds(level.ttftMs?.p95),
    seconds(level.ttftMs?.p99),
    errorPercent(level),
    seconds(level.e2eMs?.mean),
    seconds(level.e2eMs?.p99),
    rate(level.throughputTokensPerSecond),
  ];
}

const ENERGY_HEADERS = ['GPU W', 'J/token'] as const;

function energyCells(level: LevelSummary): string[] {
  return [fixed(level.energy?.watts, 1), fixed(level.energy?.joulesPerToken, 3)];
}

/**
 * The end-of-run table the CLI prints (the study's table, corrected): one row per level, columns
 * separated by ` | ` and right-aligned so numbers line up, then a one-line legend of the definitions.
 * GPU power and energy per token join when any level has energy (GPU telemetry was available).
 */
export function renderStudyTable(levels: readonly LevelSummary[]): string {
  const withEnergy = levels.some((l) => l.energy);
  const headers: readonly string[] = withEnergy ? [...HEADERS, ...ENERGY_HEADERS] : HEADERS;
  const rows = levels.map((l) => (withEnergy ? [...row(l), ...energyCells(l)] : row(l)));
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => cell.padStart(widths[c])).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(headers), rule, ...rows.map(line), '', STUDY_TABLE_LEGEND, ''].join('\n');
}
