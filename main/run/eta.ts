import { DEFAULT_SWEEP_RATES } from '../engine/sweep.js';
import type { LoadMode } from '../../common/run-config.js';

/** Where a run stands, as far as the time left is concerned. */
export interface EtaInput {
  mode: LoadMode;
  /** Every level's concurrency, in run order (one repeat of the plan). */
  concurrency: readonly number[];
  /** Wall time (ms) of each finished level, in run order; its length is the index of the current level. */
  finishedWallMs: readonly number[];
  /** The level in progress, or null between levels (during a cooldown, or before the first level). */
  current: { elapsedMs: number; done: number; total: number | null } | null;
  /** Levels bounded by time (sustained, rate, sweep): each level's length, ms. */
  durationMs?: number;
  /** Pause after every level but the last, ms. */
  cooldownMs: number;
  /** When `current` is null after a level: how far into its cooldown we are, ms. */
  cooldownElapsedMs?: number;
  /** Rate mode: each level's rate (requests/s), in run order. */
  rates?: readonly number[];
  /** Levels bounded by count: requests per level (rate mode reads its schedule from it). */
  requests?: number;
  /** The plan runs this many times (`--repeat`); default 1. */
  repeats?: number;
}

/**
 * How a burst level's wall time grows with its concurrency before two levels have shown it: wall ∝
 * concurrency^0.5. Proportional growth (exponent 1) is right for a server that decodes one request at a
 * time and 4× too pessimistic at 8 parallel for one that decodes 4 at once — it read 0:37 for 11 s left;
 * no growth is the opposite mistake. The square root is at most √c off either way.
 */
export const DEFAULT_BURST_EXPONENT = 0.5;

/**
 * Milliseconds left in the run; null when nothing yet tells how long a level takes. Never negative.
 *
 * The model, deliberately simple:
 * - A level bounded by time (sustained, rate, sweep with `durationMs`) ends when its duration is up (the
 *   drain of the requests still in flight is not counted).
 * - A rate level bounded by count ends with its schedule: requests / rate.
 * - Otherwise the current level, once requests have finished, is extrapolated by the fraction done
 *   (elapsed × (total − done) / done). Before the first one finishes — all of a burst level until its
 *   end, nearly — it is projected like a future level, minus the time already spent.
 * - Future levels: the same level of an earlier repeat when there is one; else from a reference level —
 *   the last finished one, else the current one once it has a fraction done. Burst: its wall time ×
 *   (this level's concurrency / the reference's)^k, where k is read from the last two finished levels
 *   (how their wall times grew with concurrency, clamped to [0, 1]), DEFAULT_BURST_EXPONENT before two
 *   have finished. Sustained and sweep levels by count: the reference's wall time (a saturated server's
 *   throughput does not grow with concurrency).
 * - Plus every cooldown still ahead, and what is left of the current one.
 */
export function estimateEtaMs(input: EtaInput): number | null {
  const perRepeat = levelsPerRepeat(input);
  const levelCount = perRepeat * (input.repeats ?? 1);
  const index = input.finishedWallMs.length;
  if (index >= levelCount) return 0;

  const reference = referenceLevel(input, index, perRepeat);
  const exponent = burstExponent(input, index, perRepeat);
  const projected = (level: number): number | null => {
    const fixed = scheduledWallMs(input, level % perRepeat);
    if (fixed !== null) return fixed;
    const earlier = level - perRepeat;
    if (earlier >= 0 && earlier < index && validTime(input.finishedWallMs[earlier])) return input.finishedWallMs[earlier];
    if (reference === null) return null;
    if (input.mode !== 'burst') return reference.wallMs;
    return reference.wallMs * (concurrencyAt(input, level, perRepeat) / reference.concurrency) ** exponent;
  };

  let remaining = 0;
  let firstFuture = index;
  if (input.current !== null) {
    const current = currentLevelRemaining(input, index % perRepeat, projected(index));
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

/** Levels in one repeat of the plan; a sweep's most (it may stop early). */
function levelsPerRepeat(input: EtaInput): number {
  if (input.mode === 'rate') return input.rates?.length ?? 0;
  if (input.mode === 'sweep') return 2 + DEFAULT_SWEEP_RATES;
  return input.concurrency.length;
}

/** A level whose length the plan fixes: by duration, or a rate level's schedule; null otherwise. */
function scheduledWallMs(input: EtaInput, position: number): number | null {
  if (input.mode !== 'burst' && input.durationMs !== undefined) return input.durationMs;
  const rate = input.mode === 'rate' ? input.rates?.[position] : undefined;
  if (rate !== undefined && rate > 0 && input.requests !== undefined) return (input.requests / rate) * 1000;
  return null;
}

function concurrencyAt(input: EtaInput, level: number, perRepeat: number): number {
  return input.concurrency[level % perRepeat] ?? 1;
}

function referenceLevel(input: EtaInput, index: number, perRepeat: number): { wallMs: number; concurrency: number } | null {
  if (index > 0) {
    const wallMs = input.finishedWallMs[index - 1];
    return validTime(wallMs) ? { wallMs, concurrency: concurrencyAt(input, index - 1, perRepeat) } : null;
  }
  const current = input.current;
  if (current === null || current.total === null || current.done <= 0 || !validTime(current.elapsedMs)) return null;
  return { wallMs: (current.elapsedMs * current.total) / current.done, concurrency: concurrencyAt(input, index, perRepeat) };
}

/** How wall time grew with concurrency over the last two finished levels of different concurrency. */
function burstExponent(input: EtaInput, index: number, perRepeat: number): number {
  if (index < 2) return DEFAULT_BURST_EXPONENT;
  const [w1, w2] = [input.finishedWallMs[index - 2], input.finishedWallMs[index - 1]];
  const [c1, c2] = [concurrencyAt(input, index - 2, perRepeat), concurrencyAt(input, index - 1, perRepeat)];
  if (!(validTime(w1) && validTime(w2) && w1 > 0 && w2 > 0) || c1 === c2) return DEFAULT_BURST_EXPONENT;
  const k = Math.log(w2 / w1) / Math.log(c2 / c1);
  return Number.isFinite(k) ? Math.min(1, Math.max(0, k)) : DEFAULT_BURST_EXPONENT;
}

function currentLevelRemaining(input: EtaInput, position: number, projectedWall: number | null): number | null {
  const current = input.current;
  if (current === null || !validTime(current.elapsedMs)) return null;
  const scheduled = scheduledWallMs(input, position);
  if (scheduled !== null) return Math.max(0, scheduled - current.elapsedMs);
  if (current.total !== null && current.done >= current.total) return 0;
  if (current.total !== null && current.done > 0) {
    return (current.elapsedMs * (current.total - current.done)) / current.done;
  }
  return projectedWall === null ? null : Math.max(0, projectedWall - current.elapsedMs);
}

function validTime(ms: number | undefined): ms is number {
  return ms !== undefined && Number.isFinite(ms) && ms >= 0;
}
