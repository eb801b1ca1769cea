import { describe, expect, it } from 'vitest';
import { arrivalOffsets, createRandom, deriveSeed } from '../../main/engine/arrivals.js';
import { gapStats } from '../../main/metrics/arrival-gaps.js';

describe('createRandom (sfc32 seeded by splitmix32, 53-bit doubles)', () => {
  it('draws the same numbers as an independent implementation for seed 42', () => {
    // Reference: a Python transcription of splitmix32 → sfc32 (12 discarded) → (hi>>>5·2^26 + lo>>>6)/2^53.
    const random = createRandom(42);
    expect([random(), random(), random()]).toEqual([0.890780191354953, 0.3220651388711815, 0.65120693289834375]);
  });

  it('gives different streams for neighbouring seeds and the same stream for the same seed', () => {
    const a = createRandom(1);
    const b = createRandom(2);
    const again = createRandom(1);
    const first = [a(), a(), a()];
    expect([again(), again(), again()]).toEqual(first);
    expect([b(), b(), b()]).not.toEqual(first);
  });

  it('stays in [0, 1)', () => {
    const random = createRandom(0);
    const draws = Array.from({ length: 10_000 }, random);
    expect(draws.every((u) => u >= 0 && u < 1)).toBe(true);
  });

  it.each([-1, 1.5, 2 ** 32, Number.NaN])('rejects seed %s', (seed) => {
    expect(() => createRandom(seed)).toThrow(RangeError);
  });
});

describe('arrivalOffsets', () => {
  it('constant: k · 1000 / rate from 0', () => {
    expect(arrivalOffsets({ rate: 4, arrivals: 'constant', seed: 1, count: 5 })).toEqual([0, 250, 500, 750, 1000]);
    // 3 per second: computed as k·1000/3, so 1000 and 2000 land exactly
    expect(arrivalOffsets({ rate: 3, arrivals: 'constant', seed: 1, count: 7 })).toEqual([
      0, 1000 / 3, 2000 / 3, 1000, 4000 / 3, 5000 / 3, 2000,
    ]);
  });

  it('constant with a duration: only offsets strictly before it', () => {
    expect(arrivalOffsets({ rate: 2, arrivals: 'constant', seed: 1, durationMs: 2000 })).toEqual([0, 500, 1000, 1500]);
    expect(arrivalOffsets({ rate: 2, arrivals: 'constant', seed: 1, durationMs: 2001 })).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('poisson, seed 42, 2 requests/s: exact offsets (matches the Python reference)', () => {
    expect(arrivalOffsets({ rate: 2, arrivals: 'poisson', seed: 42, count: 6 })).toEqual([
      0, 1107.1964171367586, 1301.5484524810006, 1828.186684267795, 1998.940196847669, 2329.753355570088,
    ]);
  });

  it('poisson: the same seed gives the same schedule, another seed another one', () => {
    const plan = { rate: 5, arrivals: 'poisson' as const, seed: 123, durationMs: 10_000 };
    expect(arrivalOffsets(plan)).toEqual(arrivalOffsets(plan));
    expect(arrivalOffsets({ ...plan, seed: 124 })).not.toEqual(arrivalOffsets(plan));
  });

  it('poisson: count and duration together stop at whichever comes first', () => {
    const all = arrivalOffsets({ rate: 2, arrivals: 'poisson', seed: 42, count: 6 });
    expect(arrivalOffsets({ rate: 2, arrivals: 'poisson', seed: 42, count: 6, durationMs: 1900 })).toEqual(all.slice(0, 4));
    expect(arrivalOffsets({ rate: 2, arrivals: 'poisson', seed: 42, count: 3, durationMs: 1e9 })).toEqual(all.slice(0, 3));
  });

  it('poisson over 100,000 gaps at 4 requests/s: mean gap 250 ms within 4 standard errors, CV ≈ 1', () => {
    const offsets = arrivalOffsets({ rate: 4, arrivals: 'poisson', seed: 7, count: 100_001 });
    const stats = gapStats(offsets);
    // Deterministic given the seed, so the exact figures are pinned …
    expect(stats).toEqual({ gaps: 100_000, meanGapMs: 250.57397639201514, cv: 0.9996829999714554 });
    // … and they are what an exponential(mean 250 ms) sample should give: standard error of the mean
    // is 250/√100000 = 0.79 ms; the CV of an exponential is 1 (its standard deviation equals its mean).
    expect(Math.abs(stats!.meanGapMs - 250)).toBeLessThan(4 * (250 / Math.sqrt(100_000)));
    expect(Math.abs(stats!.cv! - 1)).toBeLessThan(0.02);
    expect(offsets.every((at, i) => i === 0 || at > offsets[i - 1])).toBe(true);
  });

  it('constant: CV 0', () => {
    const stats = gapStats(arrivalOffsets({ rate: 4, arrivals: 'constant', seed: 7, count: 1000 }));
    expect(stats?.meanGapMs).toBeCloseTo(250, 9);
    expect(stats?.cv).toBeCloseTo(0, 9);
  });

  it('a zero count is an empty schedule', () => {
    expect(arrivalOffsets({ rate: 1, arrivals: 'poisson', seed: 1, count: 0 })).toEqual([]);
  });

  it.each([
    { plan: { rate: 0, arrivals: 'poisson' as const, seed: 1, count: 1 } },
    { plan: { rate: Number.POSITIVE_INFINITY, arrivals: 'poisson' as const, seed: 1, count: 1 } },
    { plan: { rate: 1, arrivals: 'poisson' as const, seed: 1 } },
    { plan: { rate: 1, arrivals: 'constant' as const, seed: 1, count: 1.5 } },
    { plan: { rate: 1, arrivals: 'constant' as const, seed: 1, durationMs: 0 } },
  ])('rejects $plan', ({ plan }) => {
    expect(() => arrivalOffsets(plan)).toThrow(RangeError);
  });
});

describe('deriveSeed', () => {
  it('is a pure function of its parts, order included, and gives a valid seed', () => {
    expect(deriveSeed(42, 1, 2)).toBe(489902910);
    expect(deriveSeed(42, 2, 1)).toBe(2079448505);
    expect(deriveSeed(42, 1, 2)).toBe(deriveSeed(42, 1, 2));
    expect(() => createRandom(deriveSeed(0xffff_ffff, 7))).not.toThrow();
  });

  it('rejects parts that are not 32-bit whole numbers', () => {
    expect(() => deriveSeed(1, -1)).toThrow(RangeError);
  });
});

describe('gapStats', () => {
  it('exact figures for a small sequence: gaps 1, 3 → mean 2, population sd 1, CV 0.5', () => {
    expect(gapStats([10, 11, 14])).toEqual({ gaps: 2, meanGapMs: 2, cv: 0.5 });
  });

  it('null with fewer than two times; CV null when all times coincide', () => {
    expect(gapStats([5])).toBeNull();
    expect(gapStats([5, 5, 5])).toEqual({ gaps: 2, meanGapMs: 0, cv: null });
  });
});
