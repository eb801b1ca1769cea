// Level summaries of load shapes, exact for hand-made records: the active window, the figures only a rate
// level has, the ITL histogram, repeats, a sweep's course, and the verdict over rates, sweeps and repeats.
import { describe, expect, it } from 'vitest';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import { activeWindow, okEndedBy, tokensInWindow } from '../../main/metrics/active-window.js';
import { itlHistogram, ITL_EDGES_MS } from '../../main/metrics/itl-histogram.js';
import { summarizeLevel, summarizeRun } from '../../main/metrics/level-summary.js';
import { buildRecord, type LevelTags } from '../../main/metrics/record.js';
import { repeatedLevels } from '../../main/metrics/repeats.js';
import { sweepOutcome } from '../../main/metrics/sweep-outcome.js';
import { computeVerdict } from '../../main/metrics/verdict.js';
import { level, stats, tail } from '../report/sample-run.js';

const T0 = 1_700_000_000_000;

/** A request started `startMs` after T0 whose `n` tokens arrive every `gapMs` after `ttftMs`; optionally scheduled. */
function request(index: number, startMs: number, ttftMs: number, n: number, gapMs: number, extra: { tags?: LevelTags; scheduledMs?: number; outputTokens?: number } = {}): RequestRecord {
  const offsets = Array.from({ length: n }, (_, i) => ttftMs + i * gapMs);
  return buildRecord(
    {
      level: extra.tags?.mode === 'rate' ? 0 : 2,
      index,
      startedAt: T0 + startMs,
      firstByteMs: ttftMs,
      pieces: offsets.map((_, i) => `t${i}`),
      pieceOffsetsMs: offsets,
      pieceKinds: 'a'.repeat(n),
      end: { kind: 'done', atMs: offsets[n - 1] + 1, counters: extra.outputTokens === undefined ? {} : { outputTokens: extra.outputTokens } },
      ...(extra.scheduledMs === undefined ? {} : { schedule: { scheduledAt: T0 + extra.scheduledMs, clientQueueMs: startMs - extra.scheduledMs } }),
    },
    extra.tags,
  );
}

describe('the active window', () => {
  it('is the wall time without a duration, the duration when the level drained after it, the wall time when cancelled earlier', () => {
    expect(activeWindow({ startedAt: T0, endedAt: T0 + 5000 })).toEqual({ ms: 5000, endAt: null });
    expect(activeWindow({ startedAt: T0, endedAt: T0 + 5000, durationMs: 3000 })).toEqual({ ms: 3000, endAt: T0 + 3000 });
    expect(activeWindow({ startedAt: T0, endedAt: T0 + 2000, durationMs: 3000 })).toEqual({ ms: 2000, endAt: null });
  });

  it('counts the tokens that arrived by its end, each chunk worth outputTokens / chunks', () => {
    // 10 chunks at 100, 200 … 1000 ms; the server counts 20 tokens (2 per chunk).
    const r = request(0, 0, 100, 10, 100, { outputTokens: 20 });
    expect(tokensInWindow([r], T0 + 450)).toBe(8); // chunks at 100–400 ms
    expect(tokensInWindow([r], T0 + 5000)).toBe(20);
    expect(okEndedBy([r], T0 + 1001)).toBe(1);
    expect(okEndedBy([r], T0 + 1000)).toBe(0);
  });

  it('a level with a duration divides throughput, request rate and goodput by it, not by the drain', () => {
    // 2 requests in 1 s: A ends at 600 ms (5 tokens), B streams 100 … 1900 ms (10 tokens, 5 by 1 s).
    const a = request(0, 0, 200, 5, 100);
    const b = request(1, 0, 100, 10, 200);
    const s = summarizeLevel([a, b], { concurrency: 2, mode: 'sustained', startedAt: T0, endedAt: T0 + 1901, durationMs: 1000 }, { slo: { ttftMs: 1000 } });
    expect(s).toMatchObject({ wallMs: 1901, activeMs: 1000, outputTokensTotal: 15 });
    expect(s.throughputTokensPerSecond).toBe(10); // 5 + 5 tokens in 1 s
    expect(s.requestsPerSecond).toBe(1); // A ended inside
    expect(s.goodput).toMatchObject({ requests: 2, good: 2, goodShare: 1, goodputRequestsPerSecond: 1 });
    // Without a duration: the wall time, as before.
    const burst = summarizeLevel([a, b], { concurrency: 2, mode: 'burst', startedAt: T0, endedAt: T0 + 1901 });
    expect(burst.throughputTokensPerSecond).toBeCloseTo(15 / 1.901, 12);
    expect(burst.requestsPerSecond).toBeCloseTo(2 / 1.901, 12);
  });
});

