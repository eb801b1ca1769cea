// The per-level charts of docs/reports.md § The HTML report, for one run or several overlaid (compare):
// each run is a set of series, told apart by its name in the legend and by dashes. The dashboard, the
// HTML report and both compare views draw these blocks.
import { errorPercent, fixed, okOfSent, rate, seconds } from '../format.js';
import { levelOutcomes, shareOfFinished } from '../level-outcomes.js';
import { ERROR_KINDS, type ErrorKind, type LevelSummary, type RequestRecord } from '../results.js';
import { chartBlock, type ChartBlock, type ChartSpec, type Series, type TableData } from './chart-model.js';
import { seriesColor, STAT_COLORS } from './palette.js';

export interface RunSeries {
  /** Legend prefix ("A", "B"); null for a single run. */
  name: string | null;
  levels: readonly LevelSummary[];
  /** Only status and outputTokens are read (the token histogram): records without playback payload do. */
  records: readonly Pick<RequestRecord, 'status' | 'outputTokens'>[];
  dashed: boolean;
}

const X_TITLE = 'Parallel requests (concurrency)';
const TOKEN_BINS = 10;

/** Every concurrency that any run tested, ascending: the shared x axis of the overlaid charts. */
function concurrencyAxis(runs: readonly RunSeries[]): number[] {
  return [...new Set(runs.flatMap((r) => r.levels.map((l) => l.concurrency)))].sort((a, b) => a - b);
}

type LevelPick = (level: LevelSummary) => number | null | undefined;

function perLevel(run: RunSeries, axis: readonly number[], pick: LevelPick): Array<number | null> {
  return axis.map((c) => {
    const level = run.levels.find((l) => l.concurrency === c);
    const value = level ? pick(level) : null;
    return value === undefined || value === null || !Number.isFinite(value) ? null : value;
  });
}

function label(run: RunSeries, what: string): string {
  return run.name === null ? what : `${run.name}: ${what}`;
}

/** More than one run, or one named run: tables then say which run a row is. */
function named(runs: readonly RunSeries[]): boolean {
  return runs.length > 1 || runs[0]?.name != null;
}

interface Metric {
  what: string;
  color: string;
  pick: LevelPick;
  axis?: 'y' | 'y2';
}

function levelChart(runs: readonly RunSeries[], metrics: readonly Metric[], yTitle: string, y2Title?: string): ChartSpec {
  const axis = concurrencyAxis(runs);
  const series: Series[] = runs.flatMap((run) =>
    metrics.map((m) => ({ label: label(run, m.what), data: perLevel(run, axis, m.pick), color: m.color, dashed: run.dashed, axis: m.axis ?? 'y' })),
  );
  return {
    kind: 'line',
    x: { type: 'category', title: X_TITLE, labels: axis.map(String) },
    y: { title: yTitle, min: 0 },
    ...(y2Title ? { y2: { title: y2Title, min: 0 } } : {}),
    series,
  };
}

/** Rows per run and level; with several runs the first column names the run. */
function levelTable(runs: readonly RunSeries[], headers: readonly string[], cells: (level: LevelSummary) => string[]): TableData {
  const many = named(runs);
  return {
    headers: [...(many ? ['Run'] : []), 'Parallel', ...headers],
    rows: runs.flatMap((run) =>
      [...run.levels]
        .sort((a, b) => a.concurrency - b.concurrency)
        .map((l) => [...(many ? [run.name ?? ''] : []), String(l.concurrency), ...cells(l)]),
    ),
  };
}

const toSeconds = (ms: number | null | undefined): number | null => (ms === null || ms === undefined ? null : ms / 1000);

