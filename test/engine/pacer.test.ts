import { describe, expect, it } from 'vitest';
import { pace, realClock, type PacedStart, type PacerClock } from '../../main/engine/pacer.js';

/**
 * A clock the test moves by hand. Timers fire in time order when the test advances past them, each
 * `lateMs` after its target (a slow timer), and never synchronously from `at` (as the contract says).
 */
class FakeClock implements PacerClock {
  time = 1_000; // the origin is not 0, so offsets must be taken from it
  lateMs = 0;
  private timers: { fireAt: number; seq: number; fire: () => void }[] = [];
  private seq = 0;

  now(): number {
    return this.time;
  }

  at(atMs: number, fire: () => void): () => void {
    const timer = { fireAt: atMs + this.lateMs, seq: this.seq++, fire };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Fires every timer due by `time` (in order, at its own moment), then sets the clock to `time`. */
  advanceTo(time: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.fireAt <= time).sort((a, b) => a.fireAt - b.fireAt || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.fireAt);
      due.fire();
    }
    this.time = time;
  }

  /** The event loop is blocked until `time`: no timer fires before it. */
  stall(time: number): void {
    this.time = time;
  }

  get pending(): number {
    return this.timers.length;
  }
}

/** Lets promise callbacks (request settlements) run. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Starts as the test saw them, times relative to the clock's origin. */
function relative(starts: PacedStart[], origin: number): Array<[number, number, number, number]> {
  return starts.map((s) => [s.index, s.scheduledMs - origin, s.startedMs - origin, s.clientQueueMs]);
}

