// What `tokenbench compare` says about two runs, from their report models (built with the same
// thresholds), once for both the HTML and Markdown renderers.
import { MISSING } from '../../../common/format.js';
import type { ReportModel } from '../../../common/report/report-model.js';
import { levelDeltas, type LevelDelta } from './deltas.js';
import { noiseTests, type LevelNoise } from './noise.js';

export const RUN_NAMES = ['A', 'B'] as const;

export interface ComparedRun {
  name: (typeof RUN_NAMES)[number];
  model: ReportModel;
}

export interface Comparison {
  runs: [ComparedRun, ComparedRun];
  deltas: LevelDelta[];
  /** Per level both runs have: whether each headline figure differs by more than the noise (Welch's t-test). */
  noise: LevelNoise[];
}

export function compareReports(a: ReportModel, b: ReportModel): Comparison {
  return {
    runs: [
      { name: 'A', model: a },
      { name: 'B', model: b },
    ],
    deltas: levelDeltas(a.levels, b.levels),
    noise: noiseTests(a.levels, b.levels),
  };
}

/**
 * The verdict of each run side by side: rows are the verdict panel's questions (common/report/verdict-view.ts),
 * columns the runs; the parallelism row gives each run's finding in words.
 */
export function verdictRows(comparison: Comparison): Array<[string, ...string[]]> {
  const [a, b] = comparison.runs.map((r) => r.model);
  const rows: Array<[string, ...string[]]> = a.view.verdict.cards
    .filter((card) => card.id !== 'parallelism')
    .map((card) => [card.label, card.value, b.view.verdict.cards.find((c) => c.id === card.id)?.value ?? MISSING]);
  const parallelism = (m: ReportModel): string => (m.parallelism.slots === null ? `${MISSING} (${m.parallelism.summary})` : m.parallelism.summary);
  rows.push(['Effective parallelism', parallelism(a), parallelism(b)]);
  return rows;
}
