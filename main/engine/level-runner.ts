import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { RawRequest } from '../metrics/record.js';
import type { LoadMode } from '../../common/run-config.js';
import { streamRequest } from './stream-request.js';
import type { GenerationParams, TargetApi } from './targets/target.js';

export interface LevelPlan {
  concurrency: number;
  mode: LoadMode;
  /** Sustained mode: stop starting requests after this long … */
  durationMs?: number;
  /** … or after this many. */
  requests?: number;
}

export interface LevelContext {
  dispatcher: Dispatcher;
  origin: string;
  target: TargetApi;
  params: GenerationParams;
  timeoutMs: number;
  idleTimeoutMs: number;
  signal: AbortSignal;
  /** Each request as it ends, in end order. */
  onRequestEnd: (raw: RawRequest) => void;
  /** Every token chunk of every request (for live progress); keep it cheap. */
  onToken?: () => void;
}

/** When a level ran: epoch ms of its first request's t0 and of its last request's end. */
export interface LevelSpan {
  startedAt: number;
  endedAt: number;
}

const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * Runs one level. Burst: `concurrency` requests at once, then wait for all. Sustained: keep exactly
 * `concurrency` in flight, starting a new one the moment one ends, until the duration or request
 * count is reached; requests in flight at the deadline finish normally.
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
        const index = started++;
        inFlight++;
        void streamRequest({
          dispatcher: ctx.dispatcher,
          origin: ctx.origin,
          target: ctx.target,
          params: ctx.params,
          level: plan.concurrency,
          index,
          timeoutMs: ctx.timeoutMs,
          idleTimeoutMs: ctx.idleTimeoutMs,
          signal: ctx.signal,
          onToken: ctx.onToken,
        }).then((raw) => {
          inFlight--;
          ctx.onRequestEnd(raw);
          launchWhilePossible();
          if (inFlight === 0) resolve({ startedAt, endedAt: epochNow() });
        });
      }
      if (started === 0 && inFlight === 0) resolve({ startedAt, endedAt: startedAt });
    };
    launchWhilePossible();
  });
}
