// Runs one request-rate level (`--mode rate`, and a sweep's rate levels): requests start on the level's
// arrival schedule (arrivals.ts), paced by pacer.ts — each at its own scheduled time on one monotonic
// clock, so nothing drifts over a level — optionally under a cap on requests in flight. Each record keeps
// when it was due and how late the client started it (client queue time), apart from the server's wait.
import { performance } from 'node:perf_hooks';
import type { RawRequest } from '../metrics/record.js';
import { arrivalOffsets } from './arrivals.js';
import type { LevelPlan } from './level-plan.js';
import { announceStart, deliver, epochNow, failedRaw, type LevelContext, type LevelSpan } from './level-runner.js';
import { pace, realClock, type PacerClock } from './pacer.js';
import { failedInside } from './stream-request.js';
import { sendUnit } from './workload/send-unit.js';

/** A rate level's span, and the requests that were due but never started. */
export interface RateLevelSpan extends LevelSpan {
  /** Due requests not started because the level's duration ended while they waited for a slot. */
  notStarted: number;
}

/**
 * Starts request i at the level's start + its scheduled offset (`plan.rate`, `plan.arrivals`,
 * `plan.seed`; the first at once), or as soon as a slot frees when `plan.maxConcurrency` requests are in
 * flight — never early, first due first served. A level with a duration starts nothing at or after it
 * (requests still waiting then are counted as not started) and lets those in flight finish. Resolves
 * once every started request has been handed to `ctx.onRequestEnd`.
 */
export async function runRateLevel(plan: LevelPlan, ctx: LevelContext, clock: PacerClock = realClock()): Promise<RateLevelSpan> {
  if (plan.rate === undefined) throw new RangeError('a rate level needs a rate');
  const offsetsMs = arrivalOffsets({
    rate: plan.rate,
    arrivals: plan.arrivals ?? 'poisson',
    seed: plan.seed ?? 0,
    count: plan.requests,
    durationMs: plan.durationMs,
  });
  const outcome = await pace({
    offsetsMs,
    maxConcurrency: plan.maxConcurrency,
    deadlineMs: plan.durationMs,
    signal: ctx.signal,
    clock,
    start: (slot) => {
      const scheduledAt = performance.timeOrigin + slot.scheduledMs;
      // An arrival is a unit: one request, or a conversation of `--turns` (workload/send-unit.ts). Its first
      // request is what the schedule said was due; later turns follow their answers, not the schedule.
      const first = slot.index * ctx.plan.turns;
      const stamp = (raw: RawRequest): RawRequest =>
        raw.index === first ? { ...raw, schedule: { scheduledAt, clientQueueMs: Math.max(0, raw.startedAt - scheduledAt) } } : raw;
      const launchedAt = epochNow();
      const announce = (index: number): void => announceStart(ctx, plan.concurrency, index, epochNow());
      return sendUnit(ctx, plan.concurrency, slot.index, (raw) => deliver(ctx, stamp(raw)), announce).then(undefined, (err: unknown) =>
        // sendUnit never rejects by design; a throw while setting a request up still must not stall the level.
        deliver(ctx, stamp(failedRaw(plan.concurrency, first, launchedAt, failedInside(err)))),
      );
    },
  });
  // The clock counts on performance.now()'s scale: epoch = timeOrigin + clock time.
  const originAt = performance.timeOrigin + outcome.originMs;
  return {
    startedAt: originAt,
    endedAt: outcome.started > 0 ? epochNow() : originAt,
    notStarted: outcome.skippedByDeadline,
  };
}
