import { performance } from 'node:perf_hooks';
import type { RawRequest } from '../metrics/record.js';
import type { RequestError } from '../../common/results.js';
import type { LevelPlan } from './level-plan.js';
import { describeError, failedInside, requestError } from './stream-request.js';
import { sendUnit, type UnitContext } from './workload/send-unit.js';

/** What a level sends (UnitContext: the target, the request plan, timeouts) and where its records go. */
export interface LevelContext extends UnitContext {
  /**
   * Each request as it ends, in end order. If it throws, the request is handed over again as an error
   * (`malformed`, without its answer) and the level goes on; if that throws too, the request is lost with
   * a process warning, and the level still goes on.
   */
  onRequestEnd: (raw: RawRequest) => void;
  /** Each request just before it is sent (the run folder records it durably); a throw is a warning, not a lost level. */
  onRequestStart?: (index: number, startedAt: number) => void;
}

/** When a level ran: epoch ms of its first request's t0 and of its last request's end. */
export interface LevelSpan {
  startedAt: number;
  endedAt: number;
}

export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * Runs one level. Burst: `concurrency` requests at once, then wait for all. Sustained: keep exactly
 * `concurrency` in flight, starting a new one the moment one ends, until the duration or request
 * count is reached; requests in flight at the deadline finish normally. With `--turns K` each of them
 * is a conversation of K requests (workload/send-unit.ts), and the counts are of conversations.
 */
export function runLevel(plan: LevelPlan, ctx: LevelContext): Promise<LevelSpan> {
  const limit = plan.mode === 'burst' ? plan.concurrency : (plan.requests ?? Number.POSITIVE_INFINITY);
  const startedAt = epochNow();
  const deadline = plan.mode === 'sustained' && plan.durationMs !== undefined ? startedAt + plan.durationMs : Infinity;

  return new Promise((resolve) => {
    let started = 0;
    let inFlight = 0;

    const launchWhilePossible = (): void => {
      while (inFlight < plan.concurrency && started < limit && !ctx.signal.aborted && epochNow() < deadline) {
        const unit = started++;
        const launchedAt = epochNow();
        inFlight++;
        const settle = (): void => {
          inFlight--;
          launchWhilePossible();
          if (inFlight === 0) resolve({ startedAt, endedAt: epochNow() });
        };
        const announce = (index: number): void => announceStart(ctx, plan.concurrency, index, epochNow());
        sendUnit(ctx, plan.concurrency, unit, (raw) => deliver(ctx, raw), announce).then(settle, (err: unknown) => {
          // sendUnit never rejects by design; a throw while setting a request up still must not stall the level.
          deliver(ctx, failedRaw(plan.concurrency, unit * ctx.plan.turns, launchedAt, failedInside(err)));
          settle();
        });
      }
      if (started === 0 && inFlight === 0) resolve({ startedAt, endedAt: startedAt });
    };
    launchWhilePossible();
  });
}

/** Tells `ctx.onRequestStart` a request was handed over; nothing it throws escapes. */
export function announceStart(ctx: LevelContext, level: number, index: number, startedAt: number): void {
  try {
    ctx.onRequestStart?.(index, startedAt);
  } catch (err) {
    process.emitWarning(`the start of request ${level}/${index} could not be recorded: ${describeError(err)}`);
  }
}

/** Hands `raw` to the level's consumer; nothing it throws escapes (see LevelContext.onRequestEnd). */
export function deliver(ctx: LevelContext, raw: RawRequest): void {
  try {
    ctx.onRequestEnd(raw);
    return;
  } catch (err) {
    try {
      const error = requestError('malformed', `the answer could not be recorded (${describeError(err)})`);
      ctx.onRequestEnd(failedRaw(raw.level, raw.index, raw.startedAt, error, raw));
      return;
    } catch (again) {
      process.emitWarning(`request ${raw.level}/${raw.index} could not be recorded: ${describeError(again)}`);
    }
  }
}

/** An error RawRequest without any answer: what is left of a request whose handling failed on our side. */
export function failedRaw(level: number, index: number, startedAt: number, error: RequestError, seen?: RawRequest): RawRequest {
  const endMs = seen ? (seen.end.atMs ?? null) : null;
  return {
    level,
    index,
    startedAt,
    firstByteMs: seen?.firstByteMs ?? null,
    pieces: [],
    pieceOffsetsMs: [],
    pieceKinds: '',
    end: { kind: 'error', atMs: endMs, error },
    ...(seen?.schedule ? { schedule: seen.schedule } : {}),
  };
}
