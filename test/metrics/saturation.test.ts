import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../common/results.js';
import { detectSaturation, type ScheduledRequest } from '../../main/metrics/saturation.js';

const T0 = 1_700_000_000_000; // epoch ms: the fit must not care where the level started

/** Request i of a 1 request/s constant schedule with the given TTFT and client queue time. */
function req(i: number, ttftMs: number, clientQueueMs = 0): ScheduledRequest {
  return { status: 'ok', error: null, ttftMs, scheduledAt: T0 + i * 1000, clientQueueMs };
}

function failed(i: number, kind: ErrorKind): ScheduledRequest {
  return { status: 'error', error: { kind, message: kind }, ttftMs: null, scheduledAt: T0 + i * 1000, clientQueueMs: 0 };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('detectSaturation', () => {
  it('a steady wait is not saturation', () => {
    const finding = detectSaturation(range(20).map((i) => req(i, i % 2 ? 120 : 100)), { rate: 1 });
    expect(finding.saturated).toBe(false);
    expect(finding.reasons).toEqual([]);
    expect(finding.fitted).toBe(20);
    expect(Math.abs(finding.waitSlopeMsPerS!)).toBeLessThan(1);
    expect(finding.lateShare).toBe(0);
    expect(finding.failedShare).toBe(0);
  });

  it('TTFT growing 200 ms per second of schedule: wait-grows, growth = slope × span', () => {
    const finding = detectSaturation(range(20).map((i) => req(i, 100 + 200 * i)), { rate: 1 });
    expect(finding).toMatchObject({ saturated: true, reasons: ['wait-grows'], fitted: 20 });
    expect(finding.waitSlopeMsPerS).toBeCloseTo(200, 9);
    expect(finding.waitSlopeLowMsPerS).toBeCloseTo(200, 9); // no scatter: the bound is the slope
    expect(finding.waitGrowthMs).toBeCloseTo(3800, 9); // 200 ms/s over 19 s
  });

  it('with scatter: slope 200.606…, one-sided 95 % lower bound 198.352… (scipy linregress)', () => {
    const finding = detectSaturation(range(10).map((i) => req(i, 100 + 200 * i + (i % 2 ? 10 : -10))), { rate: 1 });
    expect(finding.waitSlopeMsPerS).toBeCloseTo(200.6060606060606, 9);
    expect(finding.waitSlopeLowMsPerS).toBeCloseTo(198.35206298481154, 9);
    expect(finding.waitGrowthMs).toBeCloseTo(1805.4545454545453, 9);
    expect(finding.reasons).toEqual(['wait-grows']);
  });

  it('growth too slow to matter: 30 ms per second stays below the 50 ms/s limit', () => {
    const finding = detectSaturation(range(20).map((i) => req(i, 100 + 30 * i)), { rate: 1 });
    expect(finding.waitSlopeMsPerS).toBeCloseTo(30, 9);
    expect(finding.saturated).toBe(false);
  });

  it('a steep slope that scatter makes indistinguishable from 0 is not saturation', () => {
    // slope 150.9 ms/s but lower bound −187.2: alternating 3 s outliers
    const finding = detectSaturation(range(10).map((i) => req(i, 100 + 60 * i + (i % 2 ? 3000 : 0))), { rate: 1 });
    expect(finding.waitSlopeMsPerS).toBeCloseTo(150.9090909090909, 9);
    expect(finding.waitSlopeLowMsPerS).toBeCloseTo(-187.19055227834494, 9);
    expect(finding.saturated).toBe(false);
  });

  it('a backlog behind the concurrency cap counts: client queue grows while TTFT stays flat', () => {
    // client queue 150 ms more per request; beyond one gap (1000 ms) from request 7 on: 13 of 20 late
    const finding = detectSaturation(range(20).map((i) => req(i, 100, 150 * i)), { rate: 1 });
    expect(finding.reasons).toEqual(['wait-grows', 'late-starts']);
    expect(finding.waitSlopeMsPerS).toBeCloseTo(150, 9);
    expect(finding.lateShare).toBe(13 / 20);
  });

  it('late-starts alone: a tenth of the requests started more than one mean gap (100 ms at 10/s) late', () => {
    const records = range(20).map((i) => ({ ...req(i, 100, i < 2 ? 101 : 0), scheduledAt: T0 + i * 100 }));
    expect(detectSaturation(records, { rate: 10 })).toMatchObject({ saturated: true, reasons: ['late-starts'], lateShare: 0.1 });
    expect(detectSaturation(records.slice(1), { rate: 10 }).saturated).toBe(false); // 1 of 19
  });

  it('requests-fail: 2 of 10 failed; cancelled requests count nowhere', () => {
    const records = [...range(8).map((i) => req(i, 100)), failed(8, 'http'), failed(9, 'timeout')];
    expect(detectSaturation(records, { rate: 1 })).toMatchObject({ reasons: ['requests-fail'], failedShare: 0.2 });
    const cancelled = [...range(8).map((i) => req(i, 100)), failed(8, 'cancelled'), failed(9, 'cancelled')];
    expect(detectSaturation(cancelled, { rate: 1 })).toMatchObject({ saturated: false, failedShare: 0 });
  });

  it('requests the deadline skipped count as failed', () => {
    const finding = detectSaturation(range(9).map((i) => req(i, 100)), { rate: 1, notStarted: 1 });
    expect(finding).toMatchObject({ reasons: ['requests-fail'], failedShare: 0.1 });
  });

  it('too few ok requests fit no trend, the other criteria still hold', () => {
    const finding = detectSaturation([...range(7).map((i) => req(i, 100 + 500 * i)), failed(7, 'http')], { rate: 1 });
    expect(finding).toMatchObject({ fitted: 0, waitSlopeMsPerS: null, waitSlopeLowMsPerS: null, waitGrowthMs: null });
    expect(finding.reasons).toEqual(['requests-fail']);
  });

  it('an empty level has no shares and is not saturated', () => {
    expect(detectSaturation([], { rate: 1 })).toEqual({
      saturated: false,
      reasons: [],
      fitted: 0,
      waitSlopeMsPerS: null,
      waitSlopeLowMsPerS: null,
      waitGrowthMs: null,
      lateShare: null,
      failedShare: null,
    });
    expect(() => detectSaturation([], { rate: 0 })).toThrow(RangeError);
  });
});
