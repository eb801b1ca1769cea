import type { LoadMode } from '../../common/run-config.js';

/** Where a run stands, as far as the time left is concerned. */
export interface EtaInput {
  mode: LoadMode;
  /** Every level's concurrency, in run order. */
  concurrency: readonly number[];
  /** Wall time (ms) of each finished level, in order; its length is the index of the current level. */
  finishedWallMs: readonly number[];
  /** The level in progress, or null between levels (during a cooldown, or before the first level). */
  current: { elapsedMs: number; done: number; total: number | null } | null;
  /** Sustained mode bounded by time: each level's length, ms. */
  durationMs?: number;
  /** Pause after every level but the last, ms. */
  cooldownMs: number;
  /** When `current` is null after a level: how far into its cooldown we are, ms. */
  cooldownElapsedMs?: number;
}

/**
 * Milliseconds left in the run; null when nothing yet tells how long a level takes. Never negative.
 *
 * The model, deliberately simple:
 * - Current level: a duration-bounded level ends when its duration is up (the drain of the requests
 *   still in flight is not counted). Otherwise, once requests have finished, the time so far is
 *   extrapolated by the fraction done (elapsed × (total − done) / done). Before the first one
 *   finishes — all of a burst level until its end, nearly — it is projected like a future level,
 *   minus the time already spent.
 * - Future levels: from a reference level — the last finished one, else the current one once it has
 *   a fraction done. Burst: its wall time × (this level's concurrency / the reference's), since past
 *   the server's parallel slots every extra request waits for a slot (pessimistic below them).
 *   Sustained by count: the reference's wall time (a saturated server's throughput does not grow
 *   with concurrency). Sustained by time: the duration.
 * - Plus every cooldown still ahead, and what is left of the current one.
 */
export function estimateEtaMs(input: EtaInput): number | null {
  const levelCount = input.concurrency.length;
  const index = input.finishedWallMs.length;
  if (index >= levelCount) return 0;

  const reference = referenceLevel(input, index);
  const projected = (level: number): number | null => {
    if (input.mode === 'sustained' && input.durationMs !== undefined) return input.durationMs;
    if (reference === null) return null;
    if (input.mode === 'sustained') return reference.wallMs;
    return (reference.wallMs * input.concurrency[level]) / reference.concurrency;
  };

  let remaining = 0;
  let firstFuture = index;
  if (input.current !== null) {
    const current = currentLevelRemaining(input, projected(index));
    if (current === null) return null;
    remaining += current;
    firstFuture = index + 1;
  } else if (index > 0) {
    remaining += Math.max(0, input.cooldownMs - (input.cooldownElapsedMs ?? 0));
  }
  for (let level = firstFuture; level < levelCount; level++) {
    const wall = projected(level);
    if (wall === null) return null;
    remaining += wall;
  }
  // Cooldowns separate the levels still to end: after the current (or next) one, up to the last.
  remaining += Math.max(0, levelCount - 1 - index) * input.cooldownMs;

  return Number.isFinite(remaining) ? Math.max(0, Math.round(remaining)) : null;
}

function referenceLevel(input: EtaInput, index: number): { wallMs: number; concurrency: number } | null {
  if (index > 0) {
    const wallMs = input.finishedWallMs[index - 1];
    return validTime(wallMs) ? { wallMs, concurrency: input.concurrency[index - 1] } : null;
  }
  const current = input.current;
  if (current === null || current.total === null || current.done <= 0 || !validTime(current.elapsedMs)) return null;
  return { wallMs: (current.elapsedMs * current.total) / current.done, concurrency: input.concurrency[index] };
}

function currentLevelRemaining(input: EtaInput, projectedWall: number | null): number | null {
  const current = input.current;
  if (current === null || !validTime(current.elapsedMs)) return null;
  if (input.mode === 'sustained' && input.durationMs !== undefined) {
    return Math.max(0, input.durationMs - current.elapsedMs);
  }
  if (current.total !== null && current.done >= current.total) return 0;
  if (current.total !== null && current.done > 0) {
    return (current.elapsedMs * (current.total - current.done)) / current.done;
  }
  return projectedWall === null ? null : Math.max(0, projectedWall - current.elapsedMs);
}

function validTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0;
}
