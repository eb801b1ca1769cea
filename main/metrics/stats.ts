import type { ItlStats, Stats, StatsWithTail } from '../../common/results.js';

/**
 * Percentile by linear interpolation between closest ranks — numpy's default `percentile` and pandas
 * `quantile`, as docs/metrics.md § Statistics defines, so figures match what a user recomputes from requests.jsonl.
 * `sorted` must be ascending and non-empty; `p` is in [0, 100].
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile of an empty list');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside [0, 100]`);
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/**
 * The smallest and largest of `values` (`fallback` when there are none), by a loop: `Math.min(...values)`
 * throws "Maximum call stack size exceeded" past ~125k values, and a run can hold far more requests.
 */
export function minOf(values: Iterable<number>, fallback = Number.POSITIVE_INFINITY): number {
  let min = fallback;
  for (const value of values) if (value < min) min = value;
  return min;
}

export function maxOf(values: Iterable<number>, fallback = Number.NEGATIVE_INFINITY): number {
  let max = fallback;
  for (const value of values) if (value > max) max = value;
  return max;
}

/**
 * Mean, min, max, p50/p90/p95/p99 and the **sample** standard deviation (divides by n − 1, like pandas
 * `std()`; 0 for a single value). null for no values. The input is not modified.
 * Throws on a non-finite value: a NaN would silently poison every figure of a level.
 */
export function computeStats(values: readonly number[]): Stats | null {
  if (values.length === 0) return null;
  return statsOfSorted(sortedCopy(values));
}

/** computeStats plus p5 and p1: the slow tail of a higher-is-better metric such as tokens/s. */
export function computeStatsWithTail(values: readonly number[]): StatsWithTail | null {
  if (values.length === 0) return null;
  const sorted = sortedCopy(values);
  return { ...statsOfSorted(sorted), p5: percentile(sorted, 5), p1: percentile(sorted, 1) };
}

/**
 * Inter-token latency: the gaps between consecutive token offsets (so the first token's wait is not
 * one of them). null with fewer than 2 offsets. Runs once per request at its end: one typed array, one sort.
 */
export function itlStats(offsetsMs: readonly number[]): ItlStats | null {
  const n = offsetsMs.length;
  if (n < 2) return null;
  const gaps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) gaps[i - 1] = offsetsMs[i] - offsetsMs[i - 1];
  gaps.sort();
  return {
    p50: percentile(gaps, 50),
    p90: percentile(gaps, 90),
    p99: percentile(gaps, 99),
    max: gaps[gaps.length - 1],
  };
}

function sortedCopy(values: readonly number[]): Float64Array {
  const copy = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new RangeError(`statistics of a non-finite value (${v}) at index ${i}`);
    copy[i] = v;
  }
  // Typed arrays sort numerically; a plain array would sort as strings.
  return copy.sort();
}

function statsOfSorted(sorted: Float64Array): Stats {
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = sum / n;
  // Two passes (mean, then squared deviations) stay accurate where Σx² − n·mean² would cancel.
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (sorted[i] - mean) ** 2;
  return {
    mean,
    min: sorted[0],
    max: sorted[n - 1],
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    stddev: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
  };
}
