// The chart and table builders every screen and report draws (common/charts): exact values from
// hand-made level summaries and samples.
import { describe, expect, it } from 'vitest';
import type { Point } from '../../common/charts/chart-model.js';
import { levelChartBlocks, tokenDistributionChart, type RunSeries } from '../../common/charts/level-charts.js';
import { bandColor, PALETTE } from '../../common/charts/palette.js';
import { specTable } from '../../common/charts/spec-table.js';
import { telemetryChartBlocks } from '../../common/charts/telemetry-charts.js';
import { MISSING } from '../../common/format.js';
import type { ProcessSample } from '../../common/telemetry.js';
import { level, stats, tail } from '../report/sample-run.js';

const one = (levels: RunSeries['levels'], records: RunSeries['records'] = []): RunSeries[] => [{ name: null, levels, records, dashed: false }];

describe('per-level charts', () => {
  const levels = [
    level(1, { ttftMs: stats(800, 900, 950), tokensPerSecond: tail(50, 45, 40), throughputTokensPerSecond: 50, wallMs: 20_000 }),
    level(2, { ttftMs: stats(1200, 1500, 1600), tokensPerSecond: tail(40, 35, 30), throughputTokensPerSecond: 80, wallMs: 25_000 }),
    level(4, { requests: 16, ok: 15, errors: 1, errorsByKind: { truncated: 1 }, ttftMs: stats(2000, 2400, 2500), tokensPerSecond: tail(30, 25, 20), throughputTokensPerSecond: 120.456 }),
  ];
  const [ttft, speed, throughput, , combined, errors] = levelChartBlocks(one(levels));

  it('plot the LevelSummary values as they are (seconds for times) and tabulate them', () => {
    expect(ttft.chart?.x.labels).toEqual(['1', '2', '4']);
    expect(ttft.chart?.series.map((s) => s.label)).toEqual(['TTFT mean', 'TTFT p95', 'TTFT p99']);
    expect(ttft.chart?.series[0].data).toEqual([0.8, 1.2, 2]);
    expect(throughput.chart?.series[0].data).toEqual([50, 80, 120.456]);
    expect(speed.chart?.series[1].data).toEqual([45, 35, 25]);
    expect(throughput.table.headers).toEqual(['Parallel', 'Throughput t/s', 'Output tokens', 'Wall time (s)', 'OK / requests']);
    expect(throughput.table.rows[2]).toEqual(['4', '120.5', '1000', '10.00', '15 / 16']);
    expect(ttft.table.rows[0]).toEqual(['1', '0.80', '0.90', '0.95', MISSING]);
  });

  it('draw every statistic in the colour of its role, the mean first, and the combined chart on two axes', () => {
    expect(ttft.chart?.series.map((s) => s.color)).toEqual([PALETTE[0], PALETTE[3], PALETTE[1]]);
    expect(combined.chart?.series.map((s) => s.axis)).toEqual(['y', 'y2', 'y2']);
    expect(combined.chart?.y2?.title).toBe('Seconds');
  });

  it('put two runs on one concurrency axis, with gaps where a run has no level, B dashed', () => {
    const runs: RunSeries[] = [
      { name: 'A', levels: [level(1), level(4)], records: [], dashed: false },
      { name: 'B', levels: [level(2), level(4)], records: [], dashed: true },
    ];
    const [ttftAB, , throughputAB] = levelChartBlocks(runs);
    expect(throughputAB.chart?.x.labels).toEqual(['1', '2', '4']);
    expect(throughputAB.chart?.series.map((s) => (s.data as Array<number | null>).map((v) => v === null))).toEqual([
      [false, true, false],
      [true, false, false],
    ]);
    expect(ttftAB.chart?.series.map((s) => [s.label, s.dashed])).toEqual([
      ['A: TTFT mean', false],
      ['A: TTFT p95', false],
      ['A: TTFT p99', false],
      ['B: TTFT mean', true],
      ['B: TTFT p95', true],
      ['B: TTFT p99', true],
    ]);
    expect(ttftAB.table.headers.slice(0, 3)).toEqual(['Run', 'Parallel', 'TTFT mean (s)']);
    expect(ttftAB.table.rows.map((r) => r.slice(0, 2))).toEqual([['A', '1'], ['A', '4'], ['B', '2'], ['B', '4']]);
  });

  it('stack the error rate of each kind that occurred, per run, and say so when none did', () => {
    expect(errors.chart?.series.map((s) => [s.label, s.data, s.stack])).toEqual([['truncated', [0, 0, 6.25], 'run0']]);
    expect(errors.table.headers).toEqual(['Parallel', 'Requests', 'Errors', 'Errors %', 'truncated %']);
    expect(errors.table.rows[2]).toEqual(['4', '16', '1', '6.3', '6.3']);
    const clean = levelChartBlocks(one([level(1)]))[5];
    expect(clean).toMatchObject({ id: 'errors', chart: null, unavailable: 'No request ended in error.' });
  });
});

