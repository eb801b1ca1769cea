// The ranking's order, its table cells and warnings, and the trends' groups and change notes, from
// hand-made report models whose every figure is known.
import { describe, expect, it } from 'vitest';
import { rankingModel } from '../../common/report/ranking.js';
import { trendsModel } from '../../common/report/trends.js';
import { DEFAULTS } from '../../common/run-config.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { computeVerdict } from '../../main/metrics/verdict.js';
import { level, manifest, model, stats, tail } from './sample-run.js';

function run(id: string, name: string, levels: ReturnType<typeof level>[], overrides: Partial<RunManifest> = {}) {
  const base = manifest();
  return model({ manifest: { ...base, id, ...overrides, target: { ...base.target, model: name, ...overrides.target } }, levels });
}

/** A level with this TTFT p95 (ms) and tokens/s p5. */
const at = (concurrency: number, p95: number, p5: number) => level(concurrency, { ttftMs: stats(p95 - 100, p95, p95), tokensPerSecond: tail(p5 + 5, p5, p5 - 1) });

describe('ranking', () => {
  it('orders by the largest load meeting both thresholds, then the slow tail, then the wait; a run without levels is not ranked', () => {
    const ranking = rankingModel([
      run('r-fast-1', 'fast-but-one', [at(1, 500, 90), at(2, 20_000, 80)]),
      run('r-none', 'no-levels', []),
      run('r-two-slow', 'two-slow', [at(1, 900, 30), at(2, 950, 25)]),
      run('r-two-fast', 'two-fast', [at(1, 900, 40), at(2, 950, 35)]),
      run('r-two-fast-wait', 'two-fast-waits', [at(1, 1_500, 40), at(2, 1_600, 35)]),
    ]);
    expect(ranking.runs.map((r) => [r.rank, r.model, r.maxConcurrencyForBoth])).toEqual([
      [1, 'two-fast', 2],
      [2, 'two-fast-waits', 2],
      [3, 'two-slow', 2],
      [4, 'fast-but-one', 1],
      [null, 'no-levels', null],
    ]);
    expect(ranking.view.table.rows[0]).toEqual(['1', 'two-fast', '—', '7.6B', 'Q4_K_M', '2', '2', '2', '1', '40.0', '0.90', '—', 'r-two-fast']);
    expect(ranking.view.table.rows[4]!.slice(0, 2)).toEqual(['—', 'no-levels']);
    expect(ranking.warnings).toEqual(['no-levels (r-none) has no finished level and is not ranked.']);
    expect(ranking.view.charts.map((c) => c.chart?.series.map((s) => s.label))).toEqual([
      ['two-fast', 'two-fast-waits', 'two-slow', 'fast-but-one', 'no-levels', 'wait threshold'],
      ['two-fast', 'two-fast-waits', 'two-slow', 'fast-but-one', 'no-levels', 'speed threshold'],
    ]);
  });

  it('warns when the runs were not measured alike: another plan, another server', () => {
    const ranking = rankingModel([
      run('a', 'a', [at(1, 500, 50)]),
      run('b', 'b', [at(1, 500, 50)], { config: { ...DEFAULTS, concurrency: [1], maxTokens: 64 }, target: { ...manifest().target, model: 'b', url: 'http://10.0.0.2:11434' } }),
    ]);
    expect(ranking.warnings).toHaveLength(2);
    expect(ranking.warnings[0]).toMatch(/^The runs used different plans, so their figures are not measured alike: a: burst 1,2 · max 256 tokens/);
    expect(ranking.warnings[1]).toBe('The runs measured different servers: http://127.0.0.1:11434, http://10.0.0.2:11434.');
  });
});

describe('trends', () => {
  const thresholds = { maxWaitMs: 10_000, minTokensPerSecond: 20 };
  const trendRun = (id: string, startedAt: string, version: string, digest: string, p5: number, mean: number) => {
    const levels = [level(1, { tokensPerSecond: tail(mean, p5, p5), throughputTokensPerSecond: mean }), level(2, { throughputTokensPerSecond: mean * 1.8 })];
    const base = manifest();
    return {
      manifest: { ...base, id, startedAt, target: { ...base.target, serverVersion: version, modelDetails: { digest, size: 1, details: {} } } },
      levels,
      verdict: computeVerdict(levels, thresholds),
    };
  };

  it('group by server, model and plan, oldest first, and say what changed and how the speed moved', () => {
    const trends = trendsModel(
      [
        trendRun('c', '2025-01-22T10:00:00.000Z', '0.6.0', 'sha256:bbbbbbbbbbbbbbbb', 30, 40),
        trendRun('a', '2025-01-20T10:00:00.000Z', '0.5.7', 'sha256:aaaaaaaaaaaaaaaa', 45, 50),
        trendRun('b', '2025-01-21T10:00:00.000Z', '0.5.7', 'sha256:aaaaaaaaaaaaaaaa', 44, 50),
      ],
      thresholds,
    );
    expect(trends.groups).toHaveLength(1);
    const [group] = trends.groups;
    expect(group!.points.map((p) => [p.runId, p.tokensPerSecondMean, p.tokensPerSecondP5, p.peakThroughput])).toEqual([
      ['a', 50, 45, 90],
      ['b', 50, 44, 90],
      ['c', 40, 30, 72],
    ]);
    expect(group!.points.map((p) => p.changes)).toEqual([[], [], ['server 0.5.7 → 0.6.0', 'model digest aaaaaaaaaaaa → bbbbbbbbbbbb', 't/s mean −20.0 % (50.0 → 40.0)']]);
    expect(group!.view.chart.chart?.x.labels).toEqual(['2025-01-20 10:00', '2025-01-21 10:00', '2025-01-22 10:00 ⚑ server 0.6.0, new model digest']);
    expect(group!.view.table.rows[2]).toEqual(['2025-01-22 10:00', 'c', '0.6.0', 'bbbbbbbbbbbb', '40.0', '30.0', '0.93', '72.0', '2', 'server 0.5.7 → 0.6.0; model digest aaaaaaaaaaaa → bbbbbbbbbbbb; t/s mean −20.0 % (50.0 → 40.0)']);
  });
});
