// The study's table, corrected: one row per level, the columns the study printed. The CLI prints it at the
// end of a run, Markdown and the dashboard show it, the live view fills it as levels finish.
import type { TableData } from '../charts/chart-model.js';
import { errorPercent, fixed, integer, rate, seconds } from '../format.js';
import { levelOutcomes } from '../level-outcomes.js';
import { levelColumns } from '../levels.js';
import type { LevelSummary } from '../results.js';

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

const ENERGY_HEADERS = ['GPU W', 'J/token'] as const;

/** Shown apart from the errors, and only when some level has them: requests cancelled by the user, or lost when the run was killed. */
const CANCELLED_HEADER = 'Cancelled';
const LOST_HEADER = 'Lost in flight';

function row(level: LevelSummary): string[] {
  return [
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

function energyCells(level: LevelSummary): string[] {
  return [fixed(level.energy?.watts, 1), fixed(level.energy?.joulesPerToken, 3)];
}

/**
 * Levels in the order given. GPU power and energy per token join when any level has energy; the cancelled
 * and lost-in-flight counts when any level has some (Errors % leaves both out: common/level-outcomes.ts).
 * The first column is the concurrency ("Parallel"), or the level's label for rate and sweep levels, with
 * the repeat beside it when the run was repeated (common/levels.ts levelColumns).
 */
export function studyTable(levels: readonly LevelSummary[]): TableData {
  const withEnergy = levels.some((l) => l.energy);
  const outcomes = levels.map(levelOutcomes);
  const withCancelled = outcomes.some((o) => o.cancelled > 0);
  const withLost = outcomes.some((o) => o.lost !== 0);
  const lead = levelColumns(levels);
  return {
    headers: [
      ...lead.headers,
      ...HEADERS.slice(1),
      ...(withEnergy ? ENERGY_HEADERS : []),
      ...(withCancelled ? [CANCELLED_HEADER] : []),
      ...(withLost ? [LOST_HEADER] : []),
    ],
    rows: levels.map((l, i) => [
      ...lead.cells(l),
      ...row(l),
      ...(withEnergy ? energyCells(l) : []),
      ...(withCancelled ? [String(outcomes[i].cancelled)] : []),
      ...(withLost ? [integer(outcomes[i].lost)] : []),
    ]),
  };
}
