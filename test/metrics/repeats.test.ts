import { describe, expect, it } from 'vitest';
import type { LevelSummary, Stats, StatsWithTail } from '../../common/results.js';
import { compareRepeats, repeatStats, summarizeRepeats, welchTest } from '../../main/metrics/repeats.js';

/** |actual − expected| ≤ rel · |expected| (reference values: numpy/scipy). */
function expectClose(actual: number | null | undefined, expected: number, rel = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('repeatStats: mean, 95 % CI (Student t, n − 1 df), CV', () => {
  it('five repeats: 10, 12, 11, 13, 9', () => {
    // mean 11, sample sd √2.5, half width t(0.975, 4) · sd / √5 = 2.7764451 · 0.7071068
    const s = repeatStats([10, 12, 11, 13, 9])!;
    expect(s.n).toBe(5);
    expect(s.mean).toBe(11);
    expectClose(s.stddev, 1.5811388300841898);
    expectClose(s.ci95?.low, 9.036756838522443);
    expectClose(s.ci95?.high, 12.963243161477557);
    expectClose(s.cv, 0.14373989364401726);
  });

  it('three repeats of a throughput: 100.5, 98.25, 101.75', () => {
    const s = repeatStats([100.5, 98.25, 101.75])!;
    expectClose(s.mean, 100.16666666666667);
    expectClose(s.ci95?.low, 95.760676506924);
    expectClose(s.ci95?.high, 104.57265682640934);
    expectClose(s.cv, 0.01770698556887917);
  });

  it('one repeat: the value, no interval; no repeats: null; a zero mean has no CV', () => {
    expect(repeatStats([7])).toEqual({ n: 1, mean: 7, stddev: 0, ci95: null, cv: 0 });
    expect(repeatStats([])).toBeNull();
    expect(repeatStats([0, 0])?.cv).toBeNull();
    expect(() => repeatStats([1, Number.NaN])).toThrow(RangeError);
  });
});

describe("welchTest (scipy.stats.ttest_ind(b, a, equal_var=False))", () => {
  it('a clear difference lies outside the noise', () => {
    const test = welchTest([10, 12, 11, 13, 9], [14, 15, 13, 16, 17])!;
    expect(test).toMatchObject({ test: 'welch-t', nA: 5, nB: 5, meanA: 11, meanB: 15, difference: 4, outsideNoise: true });
    expectClose(test.t, 4);
    expectClose(test.df, 8);
    expectClose(test.pValue, 0.003949772803445323, 1e-10);
    expectClose(test.ci95.low, 1.6939958647958342);
    expectClose(test.ci95.high, 6.306004135204166);
  });

  it('a small difference with unequal spreads stays inside the noise (fractional df)', () => {
    const test = welchTest([10, 12, 11, 13, 9], [11, 12, 10, 13, 12.5])!;
    expect(test.outsideNoise).toBe(false);
    expectClose(test.t, 0.7875615306482159);
    expectClose(test.df, 7.472014366956002);
    expectClose(test.pValue, 0.4552065640862878, 1e-10);
    expectClose(test.ci95.low, -1.375106696955334);
    expectClose(test.ci95.high, 2.7751066969553326);
  });

  it('one side without spread: df is the other side’s n − 1', () => {
    const test = welchTest([1, 2, 3], [2, 2, 2, 2])!;
    expect(test.t).toBe(0);
    expect(test.pValue).toBe(1);
    expectClose(test.df, 2);
    expectClose(test.ci95.high, 2.48413771175033);
  });

  it('neither side varies: any difference is outside the noise, none is inside', () => {
    expect(welchTest([5, 5], [6, 6, 6])).toMatchObject({ difference: 1, t: Number.POSITIVE_INFINITY, pValue: 0, df: 3, outsideNoise: true });
    expect(welchTest([5, 5], [5, 5])).toMatchObject({ difference: 0, t: 0, pValue: 1, outsideNoise: false });
  });

  it('needs two repeats on each side', () => {
    expect(welchTest([1], [2, 3])).toBeNull();
    expect(welchTest([1, 2], [3])).toBeNull();
  });
});

const stats = (p50: number, p95: number): Stats => ({ mean: p50, min: p50, max: p95, p50, p90: p95, p95, p99: p95, stddev: 0 });
const tail = (p50: number, p5: number): StatsWithTail => ({ ...stats(p50, p50), p5, p1: p5 });

function level(over: Partial<LevelSummary>): LevelSummary {
  return {
    concurrency: 4,
    mode: 'burst',
    requests: 10,
    ok: 10,
    errors: 0,
    errorsByKind: {},
    startedAt: 0,
    endedAt: 2000,
    wallMs: 2000,
    outputTokensTotal: 1000,
    throughputTokensPerSecond: 500,
    ttftMs: stats(100, 200),
    firstAnswerMs: null,
    tokensPerSecond: tail(30, 20),
    e2eMs: stats(1000, 1500),
    outputTokens: null,
    queueMs: null,
    itlP99Ms: null,
    serverTokensPerSecond: null,
    ...over,
  };
}

describe('summarizeRepeats / compareRepeats over level summaries', () => {
  it('reads each headline figure from each repeat', () => {
    const repeats = [
      level({ throughputTokensPerSecond: 500, ok: 10, wallMs: 2000, ttftMs: stats(100, 200) }),
      level({ throughputTokensPerSecond: 520, ok: 9, requests: 10, errors: 1, wallMs: 1800, ttftMs: stats(110, 260) }),
      level({ throughputTokensPerSecond: 480, ok: 10, wallMs: 2500, ttftMs: stats(90, 230) }),
    ];
    const figures = summarizeRepeats(repeats);
    expect(figures.throughputTokensPerSecond?.mean).toBe(500);
    expect(figures.throughputTokensPerSecond?.n).toBe(3);
    expect(figures.ttftP95Ms?.mean).toBeCloseTo(230, 12);
    expect(figures.ttftP50Ms?.mean).toBeCloseTo(100, 12);
    // requests/s = ok / wall: 5, 5, 4
    expect(figures.requestsPerSecond?.mean).toBeCloseTo(14 / 3, 12);
    expect(figures.errorRate?.mean).toBeCloseTo(1 / 30, 12);
    expect(figures.tokensPerSecondP5?.mean).toBe(20);
    expect(figures.e2eP95Ms?.mean).toBe(1500);
  });

  it('leaves out a repeat that lacks a figure (no ok request has no TTFT)', () => {
    const figures = summarizeRepeats([level({}), level({ ok: 0, errors: 10, ttftMs: null, tokensPerSecond: null, e2eMs: null })]);
    expect(figures.ttftP95Ms?.n).toBe(1);
    expect(figures.errorRate?.n).toBe(2);
    expect(figures.errorRate?.mean).toBe(0.5);
  });

  it('compares two runs figure by figure', () => {
    const a = [500, 510, 490].map((t) => level({ throughputTokensPerSecond: t }));
    const b = [600, 590, 610].map((t) => level({ throughputTokensPerSecond: t }));
    const result = compareRepeats(a, b);
    expect(result.throughputTokensPerSecond?.outsideNoise).toBe(true);
    expect(result.throughputTokensPerSecond?.difference).toBe(100);
    // identical elsewhere: no spread, no difference
    expect(result.ttftP95Ms?.outsideNoise).toBe(false);
    expect(compareRepeats(a.slice(0, 1), b).throughputTokensPerSecond).toBeNull();
  });
});
