// Arrival schedules for request-rate levels (`--mode rate --rate R --arrivals poisson|constant --seed N`):
// when each request of a level is due, as ms offsets from the level's start. Pure: a schedule depends
// only on its plan, so `--seed` replays a level exactly. The pacer (pacer.ts) turns offsets into starts.

import type { ArrivalProcess } from '../../common/run-config.js';

export interface ArrivalPlan {
  /** Requests per second, > 0. */
  rate: number;
  arrivals: ArrivalProcess;
  /** 32-bit unsigned integer; the same seed gives the same Poisson schedule (ignored by `constant`). */
  seed: number;
  /** At most this many requests … */
  count?: number;
  /** … and only those due strictly before this many ms. At least one of the two is required. */
  durationMs?: number;
}

/**
 * Ascending due times, ms from the level's start. Both processes put the first request at 0: the level's
 * window (and so its wall time) begins with its first request, so a random lead-in would be idle time
 * that no figure sees.
 * - constant: offset_k = k · 1000 / rate.
 * - poisson: offset_0 = 0, offset_k = offset_{k−1} + gap, gaps independent exponential draws with mean
 *   1000 / rate (gap = −ln(1 − u) · 1000 / rate, u uniform in [0, 1) from `createRandom(seed)`).
 *   Gaps are not rescaled afterwards (vLLM's bench rescales so the last arrival lands on count / rate;
 *   that conditions the process and makes the gaps no longer exponential).
 */
export function arrivalOffsets(plan: ArrivalPlan): number[] {
  const { rate, arrivals, count, durationMs } = plan;
  if (!(rate > 0 && Number.isFinite(rate))) throw new RangeError(`arrival rate must be a positive number, got ${rate}`);
  if (count === undefined && durationMs === undefined) throw new RangeError('an arrival schedule needs a count or a duration');
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) throw new RangeError(`request count must be a whole number ≥ 0, got ${count}`);
  if (durationMs !== undefined && !(durationMs > 0 && Number.isFinite(durationMs))) {
    throw new RangeError(`duration must be a positive number of ms, got ${durationMs}`);
  }
  const limit = count ?? Number.POSITIVE_INFINITY;
  const end = durationMs ?? Number.POSITIVE_INFINITY;
  const meanGapMs = 1000 / rate;
  const offsets: number[] = [];

  if (arrivals === 'constant') {
    for (let k = 0; k < limit; k++) {
      const at = (k * 1000) / rate;
      if (at >= end) break;
      offsets.push(at);
    }
    return offsets;
  }

  const random = createRandom(plan.seed);
  let at = 0;
  while (offsets.length < limit && at < end) {
    offsets.push(at);
    at += -Math.log1p(-random()) * meanGapMs;
  }
  return offsets;
}

/**
 * A seeded uniform generator on [0, 1) with 53 random bits per draw (two 32-bit outputs).
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counter, 128-bit state, passes PractRand and
 * BigCrush), its state filled from the seed by splitmix32 so that nearby seeds give unrelated streams,
 * and its first 12 outputs discarded as sfc32's author recommends. No dependency, same numbers on every
 * platform (32-bit integer arithmetic only).
 */
export function createRandom(seed: number): () => number {
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff)) {
    throw new RangeError(`seed must be a whole number from 0 to 4294967295, got ${seed}`);
  }
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return () => ((next() >>> 5) * 67_108_864 + (next() >>> 6)) / 9_007_199_254_740_992;
}

/** splitmix32: a stream of well-mixed 32-bit words from one 32-bit seed (to seed sfc32). */
function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e37_79b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0_aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a_2d97);
    return (z ^ (z >>> 15)) | 0;
  };
}

/**
 * A seed for one part of a run (e.g. repeat r, level l) derived from the run's seed, so one `--seed`
 * replays the whole run while each level draws its own schedule: deriveSeed(seed, r, l).
 * FNV-1a over the 32-bit words, then splitmix32's finaliser; the result is a valid `seed`.
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = 0x811c_9dc5;
  for (const word of [seed, ...parts]) {
    if (!(Number.isInteger(word) && word >= 0 && word <= 0xffff_ffff)) {
      throw new RangeError(`seed parts must be whole numbers from 0 to 4294967295, got ${word}`);
    }
    for (let shift = 0; shift < 32; shift += 8) h = Math.imul(h ^ ((word >>> shift) & 0xff), 0x0100_0193);
  }
  return splitmix32(h)() >>> 0;
}
