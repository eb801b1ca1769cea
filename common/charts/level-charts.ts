// The per-level charts of docs/reports.md § The HTML report, for one run or several overlaid (compare):
// each run is a set of series, told apart by its name in the legend and by dashes. The dashboard, the
// HTML report and both compare views draw these blocks. A repeated run (`--repeat N`) draws each level's
// mean over its repeats with its 95 % confidence interval as an error bar (main/metrics/repeats.ts).
import { errorPercent, fixed, okOfSent, rate, seconds } from '../format.js';
import { levelOutcomes, shareOfFinished } from '../level-outcomes.js';
import { LEVEL_FIGURES, type LevelFigure } from '../level-figures.js';
import { compareLevels, compareMatchedLevels, groupBy, levelColumns, levelLabel, levelMatchKey, onlyConcurrencyLevels, type LevelIdentity } from '../levels.js';
import { ERROR_KINDS, type ErrorKind, type LevelSummary, type RepeatedLevel, type RequestRecord } from '../results.js';
import { chartBlock, type ChartBlock, type ChartSpec, type Series, type TableData } from './chart-model.js';
import { seriesColor, STAT_COLORS } from './palette.js';

export interface RunSeries {
  /** Legend prefix ("A", "B"); null for a single run. */
  name: string | null;
  levels: readonly LevelSummary[];
  /** Only status and outputTokens are read (the token histogram): records without playback payload do. */
  records: readonly Pick<RequestRecord, 'status' | 'outputTokens'>[];
  dashed: boolean;
  /** `--repeat N`: each level of the plan over its repeats (RunSummary.repeats); charts then draw means and intervals. */
  repeats?: readonly RepeatedLevel[] | null;
}

const CONCURRENCY_TITLE = 'Parallel requests (concurrency)';
const TOKEN_BINS = 10;

/** One position on the shared level axis: the same level in every run (common/levels.ts levelMatchKey). */
interface AxisLevel {
  key: string;
  label: string;
}

/** A run's levels by axis position: every repeat of each (one summary when the run was not repeated). */
function levelsByKey(run: RunSeries): Map<string, LevelSummary[]> {
  return groupBy([...run.levels].sort(compareLevels), levelMatchKey);
}

/** Every level any run tested, in axis order: concurrency ascending, a sweep's steps, then rates. */
function levelAxis(runs: readonly RunSeries[]): AxisLevel[] {
  const seen = new Map<string, LevelIdentity>();
  for (const run of runs) for (const level of run.levels) if (!seen.has(levelMatchKey(level))) seen.set(levelMatchKey(level), level);
  return [...seen.entries()].sort((a, b) => compareMatchedLevels(a[1], b[1])).map(([key, level]) => ({ key, label: levelLabel(level) }));
}

function axisTitle(runs: readonly RunSeries[]): string {
  const all = runs.flatMap((r) => r.levels);
  if (onlyConcurrencyLevels(all)) return CONCURRENCY_TITLE;
  return all.every((l) => l.mode === 'rate' && l.sweep === undefined) ? 'Request rate (requests/s)' : 'Level';
}

/** The run's repeat statistics of the level at `key`, when it was repeated. */
function repeatedAt(run: RunSeries, key: string): RepeatedLevel | undefined {
  return run.repeats?.find((r) => levelMatchKey(r.level) === key && r.repeats > 1);
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
  /** The level figure drawn (common/level-figures.ts): one repeat's value, or the mean over repeats. */
  figure: LevelFigure;
  /** Display scale: the figure is divided by it (ms → s). */
  scale?: number;
  axis?: 'y' | 'y2';
}

/** One series per run and metric; a repeated level draws its mean and 95 % interval. */
function metricSeries(run: RunSeries, axis: readonly AxisLevel[], m: Metric): Series {
  const scale = m.scale ?? 1;
  const byKey = levelsByKey(run);
  const data: Array<number | null> = [];
  const intervals: Array<{ low: number; high: number } | null> = [];
  for (const { key } of axis) {
    const repeated = repeatedAt(run, key);
    const stats = repeated?.figures[m.figure];
    if (repeated) {
      data.push(stats ? stats.mean / scale : null);
      intervals.push(stats?.ci95 ? { low: stats.ci95.low / scale, high: stats.ci95.high / scale } : null);
      continue;
    }
    const level = byKey.get(key)?.[0];
    const value = level ? LEVEL_FIGURES[m.figure].pick(level) : null;
    data.push(value === null ? null : value / scale);
    intervals.push(null);
  }
  const series: Series = { label: label(run, m.what), data, color: m.color, dashed: run.dashed, axis: m.axis ?? 'y' };
  if (intervals.some((i) => i !== null)) series.intervals = intervals;
  return series;
}