describe('pace with a fake clock', () => {
  it('starts each request at origin + its offset', async () => {
    const clock = new FakeClock();
    const starts: PacedStart[] = [];
    const run = pace({ offsetsMs: [0, 100, 250, 400], clock, start: (s) => (starts.push(s), Promise.resolve()) });
    clock.advanceTo(1_000 + 400);
    await flush();
    expect(await run).toEqual({ originMs: 1_000, started: 4, skippedByDeadline: 0, skippedByCancel: 0 });
    expect(relative(starts, 1_000)).toEqual([
      [0, 0, 0, 0],
      [1, 100, 100, 0],
      [2, 250, 250, 0],
      [3, 400, 400, 0],
    ]);
    expect(clock.pending).toBe(0);
  });

  it('never accumulates timer lateness: each start is late by one timer delay, not the sum of all', async () => {
    const clock = new FakeClock();
    clock.lateMs = 7;
    const starts: PacedStart[] = [];
    const run = pace({ offsetsMs: [0, 100, 200, 300, 400], clock, start: (s) => (starts.push(s), Promise.resolve()) });
    clock.advanceTo(1_000 + 1_000);
    await flush();
    await run;
    // A chain of sleep(100) would start at 107, 214, 321, 428.
    expect(relative(starts, 1_000).map(([, , startedAt]) => startedAt)).toEqual([0, 107, 207, 307, 407]);
    expect(starts.map((s) => s.clientQueueMs)).toEqual([0, 7, 7, 7, 7]);
  });

  it('after a stall starts everything already due at once, in order, each with its own delay', async () => {
    const clock = new FakeClock();
    const starts: PacedStart[] = [];
    const run = pace({ offsetsMs: [0, 100, 200, 300, 600], clock, start: (s) => (starts.push(s), Promise.resolve()) });
    // The event loop was blocked until 350: the timer for 100 fires only then.
    clock.stall(1_000 + 350);
    clock.advanceTo(1_000 + 600);
    await flush();
    await run;
    expect(relative(starts, 1_000)).toEqual([
      [0, 0, 0, 0],
      [1, 100, 350, 250],
      [2, 200, 350, 150],
      [3, 300, 350, 50],
      [4, 600, 600, 0],
    ]);
  });

  it('with a concurrency cap a due request waits for a free slot and reports the wait as client queue time', async () => {
    const clock = new FakeClock();
    const starts: PacedStart[] = [];
    const requests = [deferred(), deferred(), deferred(), deferred()];
    const run = pace({
      offsetsMs: [0, 10, 20, 30],
      maxConcurrency: 2,
      clock,
      start: (s) => (starts.push(s), requests[s.index].promise),
    });
    clock.advanceTo(1_050);
    requests[0].resolve(); // frees a slot at 50: request 2 (due at 20) starts
    await flush();
    clock.advanceTo(1_060);
    requests[1].resolve(); // request 3 (due at 30) starts at 60
    await flush();
    requests[2].resolve();
    requests[3].resolve();
    await flush();
    expect(await run).toEqual({ originMs: 1_000, started: 4, skippedByDeadline: 0, skippedByCancel: 0 });
    expect(relative(starts, 1_000)).toEqual([
      [0, 0, 0, 0],
      [1, 10, 10, 0],
      [2, 20, 50, 30],
      [3, 30, 60, 30],
    ]);
  });

  it('skips what has not started by the deadline, whether waiting for a slot or not yet due', async () => {
    const clock = new FakeClock();
    const first = deferred();
    const starts: number[] = [];
    const run = pace({
      offsetsMs: [0, 10, 20, 200],
      maxConcurrency: 1,
      deadlineMs: 100,
      clock,
      start: (s) => (starts.push(s.index), first.promise),
    });
    clock.advanceTo(1_150); // the deadline passes at 100 with requests 1 and 2 waiting, 3 not yet due
    first.resolve();
    await flush();
    expect(await run).toEqual({ originMs: 1_000, started: 1, skippedByDeadline: 3, skippedByCancel: 0 });
    expect(starts).toEqual([0]);
    expect(clock.pending).toBe(0);
  });

  it('a deadline without a cap starts only what is due strictly before it', async () => {
    const clock = new FakeClock();
    const starts: number[] = [];
    const run = pace({ offsetsMs: [0, 50, 100, 150], deadlineMs: 100, clock, start: (s) => (starts.push(s.index), Promise.resolve()) });
    clock.advanceTo(1_200);
    await flush();
    expect(await run).toEqual({ originMs: 1_000, started: 2, skippedByDeadline: 2, skippedByCancel: 0 });
    expect(starts).toEqual([0, 1]);
  });

  it('a slot freed after the deadline starts nothing, even before the deadline timer has fired', async () => {
    const clock = new FakeClock();
    clock.lateMs = 30; // the deadline timer (due at 100) fires only at 130
    const first = deferred();
    const starts: number[] = [];
    const run = pace({
      offsetsMs: [0, 10],
      maxConcurrency: 1,
      deadlineMs: 100,
      clock,
      start: (s) => (starts.push(s.index), first.promise),
    });
    clock.advanceTo(1_110);
    first.resolve();
    await flush();
    expect(await run).toEqual({ originMs: 1_000, started: 1, skippedByDeadline: 1, skippedByCancel: 0 });
    expect(starts).toEqual([0]);
    expect(clock.pending).toBe(0);
  });

  it('cancel stops starting, waits for the requests in flight, counts the rest as skipped', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const second = deferred();
    const starts: number[] = [];
    let settled = false;
    const run = pace({
      offsetsMs: [0, 100, 200],
      signal: controller.signal,
      clock,
      start: (s) => (starts.push(s.index), s.index === 1 ? second.promise : Promise.resolve()),
    }).then((outcome) => ((settled = true), outcome));
    clock.advanceTo(1_150);
    controller.abort();
    await flush();
    expect(settled).toBe(false); // request 1 is still in flight
    second.resolve();
    expect(await run).toEqual({ originMs: 1_000, started: 2, skippedByDeadline: 0, skippedByCancel: 1 });
    expect(starts).toEqual([0, 1]);
    expect(clock.pending).toBe(0);
  });

  it('an already aborted signal starts nothing', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const outcome = await pace({ offsetsMs: [0, 1, 2], signal: controller.signal, clock, start: () => (calls++, Promise.resolve()) });
    expect(outcome).toEqual({ originMs: 1_000, started: 0, skippedByDeadline: 0, skippedByCancel: 3 });
    expect(calls).toBe(0);
  });

  it('an empty schedule resolves at once', async () => {
    const clock = new FakeClock();
    expect(await pace({ offsetsMs: [], deadlineMs: 10, clock, start: () => Promise.resolve() })).toEqual({
      originMs: 1_000,
      started: 0,
      skippedByDeadline: 0,
      skippedByCancel: 0,
    });
    expect(clock.pending).toBe(0);
  });

  it('a failed start frees its slot; pace rejects with the first failure once everything settled', async () => {
    const clock = new FakeClock();
    const starts: number[] = [];
    const run = pace({
      offsetsMs: [0, 10, 20],
      maxConcurrency: 1,
      clock,
      start: (s) => {
        starts.push(s.index);
        if (s.index === 0) return Promise.reject(new Error('first'));
        if (s.index === 1) throw new Error('second');
        return Promise.resolve();
      },
    });
    const outcome = run.catch((error: Error) => error.message);
    clock.advanceTo(1_100);
    await flush();
    await flush();
    expect(await outcome).toBe('first');
    expect(starts).toEqual([0, 1, 2]);
  });

  it.each([
    { offsetsMs: [0, 10, 5], maxConcurrency: undefined },
    { offsetsMs: [0, Number.NaN], maxConcurrency: undefined },
    { offsetsMs: [0], maxConcurrency: 0 },
  ])('rejects a bad plan: $offsetsMs, cap $maxConcurrency', ({ offsetsMs, maxConcurrency }) => {
    expect(() => pace({ offsetsMs, maxConcurrency, clock: new FakeClock(), start: () => Promise.resolve() })).toThrow(RangeError);
  });
});

describe('pace with real timers (only what load cannot change: order, count, never early, cancel)', () => {
  it('starts every request in schedule order, none before its time', async () => {
    const starts: PacedStart[] = [];
    const offsetsMs = Array.from({ length: 20 }, (_, k) => k * 3);
    const outcome = await pace({ offsetsMs, clock: realClock(), start: (s) => (starts.push(s), Promise.resolve()) });
    expect(outcome.started).toBe(20);
    expect(starts.map((s) => s.index)).toEqual(offsetsMs.map((_, i) => i));
    expect(starts.every((s) => s.startedMs >= s.scheduledMs && s.clientQueueMs === s.startedMs - s.scheduledMs)).toBe(true);
  });

  it('cancel ends a long schedule promptly and counts what never started', async () => {
    const controller = new AbortController();
    let started = 0;
    const outcome = await pace({
      offsetsMs: Array.from({ length: 100 }, (_, k) => k * 100), // 10 s
      signal: controller.signal,
      start: () => {
        if (++started === 3) controller.abort();
        return Promise.resolve();
      },
    });
    expect(outcome.started).toBe(3);
    expect(outcome.skippedByCancel).toBe(97);
  });
});
