// Waits the streaming loop needs; each ends early when the request is aborted.
import type { ServerResponse } from 'node:http';

/**
 * Sleeps of one request until given performance.now() deadlines; every sleep ends early on abort.
 * One abort listener per request, not per sleep: in interval mode a sleep happens per token, and
 * 1,024 streams make that 100,000 sleeps a second.
 */
export class Pacer {
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | null = null;

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.fire(), { once: true });
  }

  until(target: number): Promise<void> {
    if (target - performance.now() <= 0 || this.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.arm(target);
    });
  }

  private arm(target: number): void {
    const left = target - performance.now();
    if (left <= 0) {
      this.fire();
      return;
    }
    // Whole milliseconds let Node share one timer list among all streams (it keeps a list per
    // distinct duration). Timers count from the loop's cached clock and can fire a little early,
    // so the deadline is checked again when they do.
    this.timer = setTimeout(() => this.arm(target), Math.ceil(left));
  }

  private fire(): void {
    clearTimeout(this.timer);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** Resolves when the response's buffer has drained, or on abort. */
export function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Lets other streams and sockets run before the next batch. */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

let isoMs = 0;
let isoText = '';
/** Wall-clock ISO timestamp for `created_at`, cached per millisecond (it is written once per token). */
export function isoNow(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}

export function msToNs(ms: number): number {
  return Math.max(0, Math.round(ms * 1e6));
}
