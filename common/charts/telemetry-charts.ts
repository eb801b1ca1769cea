// Telemetry over time (docs/reports.md § The HTML report): GPU power, frequency and usage, and the server
// processes' CPU, RAM, threads and FDs, with each level's window shaded so a change reads against the load.
// The server and its runner children are summed per tick: to the user they are one service, and one line
// per run stays comparable when two runs are overlaid (their PIDs differ anyway).
import { fixed, MISSING } from '../format.js';
import { levelLabel, onlyConcurrencyLevels } from '../levels.js';
import type { LevelSummary } from '../results.js';
import type { TelemetrySourceStatus } from '../run-manifest.js';
import type { GpuSample, ProcessSample } from '../telemetry.js';
import { chartBlock, type Band, type ChartBlock, type ChartSpec, type Series, type TableData } from './chart-model.js';
import { bandColor, seriesColor } from './palette.js';

/** A run's telemetry samples (telemetry/gpu.jsonl, telemetry/process.jsonl), validated, in time order. */
export interface TelemetrySamples {
  gpu: GpuSample[];
  process: ProcessSample[];
}

export interface TelemetrySeries {
  /** Legend prefix; null for a single run. */
  name: string | null;
  dashed: boolean;
  /** Epoch ms the time axis starts from (the run's start). */
  originMs: number;
  telemetry: TelemetrySamples;
  levels: readonly LevelSummary[];
  /** As run.json records it: why a source is missing. */
  status: { gpu?: TelemetrySourceStatus; process?: TelemetrySourceStatus };
}

interface TimedValue {
  t: number;
  value: number;
}

interface Line {
  label: string;
  points: TimedValue[];
}

interface Metric<S> {
  id: string;
  title: string;
  unit: string;
  digits: number;
  description: string;
  /** One or more lines per run. */
  lines: (samples: readonly S[]) => Line[];
}

const isValue = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** One line per GPU index ("GPU" when there is one). */
function gpuLines(pick: (s: GpuSample) => number | null | undefined) {
  return (samples: readonly GpuSample[]): Line[] => {
    const byIndex = new Map<number, TimedValue[]>();
    for (const s of samples) {
      const value = pick(s);
      if (!isValue(value)) continue;
      const key = s.index ?? 0;
      const list = byIndex.get(key);
      if (list) list.push({ t: s.t, value });
      else byIndex.set(key, [{ t: s.t, value }]);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, points]) => ({ label: byIndex.size > 1 ? `GPU ${index}` : 'GPU', points }));
  };
}

/** The server and its children summed per tick. */
function processLine(pick: (s: ProcessSample) => number | null | undefined, scale = 1) {
  return (samples: readonly ProcessSample[]): Line[] => {
    const byTick = new Map<number, number>();
    for (const s of samples) {
      const value = pick(s);
      if (!isValue(value)) continue;
      byTick.set(s.t, (byTick.get(s.t) ?? 0) + value * scale);
    }
    const points = [...byTick.entries()].sort((a, b) => a[0] - b[0]).map(([t, value]) => ({ t, value }));
    return points.length > 0 ? [{ label: 'server + children', points }] : [];
  };
}

const GPU_METRICS: Array<Metric<GpuSample>> = [
  { id: 'gpu-power', title: 'GPU power over time', unit: 'W', digits: 1, description: 'GPU power as the sampler reports it, watts.', lines: gpuLines((s) => s.gpuPowerW) },
  { id: 'gpu-frequency', title: 'GPU frequency over time', unit: 'MHz', digits: 0, description: 'GPU frequency while active, MHz.', lines: gpuLines((s) => s.gpuFreqMHz) },
  { id: 'gpu-usage', title: 'GPU usage over time', unit: '%', digits: 1, description: 'Share of time the GPU was busy, percent.', lines: gpuLines((s) => s.gpuUsagePct) },
];

const PROCESS_METRICS: Array<Metric<ProcessSample>> = [
  {
    id: 'process-cpu',
    title: 'Server CPU over time',
    unit: '% of one core',
    digits: 1,
    description: 'CPU time of the server and its children during each interval ÷ the interval, in % of one core.',
    lines: processLine((s) => s.cpuPct),
  },
  { id: 'process-ram', title: 'Server RAM (RSS) over time', unit: 'MiB', digits: 1, description: 'Resident memory of the server and its children, MiB.', lines: processLine((s) => s.rssBytes, 1 / 1024 ** 2) },
  { id: 'process-threads', title: 'Server threads over time', unit: 'threads', digits: 0, description: 'Threads of the server and its children.', lines: processLine((s) => s.threads) },
  { id: 'process-fds', title: 'Server open file descriptors over time', unit: 'FDs', digits: 0, description: 'Open file descriptors of the server and its children.', lines: processLine((s) => s.fds) },
];

