// `--repeat N`: each level of the plan over its repeats — every headline figure's mean, 95 % confidence
// interval and coefficient of variation (main/metrics/repeats.ts), as every report and the dashboard show it.
import type { TableData } from '../charts/chart-model.js';
import { fixed, MISSING } from '../format.js';
import { HEADLINE_FIGURES, LEVEL_FIGURES, type LevelFigure } from '../level-figures.js';
import { levelLabel, onlyConcurrencyLevels } from '../levels.js';
import type { RepeatedLevel } from '../results.js';

/** A figure's value in its display unit: ms as seconds, shares as percent. */
export function figureText(figure: LevelFigure, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  switch (LEVEL_FIGURES[figure].unit) {
    case 'ms':
      return `${fixed(value / 1000, 2)} s`;
    case 'share':
      return `${fixed(value * 100, 1)} %`;
    case 'requests/s':
      return fixed(value, 2);
    case 'J/token':
      return fixed(value, 3);
    default:
      return fixed(value, 1);
  }
}

/** One row per level and headline figure: mean, its 95 % interval, CV and how many repeats had it. */
export function repeatsTable(repeats: readonly RepeatedLevel[]): TableData {
  const byName = !onlyConcurrencyLevels(repeats.map((r) => r.level));
  return {
    headers: [byName ? 'Level' : 'Parallel', 'Figure', 'Mean', '95 % CI', 'CV %', 'Repeats'],
    rows: repeats.flatMap((repeated) =>
      HEADLINE_FIGURES.map((figure) => {
        const stats = repeated.figures[figure];
        return [
          byName ? levelLabel(repeated.level) : String(repeated.level.concurrency),
          LEVEL_FIGURES[figure].label,
          figureText(figure, stats?.mean),
          stats?.ci95 ? `${figureText(figure, stats.ci95.low)} – ${figureText(figure, stats.ci95.high)}` : MISSING,
          fixed(stats?.cv === null || stats?.cv === undefined ? null : stats.cv * 100, 1),
          stats ? String(stats.n) : '0',
        ];
      }),
    ),
  };
}

export const REPEATS_LEGEND =
  "Over the repeats of each level: the mean, its 95 % confidence interval mean ± t(0.975, n − 1) · s / √n (Student's t), " +
  'and the coefficient of variation s / mean (s: sample standard deviation over the repeats).';
