// The pacing core of token-speed playback: how many tokens are due at a monotonic instant.
// No DOM and no timers: every count is derived from (now − anchor), never accumulated per tick, so
// late or skipped frames catch up on the next one and timer jitter can never add up to drift.

/** A play/pause clock over content time (ms), driven by a monotonic `now` (performance.now()). */
export interface Timeline {
  readonly playing: boolean;
  /** Content milliseconds per real millisecond (the replay's speed multiplier; 1 for speed lanes). */
  readonly rate: number;
  /** The monotonic instant the current segment began. */
  readonly anchorNow: number;
  /** The content position at `anchorNow`. */
  readonly anchorPos: number;
}

export function newTimeline(rate = 1): Timeline {
  assertRate(rate);
  return { playing: false, rate, anchorNow: 0, anchorPos: 0 };
}

export function positionAt(t: Timeline, now: number): number {
  if (!t.playing) return t.anchorPos;
  return t.anchorPos + Math.max(0, now - t.anchorNow) * t.rate;
}

export function play(t: Timeline, now: number): Timeline {
  if (t.playing) return t;
  return { ...t, playing: true, anchorNow: now };
}

export function pause(t: Timeline, now: number): Timeline {
  if (!t.playing) return t;
  return { ...t, playing: false, anchorPos: positionAt(t, now), anchorNow: now };
}

/** Jumps to a content position, keeping the play state. */
export function seek(t: Timeline, pos: number, now: number): Timeline {
  return { ...t, anchorPos: Math.max(0, pos), anchorNow: now };
}

/** Changes the multiplier from `now` on; the position reached so far is kept. */
export function withRate(t: Timeline, rate: number, now: number): Timeline {
  assertRate(rate);
  return { ...t, rate, anchorPos: positionAt(t, now), anchorNow: now };
}

function assertRate(rate: number): void {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number, got ${rate}`);
}

// Guards floor() against binary fractions: 60 000 ms × 55 t/s must give 3 300, not 3 299.
const EPSILON = 1e-9;

/** Tokens due after `elapsedMs` at a constant speed: token k (1-based) appears at k / speed seconds. */
export function dueAtSpeed(elapsedMs: number, tokensPerSecond: number): number {
  if (!(tokensPerSecond > 0) || elapsedMs <= 0) return 0;
  return Math.floor((elapsedMs * tokensPerSecond) / 1000 + EPSILON);
}

/** Recorded pieces whose arrival offset is ≤ `positionMs` (offsets ascending, ms since t0): a binary search. */
export function dueByOffsets(positionMs: number, offsetsMs: readonly number[]): number {
  let lo = 0;
  let hi = offsetsMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsetsMs[mid] <= positionMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The lane beside a replay: the same wait as the replayed request (its first piece at `firstMs`), then
 * one token every 1/speed s, so the first and the n-th token are (n − 1)/speed apart as in the decode-speed
 * definition (docs/metrics.md). Capped at `total`.
 */
export function dueAfterWait(positionMs: number, firstMs: number, tokensPerSecond: number, total: number): number {
  if (positionMs < firstMs || total <= 0) return 0;
  return Math.min(total, 1 + dueAtSpeed(positionMs - firstMs, tokensPerSecond));
}
