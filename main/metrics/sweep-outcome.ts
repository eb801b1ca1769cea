// How a sweep went (docs/metrics.md § Sweep), read from its level summaries: the two measuring levels'
// request rates, the rates it planned, the first saturated rate level where it stopped, and the rate it
// sustains — what the verdict says ("sustains R requests/s with TTFT p95 ≤ T"). Pure.
import { compareLevels } from '../../common/levels.js';
import type { LevelSummary, SweepOutcome } from '../../common/results.js';

/** What the sweep's verdict says: "sustains `rate` requests/s with TTFT p95 ≤ `ttftP95Ms`". */
export interface SustainedRate {
  rate: number;
  ttftP95Ms: number | null;
}

/**
 * The highest rate level that ran before the first saturated one (rate levels in run order, which is
 * ascending); null when the first rate level was already saturated or none ran.
 */
export function sustainedRate(rateLevels: readonly { rate: number; saturated: boolean; ttftP95Ms: number | null }[]): SustainedRate | null {
  let best: SustainedRate | null = null;
  for (const level of rateLevels) {
    if (level.saturated) break;
    best = { rate: level.rate, ttftP95Ms: level.ttftP95Ms };
  }
  return best;
}

/**
 * The sweep of `levels` (their first repeat: later repeats run the plan it found), or null for a run
 * that was not a sweep.
 */
export function sweepOutcome(levels: readonly LevelSummary[]): SweepOutcome | null {
  const first = levels.filter((l) => l.sweep !== undefined && (l.repeat ?? 0) === 0).sort(compareLevels);
  if (first.length === 0) return null;
  const rateOf = (role: 'synchronous' | 'throughput'): number | null => {
    const level = first.find((l) => l.sweep === role);
    return level?.requestsPerSecond ?? null;
  };
  const rateLevels = first.filter((l) => l.sweep === 'rate' && l.rate !== undefined);
  const saturated = rateLevels.find((l) => l.saturation?.saturated === true);
  return {
    synchronousRate: rateOf('synchronous'),
    throughputRate: rateOf('throughput'),
    rates: rateLevels.map((l) => l.rate as number),
    stoppedAt: saturated ? { rate: saturated.rate as number, reasons: saturated.saturation?.reasons ?? [] } : null,
    sustained: sustainedRate(
      rateLevels.map((l) => ({ rate: l.rate as number, saturated: l.saturation?.saturated === true, ttftP95Ms: l.ttftMs?.p95 ?? null })),
    ),
  };
}
