// Chart descriptions from the LevelSummaries main/metrics produced. Several runs (compare) share the
// same charts: their levels are merged on one concurrency axis and each series is prefixed by its run.
import type { LevelSummary, Stats } from '../../common/results.js';
import { ERROR_KINDS } from './error-kinds.js';
import type { ChartSpec, Series } from '../charts/chart-types.js';

export interface NamedLevels {
  /** Prefix of each series ('' for a single run). */
  name: string;
  levels: LevelSummary[];
}

type StatPick = (level: LevelSummary) => number | null | undefined;

function concurrencyLabels(runs: NamedLevels[]): number[] {
  return [...new Set(runs.flatMap((r) => r.levels.map((l) => l.concurrency)))].sort((a, b) => a - b);
}

function seriesOver(runs: NamedLevels[], axis: number[], label: string, pick: StatPick, extra: Partial<Series> = {}): Series[] {
  return runs.map((run) => {
    const byLevel = new Map(run.levels.map((l) => [l.concurrency, l]));
    return {
      label: run.name ? `${run.name} ${label}` : label,
      values: axis.map((c) => {
        const level = byLevel.get(c);
        const v = level ? pick(level) : null;
        return typeof v === 'number' ? v : null;
      }),
      ...extra,
    };
  });
}

const sec = (s: (l: LevelSummary) => Stats | null, key: keyof Stats): StatPick => (l) => {
  const stats = s(l);
  return stats ? stats[key] / 1000 : null;
};

export function levelCharts(runs: NamedLevels[]): Record<string, ChartSpec> {
  const axis = concurrencyLabels(runs);
  const labels = axis.map(String);
  const xTitle = 'Parallel requests';
  const lineOf = (yTitle: string, series: Series[], y2Title?: string): ChartSpec => ({ kind: 'line', labels, series, xTitle, yTitle, y2Title });
  return {
    ttft: lineOf('TTFT (s)', [
      ...seriesOver(runs, axis, 'mean', sec((l) => l.ttftMs, 'mean')),
      ...seriesOver(runs, axis, 'p95', sec((l) => l.ttftMs, 'p95'), { dashed: true }),
      ...seriesOver(runs, axis, 'p99', sec((l) => l.ttftMs, 'p99'), { dashed: true }),
    ]),
    tokensPerSecond: lineOf('tokens/s per request', [
      ...seriesOver(runs, axis, 'mean', (l) => l.tokensPerSecond?.mean),
      ...seriesOver(runs, axis, 'p5 (slow tail)', (l) => l.tokensPerSecond?.p5, { dashed: true }),
      ...seriesOver(runs, axis, 'p1', (l) => l.tokensPerSecond?.p1, { dashed: true }),
    ]),
    throughput: {
      kind: 'bar',
      labels,
      xTitle,
      yTitle: 'tokens/s (all requests)',
      series: seriesOver(runs, axis, 'aggregate throughput', (l) => l.throughputTokensPerSecond),
    },
    duration: lineOf('duration (s)', [
      ...seriesOver(runs, axis, 'min', sec((l) => l.e2eMs, 'min'), { dashed: true }),
      ...seriesOver(runs, axis, 'mean', sec((l) => l.e2eMs, 'mean')),
      ...seriesOver(runs, axis, 'p99', sec((l) => l.e2eMs, 'p99'), { dashed: true }),
      ...seriesOver(runs, axis, 'max', sec((l) => l.e2eMs, 'max'), { dashed: true }),
    ]),
    combined: lineOf(
      'tokens/s per request',
      [
        ...seriesOver(runs, axis, 'tokens/s mean', (l) => l.tokensPerSecond?.mean),
        ...seriesOver(runs, axis, 'duration mean (s)', sec((l) => l.e2eMs, 'mean'), { right: true }),
        ...seriesOver(runs, axis, 'wait mean (s)', sec((l) => l.ttftMs, 'mean'), { right: true, dashed: true }),
      ],
      'seconds',
    ),
    errors: {
      kind: 'bar',
      labels,
      xTitle,
      yTitle: 'requests',
      stacked: true,
      // One stacked bar per run and level: ok plus each error kind that occurred, summing to the level's requests.
      series: runs.flatMap((run, i) => {
        const stack = `run-${i}`;
        const kinds = ERROR_KINDS.filter((kind) => run.levels.some((l) => (l.errorsByKind[kind] ?? 0) > 0));
        return [
          ...seriesOver([run], axis, 'ok', (l) => l.ok, { stack }),
          ...kinds.flatMap((kind) => seriesOver([run], axis, kind, (l) => l.errorsByKind[kind] ?? 0, { stack })),
        ];
      }),
    },
    outputTokens: {
      kind: 'bar',
      labels,
      xTitle,
      yTitle: 'output tokens per request',
      series: [
        ...seriesOver(runs, axis, 'min', (l) => l.outputTokens?.min),
        ...seriesOver(runs, axis, 'p50', (l) => l.outputTokens?.p50),
        ...seriesOver(runs, axis, 'p90', (l) => l.outputTokens?.p90),
        ...seriesOver(runs, axis, 'p99', (l) => l.outputTokens?.p99),
        ...seriesOver(runs, axis, 'max', (l) => l.outputTokens?.max),
      ],
    },
  };
}
