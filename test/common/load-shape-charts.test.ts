// The charts and tables of load shapes (common/charts, common/report): exact values from hand-made
// summaries and records — rate levels on the axis, repeats as means with error bars, the Pareto view, the
// ITL distribution, the reasoning split, the run over time, the load and repeats tables, the verdict cards.
import { describe, expect, it } from 'vitest';
import type { Point } from '../../common/charts/chart-model.js';
import { itlDistributionChart, levelChartBlocks, paretoChart, reasoningChart, type RunSeries } from '../../common/charts/level-charts.js';
import { runTimelineChartBlocks } from '../../common/charts/run-timeline-charts.js';
import { MISSING } from '../../common/format.js';
import { loadTable } from '../../common/report/load-table.js';
import { repeatsTable } from '../../common/report/repeats-table.js';
import { verdictView } from '../../common/report/verdict-view.js';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import { repeatedLevels } from '../../main/metrics/repeats.js';
import { computeVerdict } from '../../main/metrics/verdict.js';
import { effectiveParallelism } from '../../main/metrics/parallelism.js';
import { level, stats, tail } from '../report/sample-run.js';

const T0 = 1_700_000_000_000;
const one = (levels: LevelSummary[], repeats: RunSeries['repeats'] = null): RunSeries[] => [{ name: null, levels, records: [], dashed: false, repeats }];

describe('rate levels on the charts and in the tables', () => {
  const rateLevel = (rate: number, levelIndex: number, over: Partial<LevelSummary> = {}): LevelSummary =>
    level(0, { mode: 'rate', rate, levelIndex, repeat: 0, requests: 10, ok: 10, ...over });
  const levels = [rateLevel(0.5, 0), rateLevel(2, 1, { clientQueueMs: stats(10, 40, 50), arrivalCv: 0.93, notStarted: 2 })];

  it('name levels by their rate on the axis and in the first column', () => {
    const [ttft] = levelChartBlocks(one(levels));
    expect(ttft.chart?.x).toMatchObject({ title: 'Request rate (requests/s)', labels: ['0.5/s', '2/s'] });
    expect(ttft.table.rows.map((r) => r[0])).toEqual(['0.5/s', '2/s']);
    expect(ttft.table.headers[0]).toBe('Level');
  });

  it('the load table adds the rate columns', () => {
    const table = loadTable(levels);
    expect(table.headers).toEqual(['Level', 'Requests', 'Req/s', 'Good %', 'Goodput req/s', 'Rate (req/s)', 'Client queue p95 (s)', 'Arrival CV', 'Not started', 'Saturated']);
    // ok / wall time (10 s) without a recorded rate; no goodput judged; no saturation recorded.
    expect(table.rows[1]).toEqual(['2/s', '10', '1.00', MISSING, MISSING, '2', '0.040', '0.93', '2', MISSING]);
  });

  it('concurrency levels keep the tables they always had', () => {
    expect(loadTable([level(1)]).headers).toEqual(['Parallel', 'Requests', 'Req/s', 'Good %', 'Goodput req/s']);
  });
});

describe('repeats: means with their 95 % interval as error bars', () => {
  const at = (repeat: number, throughput: number, ttftMeanMs: number): LevelSummary =>
    level(2, { levelIndex: 0, repeat, throughputTokensPerSecond: throughput, ttftMs: stats(ttftMeanMs, ttftMeanMs, ttftMeanMs) });
  const levels = [at(0, 100, 1000), at(1, 110, 1200), at(2, 90, 800)];
  const repeats = repeatedLevels(levels);

  it('draw each level once, at the mean, with the interval of the figure drawn (in its unit)', () => {
    const [ttft, , throughput] = levelChartBlocks(one(levels, repeats));
    expect(throughput.chart?.x.labels).toEqual(['2']);
    expect(throughput.chart?.series[0].data).toEqual([100]);
    const half = (4.302652729911275 * 10) / Math.sqrt(3);
    expect(throughput.chart?.series[0].intervals?.[0]?.low).toBeCloseTo(100 - half, 6);
    expect(ttft.chart?.series[0].data).toEqual([1]);
    expect(ttft.chart?.series[0].intervals?.[0]?.high).toBeCloseTo((1000 + 20 * half) / 1000, 6);
    expect(ttft.description).toContain('95 % confidence interval');
    // The table lists every repeat.
    expect(throughput.table.headers.slice(0, 2)).toEqual(['Parallel', 'Repeat']);
    expect(throughput.table.rows.map((r) => r.slice(0, 3))).toEqual([['2', '1', '100.0'], ['2', '2', '110.0'], ['2', '3', '90.0']]);
  });

  it('a run without repeats draws no interval', () => {
    expect(levelChartBlocks(one([level(1), level(2)]))[2].chart?.series[0].intervals).toBeUndefined();
  });

  it('the repeats table: mean, interval, CV per headline figure', () => {
    const table = repeatsTable(repeats!);
    expect(table.headers).toEqual(['Parallel', 'Figure', 'Mean', '95 % CI', 'CV %', 'Repeats']);
    expect(table.rows[0]).toEqual(['2', 'Throughput t/s', '100.0', '75.2 – 124.8', '10.0', '3']);
  });
});

