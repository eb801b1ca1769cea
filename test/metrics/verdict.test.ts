import { describe, expect, it } from 'vitest';
import { computeVerdict, judgeLevel } from '../../main/metrics/verdict.js';
import { DEFAULT_THRESHOLDS } from '../../common/findings.js';
import type { EnergySummary, LevelSummary } from '../../common/results.js';
import { level, stats, tail } from '../report/sample-run.js';

/** A level whose TTFT p95 is `waitS` seconds and whose t/s p5 is `p5`. */
function at(concurrency: number, waitS: number, p5: number, extra: Partial<LevelSummary> = {}): LevelSummary {
  return level(concurrency, { ttftMs: stats(waitS * 500, waitS * 1000, waitS * 1100), tokensPerSecond: tail(p5 * 1.2, p5, p5 * 0.9), ...extra });
}

function energy(joulesPerToken: number): EnergySummary {
  return { joules: joulesPerToken * 1000, watts: 30, joulesPerToken, tokensPerJoule: 1 / joulesPerToken, source: 'macmon', samples: 10 };
}

describe('computeVerdict', () => {
  const cases: Array<[string, LevelSummary[], [number | null, number | null, number | null]]> = [
    ['all levels meet both', [at(1, 0.5, 50), at(2, 1, 40), at(4, 2, 30)], [4, 4, 4]],
    ['speed fails first, wait later', [at(1, 0.5, 50), at(2, 1, 25), at(4, 2, 15), at(8, 12, 10)], [4, 2, 2]],
    ['wait fails first, speed later', [at(1, 0.5, 50), at(2, 11, 40), at(4, 22, 19)], [1, 2, 1]],
    ['nothing meets either', [at(1, 20, 5)], [null, null, null]],
    ['the boundary values meet (≤ wait, ≥ speed)', [at(1, 10, 20)], [1, 1, 1]],
    // A level past a failing one does not count: "up to N" must hold at every smaller load.
    ['a passing level after a failing one is not counted', [at(1, 0.5, 50), at(2, 11, 50), at(4, 1, 50)], [1, 4, 1]],
    ['levels are judged in increasing order whatever the input order', [at(4, 20, 10), at(1, 0.5, 50), at(2, 1, 40)], [2, 2, 2]],
    ['a level with errors meets neither', [at(1, 0.5, 50), at(2, 1, 40, { errors: 1, ok: 1, errorsByKind: { http: 1 } })], [1, 1, 1]],
    ['a level without ok requests meets neither', [at(1, 0.5, 50), at(2, 1, 40, { ok: 0, errors: 2, ttftMs: null, tokensPerSecond: null })], [1, 1, 1]],
    ['no levels', [], [null, null, null]],
    // A level cut short (killed or cancelled run) is not judged, and the count stops before it.
    ['a level of a killed run is not judged', [at(1, 0.5, 50), at(2, 1, 40), at(4, 1, 40, { requests: 2, ok: 2, interrupted: { sent: 4, lost: 2 } })], [2, 2, 2]],
    ['a level with cancelled requests is not judged', [at(1, 0.5, 50), at(2, 1, 40, { ok: 1, errors: 1, errorsByKind: { cancelled: 1 } })], [1, 1, 1]],
  ];
  it.each(cases)('%s', (_name, levels, [wait, speed, both]) => {
    const v = computeVerdict(levels);
    expect([v.maxConcurrencyForWait, v.maxConcurrencyForSpeed, v.maxConcurrencyForBoth]).toEqual([wait, speed, both]);
  });

  it('uses the thresholds given, default wait ≤ 10 s and speed ≥ 20 t/s', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ maxWaitMs: 10_000, minTokensPerSecond: 20 });
    const levels = [at(1, 0.5, 50), at(2, 3, 30), at(4, 6, 25)];
    const strict = computeVerdict(levels, { maxWaitMs: 2_000, minTokensPerSecond: 28 });
    expect([strict.maxConcurrencyForWait, strict.maxConcurrencyForSpeed, strict.maxConcurrencyForBoth]).toEqual([1, 2, 1]);
    expect(strict.thresholds).toEqual({ maxWaitMs: 2_000, minTokensPerSecond: 28 });
  });

  it('judges the wait at TTFT p95 and the speed at the slow tail p5, not the means', () => {
    // Mean wait 4 s is fine, p95 12 s is not; mean speed 30 t/s is fine, p5 15 t/s is not.
    const l = level(1, { ttftMs: stats(4_000, 12_000, 13_000), tokensPerSecond: tail(30, 15, 14) });
    expect(judgeLevel(l, DEFAULT_THRESHOLDS)).toMatchObject({ waitMs: 12_000, tokensPerSecond: 15, meetsWait: false, meetsSpeed: false });
  });

  it('energy: the level meeting both, and the most efficient level', () => {
    const v = computeVerdict([at(1, 0.5, 50, { energy: energy(0.5) }), at(2, 1, 40, { energy: energy(0.3) }), at(4, 20, 10, { energy: energy(0.2) })]);
    expect(v.maxConcurrencyForBoth).toBe(2);
    expect(v.energyAtBoth?.joulesPerToken).toBe(0.3);
    expect(v.mostEfficient).toEqual({ concurrency: 4, joulesPerToken: 0.2 });
  });

  it('energy is null, not zero, without power samples', () => {
    const v = computeVerdict([at(1, 0.5, 50), at(2, 1, 40, { energy: null })]);
    expect(v.energyAtBoth).toBeNull();
    expect(v.mostEfficient).toBeNull();
  });
});

describe('judgeLevel of a level cut short', () => {
  it('says why it is not judged; cancelled requests are not counted as errors', () => {
    expect(judgeLevel(at(4, 1, 40, { ok: 2, errors: 2, errorsByKind: { cancelled: 2 } }), DEFAULT_THRESHOLDS)).toMatchObject({
      errors: 0,
      meetsWait: false,
      meetsSpeed: false,
      notJudged: 'the run was cancelled during it: 2 of 4 requests cancelled',
    });
    expect(judgeLevel(at(4, 1, 40, { requests: 3, ok: 2, errors: 1, errorsByKind: { http: 1 }, interrupted: { sent: null, lost: null } }), DEFAULT_THRESHOLDS)).toMatchObject({
      errors: 1,
      notJudged: 'the run was killed during it: 3 finished, how many were sent is not recorded',
    });
    expect(judgeLevel(at(4, 1, 40), DEFAULT_THRESHOLDS).notJudged).toBeNull();
  });
});
