// The per-level charts of docs/reports.md § The HTML report, for one run or several overlaid (compare):
// each run is a set of series, told apart by its name in the legend and by dashes.
import { ERROR_KINDS, type ErrorKind, type LevelSummary, type RequestRecord } from '../../../common/results.js';
import { fixed, MISSING, rate, seconds } from '../cells.js';
import type { Block, ChartSeries, ChartSpec, TableData } from './blocks.js';

export interface RunSeries {
  /** Legend prefix; null for a single-run report. */
  name: string | null;
  levels: readonly LevelSummary[];
  records: readonly RequestRecord[];
  dashed: boolean;
}

export const COLORS = {
  mean: '#1f6fb2',
  p95: '#e08a00',
  p99: '#c0392b',
  min: '#2e9e5b',
  max: '#7b3fa0',
  tail5: '#e08a00',
  tail1: '#c0392b',
  throughput: '#1f6fb2',
  wait: '#c0392b',
  duration: '#7b3fa0',
  tokens: '#2e9e5b',
} as const;

const ERROR_COLORS: Record<ErrorKind, string> = {
  connect: '#7f8c8d',
  http: '#c0392b',
  timeout: '#e67e22',
  'idle-timeout': '#f1c40f',
  truncated: '#8e44ad',
  malformed: '#16a085',
  'server-error': '#d35400',
  cancelled: '#95a5a6',
};

const TOKEN_BINS = 10;

/** Every concurrency that any run tested, ascending: the shared x axis of the overlaid charts. */
export function concurrencyAxis(runs: readonly RunSeries[]): number[] {
  return [...new Set(runs.flatMap((r) => r.levels.map((l) => l.concurrency)))].sort((a, b) => a - b);
}

type Pick = (level: LevelSummary) => number | null | undefined;

function perLevel(run: RunSeries, axis: readonly number[], pick: Pick): Array<number | null> {
  return axis.map((c) => {
    const level = run.levels.find((l) => l.concurrency === c);
    const value = level ? pick(level) : null;
    return value === undefined || value === null || !Number.isFinite(value) ? null : value;
  });
}

function label(run: RunSeries, what: string): string {
  return run.name === null ? what : `${run.name}: ${what}`;
}

interface Metric {
  what: string;
  color: string;
  pick: Pick;
  axis?: 'y' | 'y2';
}

function levelChart(runs: readonly RunSeries[], metrics: readonly Metric[], yTitle: string, y2Title?: string): ChartSpec {
  const axis = concurrencyAxis(runs);
  const series: ChartSeries[] = runs.flatMap((run) =>
    metrics.map((m) => ({ label: label(run, m.what), data: perLevel(run, axis, m.pick), color: m.color, dashed: run.dashed, axis: m.axis ?? 'y' })),
  );
  return {
    kind: 'line',
    x: { type: 'category', title: 'Parallel requests (concurrency)', labels: axis.map(String) },
    y: { title: yTitle, min: 0 },
    ...(y2Title ? { y2: { title: y2Title, min: 0 } } : {}),
    series,
  };
}

/** Rows per run and level; with several runs the first column names the run. */
function levelTable(runs: readonly RunSeries[], headers: readonly string[], cells: (level: LevelSummary) => string[]): TableData {
  const many = runs.length > 1 || runs[0]?.name !== null;
  return {
    headers: [...(many ? ['Run'] : []), 'Parallel', ...headers],
    rows: runs.flatMap((run) =>
      [...run.levels]
        .sort((a, b) => a.concurrency - b.concurrency)
        .map((l) => [...(many ? [run.name ?? ''] : []), String(l.concurrency), ...cells(l)]),
    ),
  };
}

const ms = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : v / 1000);

function chartBlock(id: string, title: string, description: string, chart: ChartSpec | null, table: TableData, unavailable?: string): Block {
  return { type: 'chart', id, title, description, chart, table, ...(unavailable ? { unavailable } : {}) };
}