/** Each level's window on the run's clock, seconds since `originMs`, named "×4" (a concurrency) or by its label ("2/s"). */
export function levelBands(levels: readonly LevelSummary[], originMs: number): Band[] {
  return [...levels]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((l, i) => ({
      from: (l.startedAt - originMs) / 1000,
      to: (l.endedAt - originMs) / 1000,
      label: onlyConcurrencyLevels([l]) ? `×${l.concurrency}` : levelLabel(l),
      color: bandColor(i),
    }));
}

/** Mean and max of the values inside [from, to], over every line; loops, not spreads (long runs have many samples). */
function windowStats(lines: readonly Line[], from: number, to: number): { mean: number | null; max: number | null; count: number } {
  let sum = 0;
  let max = -Infinity;
  let count = 0;
  for (const line of lines) {
    for (const p of line.points) {
      if (p.t < from || p.t > to) continue;
      sum += p.value;
      if (p.value > max) max = p.value;
      count++;
    }
  }
  return count > 0 ? { mean: sum / count, max, count } : { mean: null, max: null, count: 0 };
}

/** A level in a table's first column: its concurrency, or its label for a rate or sweep level. */
function levelName(level: LevelSummary): string {
  return onlyConcurrencyLevels([level]) ? String(level.concurrency) : levelLabel(level);
}

function telemetryChart<S>(
  runs: readonly TelemetrySeries[],
  metric: Metric<S>,
  samplesOf: (run: TelemetrySeries) => readonly S[],
  statusOf: (run: TelemetrySeries) => TelemetrySourceStatus | undefined,
): ChartBlock {
  const many = runs.length > 1 || runs[0]?.name != null;
  const perRun = runs.map((run) => metric.lines(samplesOf(run)));
  const series: Series[] = runs.flatMap((run, r) =>
    perRun[r].map((line, i) => ({
      label: run.name === null ? line.label : `${run.name}: ${line.label}`,
      data: line.points.map((p) => ({ x: (p.t - run.originMs) / 1000, y: p.value })),
      color: seriesColor(many ? r : i),
      dashed: run.dashed,
    })),
  );
  const table: TableData = {
    headers: [...(many ? ['Run'] : []), onlyConcurrencyLevels(runs.flatMap((r) => r.levels)) ? 'Parallel' : 'Level', `Mean (${metric.unit})`, `Max (${metric.unit})`, 'Samples'],
    rows: runs.flatMap((run, r) =>
      [...run.levels]
        .sort((a, b) => a.startedAt - b.startedAt)
        .map((level) => {
          const inside = windowStats(perRun[r], level.startedAt, level.endedAt);
          const cells = [levelName(level), fixed(inside.mean, metric.digits), fixed(inside.max, metric.digits), inside.count > 0 ? String(inside.count) : MISSING];
          return [...(many ? [run.name ?? ''] : []), ...cells];
        }),
    ),
  };
  const description = `${metric.description} Level windows shaded.`;
  if (series.every((s) => s.data.length === 0)) {
    const reasons = runs.map((run) => {
      const status = statusOf(run);
      const why = status && !status.available ? (status.reason ?? 'not available') : 'no samples in the run folder';
      return run.name === null ? why : `${run.name}: ${why}`;
    });
    return chartBlock(metric.id, metric.title, description, null, table, `No data: ${reasons.join('; ')}.`);
  }
  const chart: ChartSpec = {
    kind: 'line',
    x: { type: 'linear', title: 'Seconds since the run started', min: 0 },
    y: { title: metric.unit, min: 0 },
    series,
    // Bands only make sense on one run's clock.
    ...(runs.length === 1 ? { bands: levelBands(runs[0].levels, runs[0].originMs) } : {}),
  };
  return chartBlock(metric.id, metric.title, description, chart, table);
}

export function telemetryChartBlocks(runs: readonly TelemetrySeries[]): { gpu: ChartBlock[]; process: ChartBlock[] } {
  return {
    gpu: GPU_METRICS.map((m) => telemetryChart(runs, m, (run) => run.telemetry.gpu, (run) => run.status.gpu)),
    process: PROCESS_METRICS.map((m) => telemetryChart(runs, m, (run) => run.telemetry.process, (run) => run.status.process)),
  };
}