describe('a rate level', () => {
  const tags: LevelTags = { mode: 'rate', levelIndex: 0, repeat: 0, rate: 10 };
  // Due every 100 ms; started 0, 5, 0, 150 ms late.
  const records = [
    request(0, 0, 50, 3, 10, { tags, scheduledMs: 0 }),
    request(1, 105, 50, 3, 10, { tags, scheduledMs: 100 }),
    request(2, 200, 50, 3, 10, { tags, scheduledMs: 200 }),
    request(3, 450, 50, 3, 10, { tags, scheduledMs: 300 }),
  ];
  const s = summarizeLevel(records, { concurrency: 0, mode: 'rate', rate: 10, arrivals: 'constant', seed: 5, levelIndex: 0, repeat: 0, notStarted: 1, startedAt: T0, endedAt: T0 + 521 });

  it('keeps its identity, client queue time apart from TTFT, the regularity of its starts', () => {
    expect(s).toMatchObject({ mode: 'rate', rate: 10, arrivals: 'constant', seed: 5, levelIndex: 0, repeat: 0, notStarted: 1 });
    expect(records.map((r) => [r.mode, r.rate, r.clientQueueMs])).toEqual([
      ['rate', 10, 0],
      ['rate', 10, 5],
      ['rate', 10, 0],
      ['rate', 10, 150],
    ]);
    expect(s.clientQueueMs).toMatchObject({ min: 0, max: 150, mean: 38.75 });
    expect(s.ttftMs).toMatchObject({ min: 50, max: 50 });
    // Gaps between starts 105, 95, 250: mean 150, population sd 70.71…
    expect(s.arrivalCv).toBeCloseTo(Math.sqrt(((105 - 150) ** 2 + (95 - 150) ** 2 + (250 - 150) ** 2) / 3) / 150, 12);
  });

  it('judges saturation with the requests that never started', () => {
    // 1 of 4 started > one gap (100 ms) late: 25 % late starts; 1 never started of 5: 20 % failed.
    expect(s.saturation).toMatchObject({ saturated: true, reasons: ['late-starts', 'requests-fail'], lateShare: 0.25, failedShare: 0.2 });
  });
});

describe('itlHistogram', () => {
  it('counts every gap of the ok requests in fixed bins', () => {
    const records = [request(0, 0, 10, 4, 3), request(1, 0, 10, 3, 700)]; // gaps 3, 3, 3 and 700, 700
    const h = itlHistogram(records)!;
    expect(h.edgesMs).toEqual([...ITL_EDGES_MS]);
    expect(h.counts[ITL_EDGES_MS.indexOf(2)]).toBe(3);
    expect(h.counts[ITL_EDGES_MS.indexOf(500)]).toBe(2);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(itlHistogram([request(0, 0, 10, 1, 0)])).toBeNull();
  });
});

describe('summarizeRun with places and repeats', () => {
  it('groups records by (repeat, place): the same concurrency in two repeats stays two levels', () => {
    const r = (repeat: number, index: number): RequestRecord => request(index, repeat * 1000, 50, 2, 5, { tags: { mode: 'burst', levelIndex: 0, repeat } });
    const run = summarizeRun([r(0, 0), r(1, 0), r(0, 1), r(1, 1)], [{ concurrency: 2, mode: 'burst', levelIndex: 0, repeat: 0, startedAt: T0, endedAt: T0 + 100 }]);
    expect(run.levels.map((l) => [l.repeat, l.levelIndex, l.requests])).toEqual([
      [0, 0, 2],
      [1, 0, 2], // no window: derived from its records, identity included
    ]);
  });
});

describe('repeatedLevels', () => {
  it('one entry per level of the plan, its figures over the repeats; null for a run without repeats', () => {
    const at = (repeat: number, levelIndex: number, throughput: number): LevelSummary => level(levelIndex + 1, { repeat, levelIndex, throughputTokensPerSecond: throughput });
    expect(repeatedLevels([at(0, 0, 1), at(0, 1, 2)])).toBeNull();
    const repeats = repeatedLevels([at(0, 0, 100), at(0, 1, 200), at(1, 0, 110), at(1, 1, 190), at(2, 0, 90), at(2, 1, 210)])!;
    expect(repeats.map((r) => [r.level.concurrency, r.level.levelIndex, r.repeats])).toEqual([
      [1, 0, 3],
      [2, 1, 3],
    ]);
    expect(repeats[0].figures.throughputTokensPerSecond).toMatchObject({ n: 3, mean: 100, stddev: 10, cv: 0.1 });
    // t(0.975, 2) = 4.302652729…: 100 ± 4.3027 · 10 / √3
    expect(repeats[0].figures.throughputTokensPerSecond!.ci95!.low).toBeCloseTo(100 - (4.302652729911275 * 10) / Math.sqrt(3), 6);
  });
});

