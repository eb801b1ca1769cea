// Starts requests on an arrival schedule (arrivals.ts) for request-rate levels. Drift-free: every start
// targets origin + its own offset on one monotonic clock, so a late timer delays that start only, never
// the ones after it (a chain of `sleep(gap)` would add every timer's lateness to all later starts).
// An optional concurrency cap makes a due request wait for a free slot; whatever delays a start — the
// cap or the client itself — is reported per request as client queue time, apart from the server's wait.
import { performance } from 'node:perf_hooks';

/** The pacer's view of time, injected so tests drive it exactly. */
export interface PacerClock {
  /** Monotonic milliseconds. */
  now(): number;
  /**
   * Calls `fire` once, as soon as now() ≥ atMs: never before, and never synchronously from inside `at`
   * (so a schedule that is behind cannot recurse). Returns a function that cancels it.
   */
  at(atMs: number, fire: () => void): () => void;
}

/** One start, as the pacer hands it to the request. */
export interface PacedStart {
  /** Position in the schedule, 0-based. */
  index: number;
  /** Monotonic ms when the request was due: origin + its offset. */
  scheduledMs: number;
  /** Monotonic ms when the pacer started it. */
  startedMs: number;
  /** startedMs − scheduledMs (≥ 0): the delay the client added, from the concurrency cap or its own lateness. */
  clientQueueMs: number;
}

export interface PaceOptions {
  /** Ascending ms offsets from the origin (the moment `pace` is called). */
  offsetsMs: readonly number[];
  /**
   * Starts one request, synchronously, and returns its completion; the request holds a concurrency slot
   * until the promise settles. A rejection frees the slot too, and `pace` rejects with the first one
   * once everything has settled.
   */
  start(slot: PacedStart): Promise<unknown>;
  /** At most this many requests in flight; undefined = no cap. */
  maxConcurrency?: number;
  /** Start nothing at or after origin + deadlineMs: requests not started by then are skipped. */
  deadlineMs?: number;
  /** Stops starting requests; the ones in flight are awaited (they get the signal themselves). */
  signal?: AbortSignal;
  clock?: PacerClock;
}

export interface PaceOutcome {
  /** Monotonic ms of the schedule's origin. */
  originMs: number;
  started: number;
  /** Due requests never started: the deadline passed (while they waited for a slot, or before they were due). */
  skippedByDeadline: number;
  /** Requests never started because the signal aborted. */
  skippedByCancel: number;
}

/**
 * Runs a schedule: starts request i at origin + offsetsMs[i] (or when a slot frees, with a cap), and
 * resolves once every started request has settled and nothing more will start.
 */