export function ttftChart(runs: readonly RunSeries[]): Block {
  return chartBlock(
    'ttft',
    'Wait: TTFT vs concurrency',
    'Time to first token (the wait) of ok requests, mean and the slow tail p95/p99, seconds.',
    levelChart(
      runs,
      [
        { what: 'TTFT mean', color: COLORS.mean, pick: (l) => ms(l.ttftMs?.mean) },
        { what: 'TTFT p95', color: COLORS.p95, pick: (l) => ms(l.ttftMs?.p95) },
        { what: 'TTFT p99', color: COLORS.p99, pick: (l) => ms(l.ttftMs?.p99) },
      ],
      'TTFT (s)',
    ),
    levelTable(runs, ['TTFT mean (s)', 'TTFT p95 (s)', 'TTFT p99 (s)', 'Queue mean (s)'], (l) => [
      seconds(l.ttftMs?.mean),
      seconds(l.ttftMs?.p95),
      seconds(l.ttftMs?.p99),
      seconds(l.queueMs?.mean),
    ]),
  );
}

export function speedChart(runs: readonly RunSeries[]): Block {
  return chartBlock(
    'speed',
    'Speed: tokens/s per request vs concurrency',
    'Decode speed of each ok request, (output tokens − 1) / (last token − TTFT): the mean and the slow tail p5/p1 (what the slowest requests felt).',
    levelChart(
      runs,
      [
        { what: 't/s mean', color: COLORS.mean, pick: (l) => l.tokensPerSecond?.mean },
        { what: 't/s p5 (slow tail)', color: COLORS.tail5, pick: (l) => l.tokensPerSecond?.p5 },
        { what: 't/s p1 (slow tail)', color: COLORS.tail1, pick: (l) => l.tokensPerSecond?.p1 },
      ],
      'Tokens/s per request',
    ),
    levelTable(runs, ['Mean t/s', 'p5 t/s', 'p1 t/s', 'Min t/s', "Server's own t/s (mean)"], (l) => [
      rate(l.tokensPerSecond?.mean),
      rate(l.tokensPerSecond?.p5),
      rate(l.tokensPerSecond?.p1),
      rate(l.tokensPerSecond?.min),
      rate(l.serverTokensPerSecond?.mean),
    ]),
  );
}

export function throughputChart(runs: readonly RunSeries[]): Block {
  return chartBlock(
    'throughput',
    'Aggregate throughput vs concurrency',
    "Σ output tokens of the level's ok requests / the level's wall time, tokens/s.",
    levelChart(runs, [{ what: 'throughput', color: COLORS.throughput, pick: (l) => l.throughputTokensPerSecond }], 'Tokens/s (all requests)'),
    levelTable(runs, ['Throughput t/s', 'Output tokens', 'Wall time (s)', 'OK / requests'], (l) => [
      rate(l.throughputTokensPerSecond),
      String(l.outputTokensTotal),
      seconds(l.wallMs),
      `${l.ok} / ${l.requests}`,
    ]),
  );
}

export function durationChart(runs: readonly RunSeries[]): Block {
  return chartBlock(
    'duration',
    'Request duration (E2E) vs concurrency',
    't0 to the end of the response, wait included, of ok requests: min, mean, p99 and max, seconds.',
    levelChart(
      runs,
      [
        { what: 'min', color: COLORS.min, pick: (l) => ms(l.e2eMs?.min) },
        { what: 'mean', color: COLORS.mean, pick: (l) => ms(l.e2eMs?.mean) },
        { what: 'p99', color: COLORS.p99, pick: (l) => ms(l.e2eMs?.p99) },
        { what: 'max', color: COLORS.max, pick: (l) => ms(l.e2eMs?.max) },
      ],
      'Duration (s)',
    ),
    levelTable(runs, ['Min (s)', 'Mean (s)', 'p99 (s)', 'Max (s)'], (l) => [
      seconds(l.e2eMs?.min),
      seconds(l.e2eMs?.mean),
      seconds(l.e2eMs?.p99),
      seconds(l.e2eMs?.max),
    ]),
  );
}

export function combinedChart(runs: readonly RunSeries[]): Block {
  return chartBlock(
    'combined',
    'Combined: speed × duration × wait',
    'The study\'s combined chart: mean tokens/s per request (left axis) against mean duration and mean wait (right axis, seconds).',
    levelChart(
      runs,
      [
        { what: 't/s mean', color: COLORS.mean, pick: (l) => l.tokensPerSecond?.mean },
        { what: 'duration mean (s)', color: COLORS.duration, pick: (l) => ms(l.e2eMs?.mean), axis: 'y2' },
        { what: 'wait mean (s)', color: COLORS.wait, pick: (l) => ms(l.ttftMs?.mean), axis: 'y2' },
      ],
      'Tokens/s per request',
      'Seconds',
    ),
    levelTable(runs, ['Mean t/s', 'Duration mean (s)', 'Wait mean (s)'], (l) => [
      rate(l.tokensPerSecond?.mean),
      seconds(l.e2eMs?.mean),
      seconds(l.ttftMs?.mean),
    ]),
  );
}