export function ttftChart(runs: readonly RunSeries[]): ChartBlock {
  return chartBlock(
    'ttft',
    'Wait: TTFT vs concurrency',
    'Time to first token (the wait) of ok requests, mean and the slow tail p95/p99, seconds.',
    levelChart(
      runs,
      [
        { what: 'TTFT mean', color: STAT_COLORS.mean, pick: (l) => toSeconds(l.ttftMs?.mean) },
        { what: 'TTFT p95', color: STAT_COLORS.tail, pick: (l) => toSeconds(l.ttftMs?.p95) },
        { what: 'TTFT p99', color: STAT_COLORS.worst, pick: (l) => toSeconds(l.ttftMs?.p99) },
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

export function speedChart(runs: readonly RunSeries[]): ChartBlock {
  return chartBlock(
    'speed',
    'Speed: tokens/s per request vs concurrency',
    'Decode speed of each ok request, (output tokens − 1) / (last token − TTFT): the mean and the slow tail p5/p1 (what the slowest requests felt).',
    levelChart(
      runs,
      [
        { what: 't/s mean', color: STAT_COLORS.mean, pick: (l) => l.tokensPerSecond?.mean },
        { what: 't/s p5 (slow tail)', color: STAT_COLORS.tail, pick: (l) => l.tokensPerSecond?.p5 },
        { what: 't/s p1 (slow tail)', color: STAT_COLORS.worst, pick: (l) => l.tokensPerSecond?.p1 },
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

export function throughputChart(runs: readonly RunSeries[]): ChartBlock {
  return chartBlock(
    'throughput',
    'Aggregate throughput vs concurrency',
    "Σ output tokens of the level's ok requests / the level's wall time, tokens/s.",
    levelChart(runs, [{ what: 'throughput', color: STAT_COLORS.mean, pick: (l) => l.throughputTokensPerSecond }], 'Tokens/s (all requests)'),
    levelTable(runs, ['Throughput t/s', 'Output tokens', 'Wall time (s)', 'OK / requests'], (l) => [
      rate(l.throughputTokensPerSecond),
      String(l.outputTokensTotal),
      seconds(l.wallMs),
      okOfSent(l),
    ]),
  );
}

export function durationChart(runs: readonly RunSeries[]): ChartBlock {
  return chartBlock(
    'duration',
    'Request duration (E2E) vs concurrency',
    't0 to the end of the response, wait included, of ok requests: min, mean, p99 and max, seconds.',
    levelChart(
      runs,
      [
        { what: 'min', color: STAT_COLORS.min, pick: (l) => toSeconds(l.e2eMs?.min) },
        { what: 'mean', color: STAT_COLORS.mean, pick: (l) => toSeconds(l.e2eMs?.mean) },
        { what: 'p99', color: STAT_COLORS.worst, pick: (l) => toSeconds(l.e2eMs?.p99) },
        { what: 'max', color: STAT_COLORS.max, pick: (l) => toSeconds(l.e2eMs?.max) },
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

export function combinedChart(runs: readonly RunSeries[]): ChartBlock {
  return chartBlock(
    'combined',
    'Combined: speed × duration × wait',
    "The study's combined chart: mean tokens/s per request (left axis) against mean duration and mean wait (right axis, seconds).",
    levelChart(
      runs,
      [
        { what: 't/s mean', color: STAT_COLORS.mean, pick: (l) => l.tokensPerSecond?.mean },
        { what: 'duration mean (s)', color: STAT_COLORS.duration, pick: (l) => toSeconds(l.e2eMs?.mean), axis: 'y2' },
        { what: 'wait mean (s)', color: STAT_COLORS.wait, pick: (l) => toSeconds(l.ttftMs?.mean), axis: 'y2' },
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

/**
 * Error rate by kind (docs/reports.md), stacked per run and level. The y axis fits the data rather than
 * 0–100 %: a 2 % error rate must stay visible.
 */
export function errorChart(runs: readonly RunSeries[]): ChartBlock {
  const axis = concurrencyAxis(runs);
  // Cancelled requests are not errors (common/level-outcomes.ts): a column of their own, no bar.
  const kinds = ERROR_KINDS.filter((k) => k !== 'cancelled' && runs.some((r) => r.levels.some((l) => (l.errorsByKind[k] ?? 0) > 0)));
  const withCancelled = runs.some((r) => r.levels.some((l) => levelOutcomes(l).cancelled > 0));
  const percent = (l: LevelSummary, k: ErrorKind): number | null => {
    const share = shareOfFinished(l, l.errorsByKind[k] ?? 0);
    return share === null ? null : share * 100;
  };
  const table = levelTable(runs, ['Requests', 'Errors', 'Errors %', ...kinds.map((k) => `${k} %`), ...(withCancelled ? ['Cancelled'] : [])], (l) => [
    String(l.requests),
    String(levelOutcomes(l).failed),
    errorPercent(l),
    ...kinds.map((k) => fixed(percent(l, k), 1)),
    ...(withCancelled ? [String(levelOutcomes(l).cancelled)] : []),
  ]);
  const description =
    "Share of the level's requests that ran their course and ended in error, by kind, percent (cancelled ones are counted apart). Errors never enter the averages.";
  if (kinds.length === 0) return chartBlock('errors', 'Error rate by kind', description, null, table, 'No request ended in error.');
  const chart: ChartSpec = {
    kind: 'bar',
    stacked: true,
    x: { type: 'category', title: X_TITLE, labels: axis.map(String) },
    y: { title: 'Requests in error (%)', min: 0 },
    series: runs.flatMap((run, i) =>
      kinds.map((k, kindIndex) => ({
        label: label(run, k),
        data: perLevel(run, axis, (l) => percent(l, k)),
        color: seriesColor(kindIndex),
        dashed: run.dashed,
        stack: `run${i}`,
      })),
    ),
  };
  return chartBlock('errors', 'Error rate by kind', description, chart, table);
}

/** Histogram of ok requests' output tokens, the same bins for every run. Loops, not spreads: a run may hold 100k+ requests. */
export function tokenDistributionChart(runs: readonly RunSeries[]): ChartBlock {
  const counts = runs.map((run) => run.records.filter((r) => r.status === 'ok').map((r) => r.outputTokens));
  const description = 'How many output tokens the ok requests produced (server count where reported), as a histogram.';
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of counts) {
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) {
    return chartBlock('tokens', 'Token-count distribution', description, null, { headers: ['Output tokens', 'Requests'], rows: [] }, 'No ok request.');
  }
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
    series: runs.map((run, i) => ({ label: label(run, 'requests'), data: histograms[i], color: seriesColor(i), dashed: run.dashed })),
  };
  const table: TableData = {
    headers: ['Output tokens', ...runs.map((r) => (named(runs) ? `${r.name ?? ''}: requests` : 'Requests'))],
    rows: Array.from({ length: bins }, (_, b) => [binLabel(b), ...histograms.map((h) => String(h[b]))]),
  };
  return chartBlock('tokens', 'Token-count distribution', description, chart, table);
}

/** Every per-level chart, in the order docs/reports.md lists them. */
export function levelChartBlocks(runs: readonly RunSeries[]): ChartBlock[] {
  return [ttftChart(runs), speedChart(runs), throughputChart(runs), durationChart(runs), combinedChart(runs), errorChart(runs), tokenDistributionChart(runs)];
}
