// The figures only a request-rate level has (docs/metrics.md § Request-rate levels): how late the client
// started requests against their schedule, how regular the starts were, and whether the level saturated.
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import { gapStats } from './arrival-gaps.js';
import { detectSaturation, type ScheduledRequest } from './saturation.js';
import { computeStats } from './stats.js';

/**
 * Client queue time over every request that started (ok or not: the delay is the client's, whatever the
 * server then did), the coefficient of variation of the gaps between consecutive starts, and saturation
 * against the nominal `rate` with `notStarted` due requests that never started.
 */
export function rateLevelFigures(
  records: readonly RequestRecord[],
  rate: number,
  notStarted: number,
): Pick<LevelSummary, 'clientQueueMs' | 'arrivalCv' | 'saturation'> {
  const scheduled: ScheduledRequest[] = [];
  const queue: number[] = [];
  for (const r of records) {
    if (r.scheduledAt === undefined || r.clientQueueMs === undefined) continue;
    scheduled.push({ status: r.status, error: r.error, ttftMs: r.ttftMs, scheduledAt: r.scheduledAt, clientQueueMs: r.clientQueueMs });
    queue.push(r.clientQueueMs);
  }
  const starts = Float64Array.from(records, (r) => r.startedAt).sort();
  return {
    clientQueueMs: computeStats(queue),
    arrivalCv: gapStats(starts)?.cv ?? null,
    ...(rate > 0 ? { saturation: detectSaturation(scheduled, { rate, notStarted }) } : {}),
  };
}