export function pace(options: PaceOptions): Promise<PaceOutcome> {
  const { offsetsMs, signal } = options;
  const clock = options.clock ?? realClock();
  const cap = options.maxConcurrency ?? Number.POSITIVE_INFINITY;
  if (!(cap >= 1)) throw new RangeError(`max concurrency must be ≥ 1, got ${options.maxConcurrency}`);
  for (let i = 1; i < offsetsMs.length; i++) {
    if (!(offsetsMs[i] >= offsetsMs[i - 1])) throw new RangeError(`schedule offsets must ascend (index ${i})`);
  }
  const n = offsetsMs.length;
  const originMs = clock.now();
  const deadlineAt = options.deadlineMs === undefined ? Number.POSITIVE_INFINITY : originMs + options.deadlineMs;

  return new Promise((resolve, reject) => {
    let next = 0; // first schedule entry not yet due
    const waiting: number[] = []; // due, waiting for a slot, in schedule order
    let waitingHead = 0;
    let inFlight = 0;
    let stopped = false;
    let finished = false;
    let started = 0;
    let skippedByDeadline = 0;
    let skippedByCancel = 0;
    let firstError: { error: unknown } | null = null;
    let cancelDue: (() => void) | null = null;
    let cancelDeadline: (() => void) | null = null;

    const finishIfDone = (): void => {
      if (finished || inFlight > 0) return;
      if (!stopped && (next < n || waitingHead < waiting.length)) return;
      finished = true;
      cancelDue?.();
      cancelDeadline?.();
      signal?.removeEventListener('abort', onAbort);
      const outcome = { originMs, started, skippedByDeadline, skippedByCancel };
      if (firstError) reject(firstError.error);
      else resolve(outcome);
    };

    const launch = (index: number): void => {
      const scheduledMs = originMs + offsetsMs[index];
      const startedMs = clock.now();
      inFlight++;
      started++;
      let done: Promise<unknown>;
      try {
        done = options.start({ index, scheduledMs, startedMs, clientQueueMs: Math.max(0, startedMs - scheduledMs) });
      } catch (error) {
        done = Promise.reject(error);
      }
      done.then(settle, (error: unknown) => {
        firstError ??= { error };
        settle();
      });
    };

    const settle = (): void => {
      inFlight--;
      startWaiting();
      finishIfDone();
    };

    const startWaiting = (): void => {
      while (!stopped && waitingHead < waiting.length && inFlight < cap) {
        // A slot that frees at or after the deadline starts nothing.
        if (clock.now() >= deadlineAt) return onDeadline();
        launch(waiting[waitingHead++]);
      }
    };

    const onDue = (): void => {
      cancelDue = null;
      if (stopped) return;
      const now = clock.now();
      // Everything due by now, in order: after a late wake-up several may be due at once.
      while (next < n && originMs + offsetsMs[next] <= now && originMs + offsetsMs[next] < deadlineAt) waiting.push(next++);
      startWaiting();
      armDue();
      finishIfDone();
    };

    const armDue = (): void => {
      if (stopped || next >= n) return;
      const dueAt = originMs + offsetsMs[next];
      if (dueAt >= deadlineAt) return; // the deadline timer skips the rest
      cancelDue = clock.at(dueAt, onDue);
    };

    const stop = (): number => {
      stopped = true;
      cancelDue?.();
      cancelDue = null;
      const notStarted = waiting.length - waitingHead + (n - next);
      waitingHead = waiting.length;
      next = n;
      return notStarted;
    };

    function onDeadline(): void {
      cancelDeadline?.(); // when a freed slot finds the deadline passed before its timer fired
      cancelDeadline = null;
      if (!stopped) skippedByDeadline += stop();
      finishIfDone();
    }

    function onAbort(): void {
      if (!stopped) skippedByCancel += stop();
      finishIfDone();
    }

    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (deadlineAt !== Number.POSITIVE_INFINITY) cancelDeadline = clock.at(deadlineAt, onDeadline);
    onDue();
  });
}

/**
 * The real clock: performance.now(), and timers that never fire early. A Node timer counts on a
 * millisecond loop clock, so it often fires a fraction of a millisecond before a performance.now()
 * target, and on a busy machine milliseconds after it. `at` therefore sleeps with setTimeout until
 * `leadMs` before the target, then re-checks once per event-loop turn (setImmediate, which lets I/O
 * run) until the target has passed. The lead buys precision with CPU: bench/pacer.ts prints both.
 */
export function realClock(options: { leadMs?: number } = {}): PacerClock {
  const leadMs = options.leadMs ?? DEFAULT_LEAD_MS;
  return {
    now: () => performance.now(),
    at(atMs, fire) {
      let cancelled = false;
      let timeout: NodeJS.Timeout | null = null;
      let immediate: NodeJS.Immediate | null = null;
      const wait = (): void => {
        const left = atMs - performance.now();
        if (left > leadMs) timeout = setTimeout(check, left - leadMs);
        else immediate = setImmediate(check);
      };
      const check = (): void => {
        timeout = null;
        immediate = null;
        if (cancelled) return;
        if (performance.now() >= atMs) fire();
        else wait();
      };
      wait();
      return () => {
        cancelled = true;
        if (timeout) clearTimeout(timeout);
        if (immediate) clearImmediate(immediate);
      };
    },
  };
}

/** See realClock; chosen from bench/pacer.ts (docs/performance.md § Pacer). */
export const DEFAULT_LEAD_MS = 2;
