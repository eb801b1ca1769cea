// Whether two runs differ by more than their noise (docs/metrics.md § Repeats): per level both ran and per
// headline figure, Welch's t-test on the two runs' repeats (main/metrics/repeats.ts compareRepeats). Pure.
import { fixed } from '../../../common/format.js';
import { HEADLINE_FIGURES, LEVEL_FIGURES, type HeadlineFigure } from '../../../common/level-figures.js';
import { figureText } from '../../../common/report/repeats-table.js';
import type { LevelSummary } from '../../../common/results.js';
import { compareRepeats, type NoiseTest } from '../../metrics/repeats.js';
import { pairLevels } from './deltas.js';

export interface LevelNoise {
  label: string;
  /** Repeats of the level in each run. */
  nA: number;
  nB: number;
  /** Per headline figure; null when either run has fewer than 2 repeats with it. */
  tests: Record<HeadlineFigure, NoiseTest | null>;
}

/** The test, said once wherever its results are shown. */
export const NOISE_TEST_STATEMENT =
  "Welch's unequal-variance t-test on the two runs' repeats of each level, two-sided: a difference lies outside the noise " +
  'when p < 0.05, i.e. its 95 % interval excludes 0. It needs at least 2 repeats of the level in each run (--repeat N).';

/** Every level both runs have, in axis order. */
export function noiseTests(a: readonly LevelSummary[], b: readonly LevelSummary[]): LevelNoise[] {
  return pairLevels(a, b)
    .filter((pair) => pair.a.length > 0 && pair.b.length > 0)
    .map((pair) => ({ label: pair.label, nA: pair.a.length, nB: pair.b.length, tests: compareRepeats(pair.a, pair.b) }));
}

/** One sentence: how many differences lie outside the noise, or why the test could not be made. */
export function noiseSummary(levels: readonly LevelNoise[]): string {
  const tests = levels.flatMap((l) => HEADLINE_FIGURES.map((f) => l.tests[f])).filter((t): t is NoiseTest => t !== null);
  if (tests.length === 0) {
    const most = (pick: (l: LevelNoise) => number): number => levels.reduce((m, l) => Math.max(m, pick(l)), 0);
    return `Noise cannot be told from difference: that needs at least 2 repeats of a level in each run (A has ${most((l) => l.nA)}, B has ${most((l) => l.nB)}).`;
  }
  const outside = tests.filter((t) => t.outsideNoise).length;
  return `${outside} of ${tests.length} differences lie outside the noise.`;
}

export const NOISE_HEADERS = ['Level', 'Figure', 'A mean', 'B mean', 'Δ (B − A)', '95 % CI of Δ', 'p', 'Outside the noise'];

/** Rows of the tests that could be made. */
export function noiseRows(levels: readonly LevelNoise[]): string[][] {
  return levels.flatMap((level) =>
    HEADLINE_FIGURES.flatMap((figure) => {
      const t = level.tests[figure];
      if (t === null) return [];
      return [
        [
          level.label,
          LEVEL_FIGURES[figure].label,
          figureText(figure, t.meanA),
          figureText(figure, t.meanB),
          figureText(figure, t.difference),
          `${figureText(figure, t.ci95.low)} – ${figureText(figure, t.ci95.high)}`,
          t.pValue < 0.001 ? '< 0.001' : fixed(t.pValue, 3),
          t.outsideNoise ? 'yes' : 'no',
        ],
      ];
    }),
  );
}
