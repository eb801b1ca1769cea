// `--repeat N`: the same plan N times. Per level and headline figure: the mean over repeats with its
// 95 % confidence interval (Student's t, n − 1 degrees of freedom) and the coefficient of variation;
// and, for `compare`, whether two runs differ by more than their noise (Welch's t-test). Pure.
import { HEADLINE_FIGURES, LEVEL_FIGURE_KEYS, LEVEL_FIGURES, type HeadlineFigure, type LevelFigure } from '../../common/level-figures.js';
import { compareLevels, groupBy, planLevelKey } from '../../common/levels.js';
import type { Interval, LevelSummary, RepeatedLevel, RepeatStats } from '../../common/results.js';
import { computeStats } from './stats.js';
import { studentTQuantile, studentTTwoSided } from './student-t.js';

/** Two-sided confidence of every interval here, and 1 − the significance level of the test. */
export const CONFIDENCE = 0.95;

/** Mean, 95 % CI and CV of one figure over repeats (sample stddev as computeStats); null for no values. */
export function repeatStats(values: readonly number[]): RepeatStats | null {
  const n = values.length;
  if (n === 0) return null;
  const { mean, stddev } = computeStats(values)!;
  let ci95: Interval | null = null;
  if (n >= 2) {
    const half = studentTQuantile(1 - (1 - CONFIDENCE) / 2, n - 1) * (stddev / Math.sqrt(n));
    ci95 = { low: mean - half, high: mean + half };
  }
  return { n, mean, stddev, ci95, cv: mean !== 0 ? stddev / Math.abs(mean) : null };
}

/** Welch's unequal-variance t-test of two runs' repeats of one figure. */
export interface NoiseTest {
  test: 'welch-t';
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
  /** meanB − meanA. */
  difference: number;
  /** 95 % interval of the difference: difference ± t(0.975, df) · √(sA²/nA + sB²/nB). */
  ci95: Interval;
  t: number;
  /** Welch–Satterthwaite degrees of freedom (n_A + n_B − 2 when both spreads are 0). */
  df: number;
  /** Two-sided p-value. */
  pValue: number;
  /** pValue < 1 − CONFIDENCE: the difference lies outside the noise (its 95 % interval excludes 0). */
  outsideNoise: boolean;
}

/**
 * Welch's t-test: t = (m_B − m_A) / √(s_A²/n_A + s_B²/n_B), df by Welch–Satterthwaite
 * (s_A²/n_A + s_B²/n_B)² / ((s_A²/n_A)²/(n_A − 1) + (s_B²/n_B)²/(n_B − 1)), p two-sided.
 * Chosen over Student's pooled test because two runs (other server, other settings) need not share a
 * spread. null unless both sides have at least 2 repeats: one run alone says nothing about its noise.
 * When neither side varies at all, any difference is outside the noise (p = 0) and none is inside (p = 1).
 */
export function welchTest(a: readonly number[], b: readonly number[]): NoiseTest | null {
  const nA = a.length;
  const nB = b.length;
  if (nA < 2 || nB < 2) return null;
  const A = computeStats(a)!;
  const B = computeStats(b)!;
  const difference = B.mean - A.mean;
  const shareA = A.stddev ** 2 / nA;
  const shareB = B.stddev ** 2 / nB;
  const se = Math.sqrt(shareA + shareB);
  const alpha = 1 - CONFIDENCE;
  const base = { test: 'welch-t' as const, nA, nB, meanA: A.mean, meanB: B.mean, difference };
  if (se === 0) {
    const pValue = difference === 0 ? 1 : 0;
    const t = difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY;
    return { ...base, ci95: { low: difference, high: difference }, t, df: nA + nB - 2, pValue, outsideNoise: pValue < alpha };
  }
  const t = difference / se;
  const df = (shareA + shareB) ** 2 / (shareA ** 2 / (nA - 1) + shareB ** 2 / (nB - 1));
  const pValue = studentTTwoSided(t, df);
  const half = studentTQuantile(1 - alpha / 2, df) * se;
  return { ...base, ci95: { low: difference - half, high: difference + half }, t, df, pValue, outsideNoise: pValue < alpha };
}

/**
 * One level's figures over its repeats (the same level of each repeat): every figure of
 * common/level-figures.ts, so charts can draw any of them with its interval. A repeat lacking a figure
 * is left out of it.
 */
export function summarizeRepeats(repeats: readonly LevelSummary[]): Record<LevelFigure, RepeatStats | null> {
  const out = {} as Record<LevelFigure, RepeatStats | null>;
  for (const key of LEVEL_FIGURE_KEYS) out[key] = repeatStats(figureValues(repeats, LEVEL_FIGURES[key].pick));
  return out;
}

/** Per headline figure, whether run B's repeats of a level differ from run A's by more than the noise. */
export function compareRepeats(a: readonly LevelSummary[], b: readonly LevelSummary[]): Record<HeadlineFigure, NoiseTest | null> {
  const out = {} as Record<HeadlineFigure, NoiseTest | null>;
  for (const key of HEADLINE_FIGURES) {
    const pick = LEVEL_FIGURES[key].pick;
    out[key] = welchTest(figureValues(a, pick), figureValues(b, pick));
  }
  return out;
}

function figureValues(levels: readonly LevelSummary[], pick: (l: LevelSummary) => number | null): number[] {
  const values: number[] = [];
  for (const level of levels) {
    const v = pick(level);
    if (v !== null) values.push(v);
  }
  return values;
}

/**
 * Each level of the plan over its repeats, in plan order; null unless the levels come from more than one
 * repeat. Levels are matched by their place in the plan (common/levels.ts planLevelKey).
 */
export function repeatedLevels(levels: readonly LevelSummary[]): RepeatedLevel[] | null {
  if (!levels.some((l) => (l.repeat ?? 0) > 0)) return null;
  return [...groupBy([...levels].sort(compareLevels), planLevelKey).values()].map((group) => {
    const { concurrency, mode, levelIndex, rate, sweep, maxConcurrency } = group[0];
    const level: RepeatedLevel['level'] = { concurrency, mode };
    if (levelIndex !== undefined) level.levelIndex = levelIndex;
    if (rate !== undefined) level.rate = rate;
    if (sweep !== undefined) level.sweep = sweep;
    if (maxConcurrency !== undefined) level.maxConcurrency = maxConcurrency;
    return { level, repeats: group.length, figures: summarizeRepeats(group) };
  });
}
