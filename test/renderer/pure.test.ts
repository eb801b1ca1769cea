// The renderer's pure helpers: routes, form parsing, and chart descriptions → data tables.
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../renderer/app/routes.js';
import { tableFromSpec } from '../../renderer/charts/spec-table.js';
import { levelCharts } from '../../renderer/dashboard/level-charts.js';
import { parseLevels, parseOptionalNumber } from '../../renderer/setup/parse-fields.js';
import { sampleDetail } from './sample-data.js';

describe('hash routes', () => {
  it('round-trip every screen, ids with odd characters included', () => {
    const routes = [
      { name: 'popover' },
      { name: 'setup' },
      { name: 'history' },
      { name: 'playback' },
      { name: 'live', runId: '2026-01-20T10-00-00Z ollama/#1' },
      { name: 'run', runId: 'abc' },
      { name: 'compare', a: 'a', b: 'b/c' },
    ] as const;
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('')).toEqual({ name: 'popover' });
    expect(parseRoute('#/runs/')).toEqual({ name: 'popover' });
    expect(parseRoute('#/nonsense')).toEqual({ name: 'popover' });
  });
});

describe('setup fields', () => {
  it('parses level lists and optional numbers, refusing anything else', () => {
    expect(parseLevels('1, 2,4 ,8')).toEqual([1, 2, 4, 8]);
    expect(parseLevels('1,0')).toBeNull();
    expect(parseLevels('1.5')).toBeNull();
    expect(parseLevels('')).toBeNull();
    expect(parseOptionalNumber('')).toBeNull();
    expect(parseOptionalNumber('2.5')).toBe(2.5);
    expect(parseOptionalNumber('-1')).toBeUndefined();
    expect(parseOptionalNumber('x')).toBeUndefined();
  });
});

describe('level charts', () => {
  it('plot the LevelSummary values as they are (seconds for times) and tabulate them', () => {
    const detail = sampleDetail('r', [1, 2, 4]);
    const charts = levelCharts([{ name: '', levels: detail.levels }]);
    expect(charts.ttft.labels).toEqual(['1', '2', '4']);
    expect(charts.ttft.series.map((s) => s.label)).toEqual(['mean', 'p95', 'p99']);
    expect(charts.ttft.series[0].values).toEqual(detail.levels.map((l) => l.ttftMs!.mean / 1000));
    expect(charts.throughput.series[0].values).toEqual(detail.levels.map((l) => l.throughputTokensPerSecond));
    expect(charts.tokensPerSecond.series[1].values).toEqual(detail.levels.map((l) => l.tokensPerSecond!.p5));
    const table = tableFromSpec(charts.throughput);
    expect(table.columns).toEqual(['Parallel requests', 'aggregate throughput']);
    expect(table.rows[2]).toEqual(['4', String(Math.round(detail.levels[2].throughputTokensPerSecond * 100) / 100)]);
  });

  it('put two runs on one concurrency axis, with gaps where a run has no level', () => {
    const a = sampleDetail('a', [1, 4]);
    const b = sampleDetail('b', [2, 4]);
    const charts = levelCharts([
      { name: 'A', levels: a.levels },
      { name: 'B', levels: b.levels },
    ]);
    expect(charts.throughput.labels).toEqual(['1', '2', '4']);
    expect(charts.throughput.series.map((s) => s.values?.map((v) => v === null))).toEqual([
      [false, true, false],
      [true, false, false],
    ]);
  });

  it('stack ok and each error kind that occurred, per run', () => {
    const detail = sampleDetail('r', [4, 16]);
    const errors = levelCharts([{ name: '', levels: detail.levels }]).errors;
    expect(errors.series.map((s) => [s.label, s.values, s.stack])).toEqual([
      ['ok', [4, 15], 'run-0'],
      ['truncated', [0, 1], 'run-0'],
    ]);
  });
});