describe('token-count distribution', () => {
  it('bins ok requests only, the same bins for every run', () => {
    const records = [5, 10, 14, 23].map((outputTokens) => ({ status: 'ok' as const, outputTokens }));
    const block = tokenDistributionChart(one([level(1)], [...records, { status: 'error', outputTokens: 500 }]));
    expect(block.chart?.x.labels).toEqual(['5–6', '7–8', '9–10', '11–12', '13–14', '15–16', '17–18', '19–20', '21–22', '23–24']);
    expect(block.chart?.series[0].data).toEqual([1, 0, 1, 0, 1, 0, 0, 0, 0, 1]);
    expect(block.table.rows[0]).toEqual(['5–6', '1']);
  });

  it('handles 200k requests (a spread of that many arguments overflows the call stack)', () => {
    const records = Array.from({ length: 200_000 }, (_, i) => ({ status: i % 50 === 1 ? ('error' as const) : ('ok' as const), outputTokens: (i % 1000) + 1 }));
    const block = tokenDistributionChart(one([level(1)], records));
    expect(block.chart?.x.labels?.[0]).toBe('1–100');
    expect(block.chart?.x.labels?.[9]).toBe('901–1000');
    const counts = block.chart?.series[0].data as number[];
    // Every 50th request failed: i % 50 === 1 hits token counts 2, 52, 102 … (i % 1000 + 1), two per bin, 200 times each.
    expect(counts).toEqual(Array(10).fill(20_000 - 2 * 200));
  });

  it('says why it is empty without an ok request', () => {
    expect(tokenDistributionChart(one([level(1)], [{ status: 'error', outputTokens: 0 }]))).toMatchObject({ chart: null, unavailable: 'No ok request.' });
  });
});

describe('telemetry charts', () => {
  const origin = 1_700_000_000_000;
  const levels = [level(1, { startedAt: origin + 1_000, endedAt: origin + 3_000 }), level(2, { startedAt: origin + 4_000, endedAt: origin + 6_000 })];
  const proc = (t: number, pid: number, cpuPct: number | null, rssBytes: number): ProcessSample => ({
    t: origin + t,
    pid,
    ppid: 1,
    name: pid === 1 ? 'ollama' : 'llama-server',
    role: pid === 1 ? 'server' : 'child',
    cpuPct,
    rssBytes,
    vszBytes: null,
    threads: 10,
    fds: null,
  });
  const process = [proc(1_000, 1, null, 1024 ** 2), proc(1_000, 2, 100, 3 * 1024 ** 2), proc(2_000, 1, 10, 1024 ** 2), proc(2_000, 2, 300, 3 * 1024 ** 2), proc(5_000, 2, 50, 1024 ** 2)];
  const gpu = [
    { t: origin + 2_000, source: 'nvidia-smi', index: 0, gpuUsagePct: 90, gpuFreqMHz: 1800, gpuPowerW: 200 },
    { t: origin + 2_000, source: 'nvidia-smi', index: 1, gpuUsagePct: 50, gpuFreqMHz: 1500, gpuPowerW: 100 },
    { t: origin + 5_000, source: 'nvidia-smi', index: 0, gpuUsagePct: null, gpuFreqMHz: null, gpuPowerW: 150 },
  ];
  const charts = telemetryChartBlocks([{ name: null, dashed: false, originMs: origin, telemetry: { gpu, process }, levels, status: {} }]);

  it('sum the server and its children per tick, seconds since the start, levels as bands', () => {
    const cpu = charts.process[0];
    expect(cpu.chart?.series.map((s) => s.label)).toEqual(['server + children']);
    expect(cpu.chart?.series[0].data).toEqual([
      { x: 1, y: 100 },
      { x: 2, y: 310 },
      { x: 5, y: 50 },
    ]);
    expect(cpu.chart?.bands).toEqual([
      { from: 1, to: 3, label: '×1', color: bandColor(0) },
      { from: 4, to: 6, label: '×2', color: bandColor(1) },
    ]);
    expect(cpu.table.rows).toEqual([
      ['1', '205.0', '310.0', '2'],
      ['2', '50.0', '50.0', '1'],
    ]);
    expect((charts.process[1].chart?.series[0].data as Point[]).map((p) => p.y)).toEqual([4, 4, 1]);
  });

  it('draw one line per GPU, null readings left out, and say why a source has no data', () => {
    const power = charts.gpu[0];
    expect(power.chart?.series.map((s) => [s.label, s.color, s.data])).toEqual([
      ['GPU 0', PALETTE[0], [{ x: 2, y: 200 }, { x: 5, y: 150 }]],
      ['GPU 1', PALETTE[1], [{ x: 2, y: 100 }]],
    ]);
    expect(charts.gpu[2].chart?.series[0].data).toEqual([{ x: 2, y: 90 }]);
    const none = telemetryChartBlocks([
      { name: null, dashed: false, originMs: origin, telemetry: { gpu: [], process: [] }, levels, status: { gpu: { available: false, reason: 'no GPU sampler found' } } },
    ]);
    expect(none.gpu.map((c) => c.unavailable)).toEqual(Array(3).fill('No data: no GPU sampler found.'));
    expect(none.process[0]).toMatchObject({ chart: null, unavailable: 'No data: no samples in the run folder.' });
    expect(none.process[0].table.rows[0]).toEqual(['1', MISSING, MISSING, MISSING]);
  });
});

describe('specTable', () => {
  it('tabulates what a chart draws: one row per x, one column per series, gaps as the missing mark', () => {
    const table = specTable({
      kind: 'line',
      x: { type: 'linear', title: 'request #' },
      y: { title: 's' },
      series: [
        { label: '×1', data: [{ x: 1, y: 0.123 }, { x: 3, y: 0.5 }], color: PALETTE[0] },
        { label: '×2', data: [{ x: 2, y: 1.006 }], color: PALETTE[1] },
      ],
    });
    expect(table).toEqual({ headers: ['request #', '×1', '×2'], rows: [['1', '0.12', MISSING], ['2', MISSING, '1.01'], ['3', '0.5', MISSING]] });
  });
});