function levelChart(runs: readonly RunSeries[], metrics: readonly Metric[], yTitle: string, y2Title?: string): ChartSpec {
  const axis = levelAxis(runs);
  return {
    kind: 'line',
    x: { type: 'category', title: axisTitle(runs), labels: axis.map((a) => a.label) },
    y: { title: yTitle, min: 0 },
    ...(y2Title ? { y2: { title: y2Title, min: 0 } } : {}),
    series: runs.flatMap((run) => metrics.map((m) => metricSeries(run, axis, m))),
  };
}

/** What a chart says about repeats: each level is the mean over them, the bar its 95 % interval. */
function repeatNote(runs: readonly RunSeries[]): string {
  return runs.some((r) => r.repeats?.some((l) => l.repeats > 1))
    ? ' Repeated levels: the mean over the repeats, the error bar its 95 % confidence interval (Student’s t); the table lists every repeat.'
    : '';
}

/** Rows per run and level (and repeat); with several runs the first column names the run. */
function levelTable(runs: readonly RunSeries[], headers: readonly string[], cells: (level: LevelSummary) => string[]): TableData {
  const many = named(runs);
  const lead = levelColumns(runs.flatMap((r) => r.levels));
  return {
    headers: [...(many ? ['Run'] : []), ...lead.headers, ...headers],
    rows: runs.flatMap((run) => [...run.levels].sort(compareLevels).map((l) => [...(many ? [run.name ?? ''] : []), ...lead.cells(l), ...cells(l)])),
  };
}