describe('the charts peers draw', () => {
  const levels = [
    level(1, { throughputTokensPerSecond: 50, tokensPerSecond: { ...tail(50, 45, 40), p50: 50 }, thinkingTokens: stats(120, 130, 140), ttftMs: stats(800, 900, 950), firstAnswerMs: stats(2400, 2600, 2700) }),
    level(4, { throughputTokensPerSecond: 140, tokensPerSecond: { ...tail(35, 30, 25), p50: 35 }, thinkingTokens: stats(110, 130, 140), ttftMs: stats(1600, 1900, 1950), firstAnswerMs: stats(4000, 4300, 4400) }),
  ];

  it('Pareto: per-request speed against aggregate throughput, one point per level', () => {
    const block = paretoChart(one(levels));
    expect(block.chart?.x.type).toBe('linear');
    expect(block.chart?.series[0].data).toEqual([{ x: 50, y: 50 }, { x: 140, y: 35 }]);
    expect(block.table.rows).toEqual([['1', '50.0', '50.0', '45.0'], ['4', '140.0', '35.0', '30.0']]);
  });

  it('the reasoning split: TTFT beside the first answer token, thinking tokens on the right', () => {
    const block = reasoningChart(one(levels));
    expect(block.chart?.series.map((s) => [s.label, s.data, s.axis])).toEqual([
      ['TTFT mean (s)', [0.8, 1.6], 'y'],
      ['first answer token mean (s)', [2.4, 4], 'y'],
      ['thinking tokens mean', [120, 110], 'y2'],
    ]);
  });

  it('the ITL distribution: each level’s gaps as shares of its own', () => {
    const withHistogram = [level(1, { itlHistogram: { edgesMs: [0, 10, 100], counts: [1, 3, 0] } }), level(2, { itlHistogram: { edgesMs: [0, 10, 100], counts: [0, 1, 1] } })];
    const block = itlDistributionChart(one(withHistogram));
    expect(block.chart?.x.labels).toEqual(['0–10', '10–100', '≥ 100']);
    expect(block.chart?.series.map((s) => [s.label, s.data])).toEqual([
      ['×1', [25, 75, 0]],
      ['×2', [0, 50, 50]],
    ]);
    expect(itlDistributionChart(one([level(1)]))).toMatchObject({ chart: null, unavailable: 'No level recorded its token gaps.' });
  });
});