export function errorChart(runs: readonly RunSeries[]): Block {
  const axis = concurrencyAxis(runs);
  const kinds = ERROR_KINDS.filter((k) => runs.some((r) => r.levels.some((l) => (l.errorsByKind[k] ?? 0) > 0)));
  const percent = (l: LevelSummary, k: ErrorKind): number | null => (l.requests > 0 ? ((l.errorsByKind[k] ?? 0) / l.requests) * 100 : null);
  const table = levelTable(runs, ['Requests', 'Errors', 'Errors %', ...kinds.map((k) => `${k} %`)], (l) => [
    String(l.requests),
    String(l.errors),
    l.requests > 0 ? fixed((l.errors / l.requests) * 100, 1) : MISSING,
    ...kinds.map((k) => fixed(percent(l, k), 1)),
  ]);
  const description = 'Share of the level\'s requests that ended in error, by kind, percent. Errors never enter the averages.';
  if (kinds.length === 0) return chartBlock('errors', 'Error rate by kind', description, null, table, 'No request ended in error.');
  const chart: ChartSpec = {
    kind: 'bar',
    stacked: true,
    x: { type: 'category', title: 'Parallel requests (concurrency)', labels: axis.map(String) },
    y: { title: 'Requests in error (%)', min: 0, max: 100 },
    series: runs.flatMap((run, i) =>
      kinds.map((k) => ({
        label: label(run, k),
        data: perLevel(run, axis, (l) => percent(l, k)),
        color: ERROR_COLORS[k],
        dashed: run.dashed,
        stack: `run${i}`,
      })),
    ),
  };
  return chartBlock('errors', 'Error rate by kind', description, chart, table);
}

/** Histogram of ok requests' output tokens, the same bins for every run. */
export function tokenDistributionChart(runs: readonly RunSeries[]): Block {
  const counts = runs.map((run) => run.records.filter((r) => r.status === 'ok').map((r) => r.outputTokens));
  const all = counts.flat();
  const description = 'How many output tokens the ok requests produced (server count where reported), as a histogram.';
  const many = runs.length > 1 || runs[0]?.name !== null;
  if (all.length === 0) {
    return chartBlock('tokens', 'Token-count distribution', description, null, { headers: ['Output tokens', 'Requests'], rows: [] }, 'No ok request.');
  }
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const width = Math.max(1, Math.ceil((hi - lo + 1) / TOKEN_BINS));
  const bins = Math.max(1, Math.ceil((hi - lo + 1) / width));
  const binLabel = (b: number): string => (width === 1 ? String(lo + b * width) : `${lo + b * width}–${lo + (b + 1) * width - 1}`);
  const histograms = counts.map((values) => {
    const h = new Array<number>(bins).fill(0);
    for (const v of values) h[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    return h;
  });
  const chart: ChartSpec = {
    kind: 'bar',
    x: { type: 'category', title: 'Output tokens per request', labels: Array.from({ length: bins }, (_, b) => binLabel(b)) },
    y: { title: 'Requests', min: 0 },
    series: runs.map((run, i) => ({ label: label(run, 'requests'), data: histograms[i], color: i === 0 ? COLORS.tokens : COLORS.p95, dashed: run.dashed })),
  };
  const table: TableData = {
    headers: ['Output tokens', ...runs.map((r) => (many ? `${r.name ?? ''}: requests` : 'Requests'))],
    rows: Array.from({ length: bins }, (_, b) => [binLabel(b), ...histograms.map((h) => String(h[b]))]),
  };
  return chartBlock('tokens', 'Token-count distribution', description, chart, table);
}

export function levelChartBlocks(runs: readonly RunSeries[]): Block[] {
  return [ttftChart(runs), speedChart(runs), throughputChart(runs), durationChart(runs), combinedChart(runs), errorChart(runs), tokenDistributionChart(runs)];
}
