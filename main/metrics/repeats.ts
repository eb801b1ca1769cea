// `--repeat N`: the same plan N times. Per level and headline figure: the mean over repeats with its
// 95 % confidence interval (Student's t, n − 1 degrees of freedom) and the coefficient of variation;
// and, for `compare`, whether two runs differ by more than their noise (Welch's t-test). Pure.
import type { LevelSummary } from '../../common/results.js';
import { levelRequestRate } from './goodput.js';
import { computeStats } from './stats.js';
import { studentTQuantile, studentTTwoSided } from './student-t.js';

/** Two-sided confidence of every interval here, and 1 − the significance level of the test. */
export const CONFIDENCE = 0.95;

export interface Interval {
  low: number;
  high: number;
}

export interface RepeatStats {
  /** Repeats that have this figure. */
  n: number;
  mean: number;
  /** Sample standard deviation over repeats (n − 1); 0 for one repeat. */
  stddev: number;
  /** mean ± t(0.975, n − 1) · stddev / √n; null with fewer than 2 repeats. */
  ci95: Interval | null;
  /** Coefficient of variation stddev / |mean|; null when the mean is 0. */
  cv: number | null;
}

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

/** The figures a level summary headlines, each read from a LevelSummary (null when the level lacks it). */
export const HEADLINE_FIGURES = {
  throughputTokensPerSecond: (l: LevelSummary): number | null => l.throughputTokensPerSecond,
  requestsPerSecond: (l: LevelSummary): number | null => levelRequestRate(l),
  ttftP50Ms: (l: LevelSummary): number | null => l.ttftMs?.p50 ?? null,
  ttftP95Ms: (l: LevelSummary): number | null => l.ttftMs?.p95 ?? null,
  tokensPerSecondP50: (l: LevelSummary): number | null => l.tokensPerSecond?.p50 ?? null,
  tokensPerSecondP5: (l: LevelSummary): number | null => l.tokensPerSecond?.p5 ?? null,
  e2eP95Ms: (l: LevelSummary): number | null => l.e2eMs?.p95 ?? null,
  errorRate: (l: LevelSummary): number | null => (l.requests > 0 ? l.errors / l.requests : null),
} as const;

export type HeadlineFigure = keyof typeof HEADLINE_FIGURES;

/** One level's figures over its repeats (the same level of each repeat). A repeat lacking a figure is left out of it. */
export function summarizeRepeats(repeats: readonly LevelSummary[]): Record<HeadlineFigure, RepeatStats | null> {
  return mapFigures((pick) => repeatStats(figureValues(repeats, pick)));
}

/** Per headline figure, whether run B's repeats of a level differ from run A's by more than the noise. */
export function compareRepeats(a: readonly LevelSummary[], b: readonly LevelSummary[]): Record<HeadlineFigure, NoiseTest | null> {
  return mapFigures((pick) => welchTest(figureValues(a, pick), figureValues(b, pick)));
}

function mapFigures<T>(each: (pick: (l: LevelSummary) => number | null) => T): Record<HeadlineFigure, T> {
  const out = {} as Record<HeadlineFigure, T>;
  for (const key of Object.keys(HEADLINE_FIGURES) as HeadlineFigure[]) out[key] = each(HEADLINE_FIGURES[key]);
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