describe('the run over time', () => {
  /** A request from `startS` to `startS + 1` s whose 10 tokens arrive every 0.1 s. */
  const record = (startS: number, ttftMs: number, withPieces = true): RequestRecord =>
    ({
      status: 'ok',
      startedAt: T0 + startS * 1000,
      ttftMs,
      lastTokenMs: ttftMs + 900,
      e2eMs: 1000,
      firstByteMs: ttftMs,
      outputTokens: 10,
      chunks: 10,
      pieceOffsetsMs: withPieces ? Array.from({ length: 10 }, (_, i) => ttftMs + i * 100) : [],
    }) as RequestRecord;

  it('tokens per second, requests in flight and TTFT against seconds since the start', () => {
    const records = [record(0, 50), record(0.5, 50), record(10, 50)];
    const [tokens, inFlight, ttft] = runTimelineChartBlocks({ originMs: T0, levels: [level(2, { startedAt: T0, endedAt: T0 + 11_000 })], records });
    // 11 s / 150 → 0.1 s buckets: each bucket of the first request's decode holds one chunk (10 tokens/s).
    const at = (block: typeof tokens, x: number): number | null | undefined => (block.chart?.series[0].data as Point[]).find((p) => Math.abs(p.x - x) < 1e-9)?.y;
    expect(at(tokens, 0.05)).toBe(10); // the first chunk at 50 ms
    expect(at(tokens, 0.55)).toBe(20); // chunks of both requests
    expect(at(inFlight, 0.75)).toBe(2);
    expect(at(inFlight, 5.05)).toBe(0);
    expect(ttft.chart?.series.map((s) => s.label)).toEqual(['TTFT mean per 0.1 s', 'TTFT, each request']);
    expect(ttft.chart?.series[1].data).toEqual([{ x: 0, y: 0.05 }, { x: 0.5, y: 0.05 }, { x: 10, y: 0.05 }]);
    expect(tokens.chart?.bands).toHaveLength(1);
  });

  it('spreads the tokens of a record without playback offsets evenly from its first to its last token', () => {
    const [tokens] = runTimelineChartBlocks({ originMs: T0, levels: [], records: [record(0, 100, false), record(20, 100, false)] });
    const total = (tokens.chart?.series[0].data as Point[]).reduce((sum, p) => sum + (p.y ?? 0), 0);
    // 20 tokens over the run, tokens/s × bucket width.
    expect(total * 0.2).toBeCloseTo(20, 9);
  });
});

describe('the verdict view of a sweep and of goodput', () => {
  it('says what the sweep sustains, where it stopped, and the best goodput', () => {
    const sat = (saturated: boolean) => ({ saturated, reasons: saturated ? (['wait-grows'] as const).slice() : [], fitted: 10, waitSlopeMsPerS: null, waitSlopeLowMsPerS: null, waitGrowthMs: null, lateShare: 0, failedShare: 0 });
    const goodput = (rate: number) => ({ slo: { ttftMs: 2000 }, requests: 10, good: 9, goodShare: 0.9, goodputRequestsPerSecond: rate, missed: { ttft: 1, itl: 0, e2e: 0, tps: 0, error: 0 } });
    const levels = [
      level(1, { mode: 'sustained', sweep: 'synchronous', levelIndex: 0, requestsPerSecond: 1 }),
      level(8, { mode: 'sustained', sweep: 'throughput', levelIndex: 1, requestsPerSecond: 3 }),
      level(0, { mode: 'rate', sweep: 'rate', levelIndex: 2, rate: 1.25, requests: 10, ok: 10, ttftMs: stats(700, 1234, 1300), saturation: sat(false), goodput: goodput(1.1) }),
      level(0, { mode: 'rate', sweep: 'rate', levelIndex: 3, rate: 1.5, requests: 10, ok: 10, saturation: sat(true), goodput: goodput(0.8) }),
    ];
    const view = verdictView(computeVerdict(levels, undefined, { ttftMs: 2000 }), effectiveParallelism(levels, []));
    const card = (id: string) => view.cards.find((c) => c.id === id);
    expect(card('sustained')).toMatchObject({
      value: 'sustains 1.25 requests/s with TTFT p95 ≤ 1.23 s',
      detail: 'the highest swept rate before the first saturated one; the sweep stopped at 1.5 requests/s, saturated (wait-grows)',
    });
    expect(card('both')?.value).toBe('up to 1.25 requests/s');
    expect(card('goodput')).toMatchObject({ value: '1.10 good requests/s at 1.25 requests/s', detail: "90.0 % of that level's requests met every objective: TTFT ≤ 2 s" });
    expect(view.table.headers[0]).toBe('Level');
    expect(view.table.rows.map((r) => r[0])).toEqual(['sync', 'max ×8', '1.25/s', '1.5/s']);
    // The saturated level is within both limits, yet served a growing backlog: it meets neither.
    expect(view.table.rows[3].slice(2, 5)).toEqual(['no: saturated', '50.1', 'no: saturated']);
  });
});
