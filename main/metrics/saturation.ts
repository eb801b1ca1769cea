// Is a request-rate level saturated — did the server (or the client's concurrency cap) fall behind the
// arrivals, so that the level's figures describe a growing backlog rather than the rate? Pure; the
// definition is docs/metrics.md § Load shapes → Saturation. The sweep stops at the first saturated level.
import type { RequestRecord, SaturationFinding, SaturationReason } from '../../common/results.js';
import { studentTQuantile } from './student-t.js';
import { maxOf, minOf } from './stats.js';

/** What the test needs of a record of a rate level: the two fields the pacer adds, and the outcome. */
export interface ScheduledRequest extends Pick<RequestRecord, 'status' | 'error' | 'ttftMs'> {
  /** Epoch ms when the schedule said the request was due. */
  scheduledAt: number;
  /** Actual start − scheduled start, ms (the concurrency cap's or the client's delay). */
  clientQueueMs: number;
}

export const SATURATION_LIMITS = {
  /** Fewer ok requests than this fit no trend. */
  minRequests: 8,
  /**
   * The wait grows by at least this many ms per second of schedule: arrivals exceed what is served by
   * about 5 % (a backlog fed at λ and drained at μ < λ grows each arrival's wait by 1 − μ/λ per unit time).
   */
  waitGrowthMsPerS: 50,
  /** At least this share of requests started more than one mean arrival gap late. */
  lateShare: 0.1,
  /** At least this share of the level's requests failed or never started. */
  failedShare: 0.1,
  /** One-sided confidence that the wait's slope is above 0. */
  confidence: 0.95,
} as const;

/**
 * Saturated when any of:
 * - wait-grows: over the level's ok requests (at least `minRequests`), wait_i = clientQueueMs_i + ttftMs_i
 *   regressed (least squares) on scheduled time has slope ≥ `waitGrowthMsPerS` and a one-sided 95 %
 *   lower bound above 0 — the wait keeps growing, materially and not by chance. Counting the client
 *   queue in the wait makes a backlog count whether it forms in the server or behind `--max-concurrency`.
 * - late-starts: ≥ `lateShare` of the started requests began more than one mean arrival gap after their
 *   scheduled time — the level did not run at its rate (the cap was full, or the client fell behind).
 * - requests-fail: ≥ `failedShare` of the requests failed or never started (the deadline passed while
 *   they waited): the server sheds load instead of queueing it (e.g. Ollama's 503 on a full queue).
 * `notStarted` is the pacer's skippedByDeadline. Cancelled requests count nowhere.
 */
export function detectSaturation(
  records: readonly ScheduledRequest[],
  level: { rate: number; notStarted?: number },
): SaturationFinding {
  if (!(level.rate > 0)) throw new RangeError(`level rate must be > 0, got ${level.rate}`);
  const counted = records.filter((r) => r.error?.kind !== 'cancelled');
  const notStarted = level.notStarted ?? 0;
  const failed = counted.filter((r) => r.status !== 'ok').length + notStarted;
  const offered = counted.length + notStarted;
  const failedShare = offered > 0 ? failed / offered : null;
  const meanGapMs = 1000 / level.rate;
  const lateShare = counted.length > 0 ? counted.filter((r) => r.clientQueueMs > meanGapMs).length / counted.length : null;

  const points = counted.filter((r) => r.status === 'ok' && r.ttftMs !== null);
  const trend = points.length >= SATURATION_LIMITS.minRequests ? waitTrend(points) : null;

  const reasons: SaturationReason[] = [];
  if (trend && trend.slope >= SATURATION_LIMITS.waitGrowthMsPerS && trend.low > 0) reasons.push('wait-grows');
  if (lateShare !== null && lateShare >= SATURATION_LIMITS.lateShare) reasons.push('late-starts');
  if (failedShare !== null && failedShare >= SATURATION_LIMITS.failedShare) reasons.push('requests-fail');
  return {
    saturated: reasons.length > 0,
    reasons,
    fitted: trend ? points.length : 0,
    waitSlopeMsPerS: trend?.slope ?? null,
    waitSlopeLowMsPerS: trend?.low ?? null,
    waitGrowthMs: trend?.growth ?? null,
    lateShare,
    failedShare,
  };
}

/** Ordinary least squares of wait (ms) on scheduled time (s); null when all were scheduled at once. */
function waitTrend(points: readonly ScheduledRequest[]): { slope: number; low: number; growth: number } | null {
  const n = points.length;
  const first = minOf(points.map((p) => p.scheduledAt));
  const x = points.map((p) => (p.scheduledAt - first) / 1000);
  const y = points.map((p) => p.clientQueueMs + (p.ttftMs as number));
  const xMean = x.reduce((s, v) => s + v, 0) / n;
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - xMean) ** 2;
    sxy += (x[i] - xMean) * (y[i] - yMean);
    syy += (y[i] - yMean) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const residual = Math.max(0, syy - slope * sxy);
  const standardError = Math.sqrt(residual / (n - 2) / sxx);
  const low = slope - studentTQuantile(SATURATION_LIMITS.confidence, n - 2) * standardError;
  return { slope, low, growth: slope * maxOf(x) };
}
