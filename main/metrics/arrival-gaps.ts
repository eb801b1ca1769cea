// How regular a sequence of start times is (docs/metrics.md § Request-rate levels, arrival CV): of a
// schedule (main/engine/arrivals.ts) or of the starts a level actually made. Pure.

/** How regular a sequence of start times is. */
export interface GapStats {
  /** Gaps between consecutive times (one fewer than times). */
  gaps: number;
  meanGapMs: number;
  /**
   * Coefficient of variation of the gaps: population standard deviation / mean. 1 for a Poisson process
   * (exponential gaps), 0 for constant spacing. null when the mean gap is 0.
   */
  cv: number | null;
}

/** Gap statistics of ascending times (ms); null with fewer than 2 times. */
export function gapStats(timesMs: ArrayLike<number>): GapStats | null {
  const n = timesMs.length - 1;
  if (n < 1) return null;
  const meanGapMs = (timesMs[n] - timesMs[0]) / n;
  let squares = 0;
  for (let i = 1; i <= n; i++) squares += (timesMs[i] - timesMs[i - 1] - meanGapMs) ** 2;
  return { gaps: n, meanGapMs, cv: meanGapMs > 0 ? Math.sqrt(squares / n) / meanGapMs : null };
}