describe('sweepOutcome and the verdict of rate levels', () => {
  const rateLevel = (levelIndex: number, rate: number, saturated: boolean, p95: number): LevelSummary =>
    level(0, {
      requests: 10,
      ok: 10,
      mode: 'rate',
      sweep: 'rate',
      levelIndex,
      repeat: 0,
      rate,
      ttftMs: stats(p95 / 2, p95, p95),
      saturation: { saturated, reasons: saturated ? ['wait-grows'] : [], fitted: 10, waitSlopeMsPerS: null, waitSlopeLowMsPerS: null, waitGrowthMs: null, lateShare: 0, failedShare: 0 },
    });
  const sweep = [
    level(1, { mode: 'sustained', sweep: 'synchronous', levelIndex: 0, repeat: 0, requestsPerSecond: 1 }),
    level(8, { mode: 'sustained', sweep: 'throughput', levelIndex: 1, repeat: 0, requestsPerSecond: 3 }),
    rateLevel(2, 1.25, false, 800),
    rateLevel(3, 1.5, false, 1500),
    rateLevel(4, 1.75, true, 9000),
  ];

  it('reads the two measuring rates, the rates run, where it stopped and the rate it sustains', () => {
    expect(sweepOutcome(sweep)).toEqual({
      synchronousRate: 1,
      throughputRate: 3,
      rates: [1.25, 1.5, 1.75],
      stoppedAt: { rate: 1.75, reasons: ['wait-grows'] },
      sustained: { rate: 1.5, ttftP95Ms: 1500 },
    });
    expect(sweepOutcome([level(1)])).toBeNull();
  });

  it('the verdict: "sustains 1.5 requests/s with TTFT p95 ≤ 1.5 s", rate answers over the rate levels only', () => {
    const v = computeVerdict(sweep, { maxWaitMs: 2000, minTokensPerSecond: 20 });
    expect(v).toMatchObject({ sustained: { rate: 1.5, ttftP95Ms: 1500 }, sweepStoppedAt: { rate: 1.75 }, maxRateForWait: 1.5, maxRateForBoth: 1.5 });
    // The synchronous and max-throughput levels only measure: no concurrency answer.
    expect([v.maxConcurrencyForWait, v.maxConcurrencyForBoth]).toEqual([null, null]);
    expect(v.levels.map((l) => l.label)).toEqual(['sync', 'max ×8', '1.25/s', '1.5/s', '1.75/s']);
  });

  it('a repeated level must pass in every repeat: judged at the worst repeat, errors summed', () => {
    const a = level(1, { levelIndex: 0, repeat: 0, ttftMs: stats(500, 900, 950), tokensPerSecond: tail(30, 25, 24) });
    const b = level(1, { levelIndex: 0, repeat: 1, ttftMs: stats(500, 1200, 1300), tokensPerSecond: tail(30, 19, 18) });
    const v = computeVerdict([a, b], { maxWaitMs: 1000, minTokensPerSecond: 20 });
    expect(v.levels).toEqual([expect.objectContaining({ concurrency: 1, repeats: 2, waitMs: 1200, tokensPerSecond: 19, meetsWait: false, meetsSpeed: false })]);
    expect(computeVerdict([a, b], { maxWaitMs: 2000, minTokensPerSecond: 10 }).maxConcurrencyForBoth).toBe(1);
  });

  it('goodput: the level with the most good requests per second, with its share and the objectives', () => {
    const goodput = (good: number, perSecond: number) => ({ slo: { ttftMs: 1000 }, requests: 10, good, goodShare: good / 10, goodputRequestsPerSecond: perSecond, missed: { ttft: 10 - good, itl: 0, e2e: 0, tps: 0, error: 0 } });
    const v = computeVerdict([level(1, { goodput: goodput(10, 1) }), level(2, { goodput: goodput(9, 1.8) }), level(4, { goodput: goodput(5, 1.2) })], undefined, { ttftMs: 1000 });
    expect(v.slo).toEqual({ ttftMs: 1000 });
    expect(v.bestGoodput).toEqual({ label: '2 parallel', goodputRequestsPerSecond: 1.8, goodShare: 0.9 });
    expect(v.levels.map((l) => l.goodShare)).toEqual([1, 0.9, 0.5]);
  });
});
