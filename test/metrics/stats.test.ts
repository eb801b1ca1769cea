import { describe, expect, it } from 'vitest';
import { computeStats, computeStatsWithTail, itlStats, percentile } from '../../main/metrics/stats.js';

describe('percentile (numpy default: h = (n−1)·p/100, interpolate s[⌊h⌋]..s[⌊h⌋+1])', () => {
  it.each([
    // [1,2,3,4]: h = 3p/100
    { values: [1, 2, 3, 4], p: 0, expected: 1 },
    { values: [1, 2, 3, 4], p: 25, expected: 1.75 }, // h=0.75 → 1 + 0.75·1
    { values: [1, 2, 3, 4], p: 50, expected: 2.5 }, // h=1.5 → 2 + 0.5·1
    { values: [1, 2, 3, 4], p: 90, expected: 3.7 }, // h=2.7 → 3 + 0.7·1
    { values: [1, 2, 3, 4], p: 99, expected: 3.97 }, // h=2.97 → 3 + 0.97·1
    { values: [1, 2, 3, 4], p: 100, expected: 4 },
    // [15,20,35,40,50]: h = 4p/100
    { values: [15, 20, 35, 40, 50], p: 1, expected: 15.2 }, // h=0.04 → 15 + 0.04·5
    { values: [15, 20, 35, 40, 50], p: 5, expected: 16 }, // h=0.2 → 15 + 0.2·5
    { values: [15, 20, 35, 40, 50], p: 40, expected: 29 }, // h=1.6 → 20 + 0.6·15
    { values: [15, 20, 35, 40, 50], p: 50, expected: 35 }, // h=2 exactly
    { values: [15, 20, 35, 40, 50], p: 95, expected: 48 }, // h=3.8 → 40 + 0.8·10
    // two values: h = p/100
    { values: [10, 20], p: 1, expected: 10.1 },
    { values: [10, 20], p: 50, expected: 15 },
    { values: [10, 20], p: 99, expected: 19.9 },
    // one value: every percentile is that value
    { values: [7], p: 0, expected: 7 },
    { values: [7], p: 99, expected: 7 },
  ])('p$p of $values = $expected', ({ values, p, expected }) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });

  it('reads typed arrays too', () => {
    expect(percentile(Float64Array.from([1, 2, 3, 4]), 90)).toBeCloseTo(3.7, 10);
  });

  it.each([
    { values: [], p: 50 },
    { values: [1], p: -1 },
    { values: [1], p: 101 },
    { values: [1], p: Number.NaN },
  ])('rejects p=$p of $values', ({ values, p }) => {
    expect(() => percentile(values, p)).toThrow(RangeError);
  });
});

describe('computeStats', () => {
  it('is null for no values', () => {
    expect(computeStats([])).toBeNull();
    expect(computeStatsWithTail([])).toBeNull();
  });

  it('sorts unsorted input itself and leaves the input untouched', () => {
    const input = [4, 1, 3, 2];
    const s = computeStats(input);
    expect(input).toEqual([4, 1, 3, 2]);
    expect(s).not.toBeNull();
    if (!s) return;
    expect(s.mean).toBe(2.5);
    expect(s.min).toBe(1);
    expect(s.max).toBe(4);
    expect(s.p50).toBeCloseTo(2.5, 10);
    expect(s.p90).toBeCloseTo(3.7, 10);
    expect(s.p95).toBeCloseTo(3.85, 10); // h=2.85
    expect(s.p99).toBeCloseTo(3.97, 10);
    // sample stddev: Σ(x−2.5)² = 5, /3, √ → 1.2909944… (pandas std(); population would be 1.118…)
    expect(s.stddev).toBeCloseTo(1.2909944487358056, 12);
  });

  it('sorts numerically, not as strings', () => {
    const s = computeStats([100, 9, 25]);
    expect(s?.min).toBe(9);
    expect(s?.max).toBe(100);
    expect(s?.p50).toBe(25);
  });

  it('gives stddev 0 and every figure equal for a single value', () => {
    expect(computeStats([42])).toEqual({ mean: 42, min: 42, max: 42, p50: 42, p90: 42, p95: 42, p99: 42, stddev: 0 });
  });

  it('matches numpy on a five-value sample', () => {
    const s = computeStats([50, 15, 40, 20, 35]);
    expect(s?.mean).toBe(32);
    expect(s?.stddev).toBeCloseTo(14.404860290887934, 12); // √(830/4)
    expect(s?.p90).toBeCloseTo(46, 10); // h=3.6 → 40 + 0.6·10
  });

  it('adds the slow tail p5/p1 for higher-is-better metrics', () => {
    const s = computeStatsWithTail([50, 15, 40, 20, 35]);
    expect(s?.p5).toBeCloseTo(16, 10);
    expect(s?.p1).toBeCloseTo(15.2, 10);
    expect(s?.p50).toBe(35);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses a non-finite value (%s) instead of poisoning the level', (bad) => {
    expect(() => computeStats([1, bad, 3])).toThrow(RangeError);
  });
});

describe('itlStats', () => {
  it('takes gaps between consecutive offsets, so the first token wait is excluded', () => {
    // offsets 100,110,130,160,200 → gaps 10,20,30,40 (the 100 ms wait is not a gap)
    const itl = itlStats([100, 110, 130, 160, 200]);
    expect(itl?.p50).toBeCloseTo(25, 10);
    expect(itl?.p90).toBeCloseTo(37, 10); // h=2.7 → 30 + 0.7·10
    expect(itl?.p99).toBeCloseTo(39.7, 10); // h=2.97
    expect(itl?.max).toBe(40);
  });

  it('handles out-of-order gap sizes', () => {
    // gaps 50, 1, 9
    expect(itlStats([0, 50, 51, 60])).toEqual({ p50: 9, p90: expect.closeTo(41.8, 10), p99: expect.closeTo(49.18, 10), max: 50 });
  });

  it('has one gap for two offsets', () => {
    expect(itlStats([5, 12.5])).toEqual({ p50: 7.5, p90: 7.5, p99: 7.5, max: 7.5 });
  });

  it.each([[[]], [[3]]])('is null with fewer than 2 offsets: %j', (offsets) => {
    expect(itlStats(offsets)).toBeNull();
  });
});
