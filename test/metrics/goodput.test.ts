import { describe, expect, it } from 'vitest';
import { levelRequestRate } from '../../common/level-figures.js';
import { missedObjectives, summarizeGoodput, type JudgedRequest } from '../../main/metrics/goodput.js';

function ok(ttftMs: number, itlP99: number | null, e2eMs: number, tokensPerSecond: number | null): JudgedRequest {
  return {
    status: 'ok',
    ttftMs,
    itlMs: itlP99 === null ? null : { p50: itlP99 / 2, p90: itlP99, p99: itlP99, max: itlP99 },
    e2eMs,
    tokensPerSecond,
  };
}

const failed: JudgedRequest = { status: 'error', ttftMs: null, itlMs: null, e2eMs: 500, tokensPerSecond: null };

const SLO = { ttftMs: 2000, itlMs: 100, e2eMs: 30_000, tokensPerSecond: 20 };

describe('missedObjectives', () => {
  it.each([
    { name: 'meets all', request: ok(1500, 80, 20_000, 25), missed: [] },
    { name: 'limits are inclusive', request: ok(2000, 100, 30_000, 20), missed: [] },
    { name: 'slow first token', request: ok(2500, 80, 20_000, 25), missed: ['ttft'] },
    { name: 'a stall: ITL p99 over the limit although the mean speed is fine', request: ok(1500, 400, 20_000, 25), missed: ['itl'] },
    { name: 'too long overall and too slow', request: ok(1500, 80, 45_000, 12), missed: ['e2e', 'tps'] },
    { name: 'one chunk: no ITL and no speed to judge', request: ok(1500, null, 1600, null), missed: [] },
    { name: 'an error misses every objective', request: failed, missed: ['ttft', 'itl', 'e2e', 'tps'] },
  ])('$name', ({ request, missed }) => {
    expect(missedObjectives(request, SLO)).toEqual(missed);
  });

  it('judges only the objectives the SLO names', () => {
    expect(missedObjectives(ok(9000, 900, 90_000, 1), { ttftMs: 10_000 })).toEqual([]);
    expect(missedObjectives(failed, { e2eMs: 1000 })).toEqual(['e2e']);
  });
});

describe('summarizeGoodput', () => {
  it('share of requests meeting every objective, and good requests per second of wall time', () => {
    const records = [
      ok(1500, 80, 20_000, 25), // good
      ok(1900, 90, 25_000, 30), // good
      ok(2500, 80, 20_000, 25), // ttft
      ok(1500, 400, 45_000, 25), // itl + e2e
      failed,
    ];
    expect(summarizeGoodput(records, 4000, SLO)).toEqual({
      slo: SLO,
      requests: 5,
      good: 2,
      goodShare: 0.4,
      goodputRequestsPerSecond: 0.5, // 2 good / 4 s
      missed: { ttft: 1, itl: 1, e2e: 1, tps: 0, error: 1 },
    });
  });

  it('a level without requests has no share and no goodput', () => {
    expect(summarizeGoodput([], 0, SLO)).toMatchObject({ requests: 0, good: 0, goodShare: null, goodputRequestsPerSecond: 0 });
  });
});

describe('levelRequestRate', () => {
  it('ok requests per second of the level’s wall time; 0 without wall time', () => {
    expect(levelRequestRate({ ok: 30, wallMs: 12_000 })).toBe(2.5);
    expect(levelRequestRate({ ok: 3, wallMs: 0 })).toBe(0);
  });
});