export function ttftChart(runs: readonly RunSeries[]): ChartBlock {
  return chartBlock(
    'ttft',
    'Wait: TTFT vs concurrency',
    `Time to first token (the wait) of ok requests, mean and the slow tail p95/p99, seconds.${repeatNote(runs)}`,
    levelChart(
      runs,
      [
        { what: 'TTFT mean', color: STAT_COLORS.mean, figure: 'ttftMeanMs', scale: 1000 },
        { what: 'TTFT p95', color: STAT_COLORS.tail, figure: 'ttftP95Ms', scale: 1000 },
        { what: 'TTFT p99', color: STAT_COLORS.worst, figure: 'ttftP99Ms', scale: 1000 },
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
    `Decode speed of each ok request, (output tokens − 1) / (last token − TTFT): the mean and the slow tail p5/p1 (what the slowest requests felt).${repeatNote(runs)}`,
    levelChart(
      runs,
      [
        { what: 't/s mean', color: STAT_COLORS.mean, figure: 'tokensPerSecondMean' },
        { what: 't/s p5 (slow tail)', color: STAT_COLORS.tail, figure: 'tokensPerSecondP5' },
        { what: 't/s p1 (slow tail)', color: STAT_COLORS.worst, figure: 'tokensPerSecondP1' },
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
    `Σ output tokens of the level's ok requests / the level's wall time (its active window for a level with a duration), tokens/s.${repeatNote(runs)}`,
    levelChart(runs, [{ what: 'throughput', color: STAT_COLORS.mean, figure: 'throughputTokensPerSecond' }], 'Tokens/s (all requests)'),
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
    `t0 to the end of the response, wait included, of ok requests: min, mean, p99 and max, seconds.${repeatNote(runs)}`,
    levelChart(
      runs,
      [
        { what: 'min', color: STAT_COLORS.min, figure: 'e2eMinMs', scale: 1000 },
        { what: 'mean', color: STAT_COLORS.mean, figure: 'e2eMeanMs', scale: 1000 },
        { what: 'p99', color: STAT_COLORS.worst, figure: 'e2eP99Ms', scale: 1000 },
        { what: 'max', color: STAT_COLORS.max, figure: 'e2eMaxMs', scale: 1000 },
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
    `The study's combined chart: mean tokens/s per request (left axis) against mean duration and mean wait (right axis, seconds).${repeatNote(runs)}`,
    levelChart(
      runs,
      [
        { what: 't/s mean', color: STAT_COLORS.mean, figure: 'tokensPerSecondMean' },
        { what: 'duration mean (s)', color: STAT_COLORS.duration, figure: 'e2eMeanMs', scale: 1000, axis: 'y2' },
        { what: 'wait mean (s)', color: STAT_COLORS.wait, figure: 'ttftMeanMs', scale: 1000, axis: 'y2' },
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
  const axis = levelAxis(runs);
  // Cancelled requests are not errors (common/level-outcomes.ts): a column of their own, no bar.
  const kinds = ERROR_KINDS.filter((k) => k !== 'cancelled' && runs.some((r) => r.levels.some((l) => (l.errorsByKind[k] ?? 0) > 0)));
  const withCancelled = runs.some((r) => r.levels.some((l) => levelOutcomes(l).cancelled > 0));
  const percent = (l: LevelSummary, k: ErrorKind): number | null => {
    const share = shareOfFinished(l, l.errorsByKind[k] ?? 0);
    return share === null ? null : share * 100;
  };
  // Repeats pooled: a kind's errors over every repeat / every repeat's requests that ran their course.
  const pooled = (run: RunSeries, k: ErrorKind): Array<number | null> => {
    const byKey = levelsByKey(run);
    return axis.map(({ key }) => {
      const group = byKey.get(key) ?? [];
      let finished = 0;
      let errors = 0;
      for (const l of group) {
        const { ok, failed } = levelOutcomes(l);
        finished += ok + failed;
        errors += l.errorsByKind[k] ?? 0;
      }
      return finished > 0 ? (errors / finished) * 100 : null;
    });
  };
  const table = levelTable(runs, ['Requests', 'Errors', 'Errors %', ...kinds.map((k) => `${k} %`), ...(withCancelled ? ['Cancelled'] : [])], (l) => [
    String(l.requests),
    String(levelOutcomes(l).failed),
    errorPercent(l),
    ...kinds.map((k) => fixed(percent(l, k), 1)),
    ...(withCancelled ? [String(levelOutcomes(l).cancelled)] : []),
  ]);
  const description =
    "Share of the level's requests that ran their course and ended in error, by kind, percent (cancelled ones are counted apart). Errors never enter the averages." +
    (runs.some((r) => r.levels.some((l) => (l.repeat ?? 0) > 0)) ? ' Repeated levels: every repeat’s requests pooled.' : '');
  if (kinds.length === 0) return chartBlock('errors', 'Error rate by kind', description, null, table, 'No request ended in error.');
  const chart: ChartSpec = {
    kind: 'bar',
    stacked: true,
    x: { type: 'category', title: axisTitle(runs), labels: axis.map((a) => a.label) },
    y: { title: 'Requests in error (%)', min: 0 },
    series: runs.flatMap((run, i) =>
      kinds.map((k, kindIndex) => ({
        label: label(run, k),
        data: pooled(run, k),
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

/**
 * The Pareto view (GuideLLM's and vLLM's trade-off plot): each level's aggregate throughput (x) against
 * the speed one request gets there (y, tokens/s p50) — more load buys throughput and costs each user speed.
 * One point per level, joined in level order; a repeated level at its means.
 */
export function paretoChart(runs: readonly RunSeries[]): ChartBlock {
  const table = levelTable(runs, ['Throughput t/s', 'Per-request t/s p50', 'Per-request t/s p5'], (l) => [
    rate(l.throughputTokensPerSecond),
    rate(l.tokensPerSecond?.p50),
    rate(l.tokensPerSecond?.p5),
  ]);
  const description =
    "Each level's aggregate throughput (all requests, x) against the decode speed one request gets there (its median tokens/s, y): " +
    'how much speed per user each step of throughput costs. Points in level order.' +
    repeatNote(runs);
  const series: Series[] = runs.map((run, i) => {
    const axis = levelAxis([run]);
    const x = metricSeries(run, axis, { what: 'throughput', color: seriesColor(i), figure: 'throughputTokensPerSecond' }).data as Array<number | null>;
    const y = metricSeries(run, axis, { what: 'speed', color: seriesColor(i), figure: 'tokensPerSecondP50' }).data as Array<number | null>;
    const points = axis.flatMap((_, k) => (x[k] !== null && y[k] !== null ? [{ x: x[k] as number, y: y[k] }] : []));
    return { label: label(run, 'levels'), data: points, color: seriesColor(i), dashed: run.dashed };
  });
  if (series.every((s) => s.data.length === 0)) return chartBlock('pareto', 'Per-request speed vs throughput', description, null, table, 'No level has both figures.');
  const chart: ChartSpec = {
    kind: 'line',
    x: { type: 'linear', title: 'Aggregate throughput (tokens/s, all requests)', min: 0 },
    y: { title: 'Tokens/s per request (p50)', min: 0 },
    series,
  };
  return chartBlock('pareto', 'Per-request speed vs throughput', description, chart, table);
}

/**
 * The ITL distribution of each level: every gap between consecutive token chunks of its ok requests,
 * pooled, as a share of the level's gaps per bin (LevelSummary.itlHistogram, fixed bins).
 */
export function itlDistributionChart(runs: readonly RunSeries[]): ChartBlock {
  const description =
    'Every gap between consecutive token chunks of the ok requests of a level, pooled over its requests (vLLM’s ITL) and repeats, ' +
    'as a share of the level’s gaps per bin, percent. A long right tail is stalls a reader sees.';
  // Per run and level of the plan: its repeats' counts added up (every repeat bins the same way).
  const lines = runs.flatMap((run) =>
    [...levelsByKey(run).values()].flatMap((group) => {
      const histograms = group.flatMap((l) => (l.itlHistogram ? [l.itlHistogram] : []));
      if (histograms.length === 0) return [];
      const counts = histograms[0].edgesMs.map((_, b) => histograms.reduce((sum, h) => sum + (h.counts[b] ?? 0), 0));
      return [{ run, level: group[0], edgesMs: histograms[0].edgesMs, counts }];
    }),
  );
  const empty = { headers: ['ITL (ms)'], rows: [] as string[][] };
  if (lines.length === 0) return chartBlock('itl', 'ITL distribution per level', description, null, empty, 'No level recorded its token gaps.');
  const edges = lines[0].edgesMs;
  const labels = edges.map((lo, i) => (i + 1 < edges.length ? `${lo}–${edges[i + 1]}` : `≥ ${lo}`));
  const shares = lines.map(({ counts }) => {
    const total = counts.reduce((a, b) => a + b, 0);
    return labels.map((_, b) => (total > 0 ? ((counts[b] ?? 0) / total) * 100 : null));
  });
  const name = (run: RunSeries, level: LevelSummary): string => label(run, onlyConcurrencyLevels([level]) ? `×${level.concurrency}` : levelLabel(level));
  const chart: ChartSpec = {
    kind: 'line',
    x: { type: 'category', title: 'Gap between token chunks (ms)', labels },
    y: { title: 'Share of gaps (%)', min: 0 },
    series: lines.map(({ run, level }, i) => ({ label: name(run, level), data: shares[i], color: seriesColor(i), dashed: run.dashed })),
  };
  const table: TableData = {
    headers: ['ITL (ms)', ...lines.map(({ run, level }) => `${name(run, level)} %`)],
    rows: labels.map((binLabel, b) => [binLabel, ...shares.map((share) => fixed(share[b], 1))]),
  };
  return chartBlock('itl', 'ITL distribution per level', description, chart, table);
}

/**
 * The reasoning split: how long until the first token (thinking or answer) and until the first answer
 * token, and how many thinking tokens a request spent, per level. Both are measured on every request;
 * for a model that does not think, the two times coincide and the thinking count is 0.
 */
export function reasoningChart(runs: readonly RunSeries[]): ChartBlock {
  const description =
    'TTFT (first token of any kind) beside the time to the first answer token, means in seconds (left axis); ' +
    'thinking tokens per request, mean (right axis). The gap between the two times is time spent thinking.' +
    repeatNote(runs);
  const table = levelTable(runs, ['TTFT mean (s)', 'First answer mean (s)', 'Thinking tokens mean'], (l) => [
    seconds(l.ttftMs?.mean),
    seconds(l.firstAnswerMs?.mean),
    fixed(l.thinkingTokens?.mean, 1),
  ]);
  const chart = levelChart(
    runs,
    [
      { what: 'TTFT mean (s)', color: STAT_COLORS.mean, figure: 'ttftMeanMs', scale: 1000 },
      { what: 'first answer token mean (s)', color: STAT_COLORS.wait, figure: 'firstAnswerMeanMs', scale: 1000 },
      { what: 'thinking tokens mean', color: STAT_COLORS.tail, figure: 'thinkingTokensMean', axis: 'y2' },
    ],
    'Seconds',
    'Thinking tokens per request',
  );
  return chartBlock('reasoning', 'Reasoning: first answer token vs TTFT, thinking tokens', description, chart, table);
}

/** Every per-level chart, in the order docs/reports.md lists them. */
export function levelChartBlocks(runs: readonly RunSeries[]): ChartBlock[] {
  return [
    ttftChart(runs),
    speedChart(runs),
    throughputChart(runs),
    durationChart(runs),
    combinedChart(runs),
    errorChart(runs),
    tokenDistributionChart(runs),
    paretoChart(runs),
    itlDistributionChart(runs),
    reasoningChart(runs),
  ];
}
