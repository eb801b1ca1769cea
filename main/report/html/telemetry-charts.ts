// Telemetry over time (docs/reports.md § The HTML report): GPU power, frequency and usage, and the server
// processes' CPU, RAM, threads and FDs, with each level's window shaded so a change reads against the load.
import type { LevelSummary } from '../../../common/results.js';
import type { TelemetrySourceStatus } from '../../../common/run-manifest.js';
import type { GpuSample, ProcessSample } from '../../../common/telemetry.js';
import { fixed, MISSING } from '../cells.js';
import type { RunTelemetry } from '../run-telemetry.js';
import type { Band, Block, ChartSeries, ChartSpec, TableData } from './blocks.js';

export interface TelemetrySeries {
  name: string | null;
  dashed: boolean;
  /** Epoch ms the time axis starts from (the run's start). */
  originMs: number;
  telemetry: RunTelemetry;
  levels: readonly LevelSummary[];
  status: { gpu?: TelemetrySourceStatus; process?: TelemetrySourceStatus };
}

const GPU_COLORS = ['#c0392b', '#1f6fb2', '#2e9e5b', '#7b3fa0'];
const RUN_COLORS = ['#1f6fb2', '#e08a00'];

interface Point {
  t: number;
  value: number;
}

interface Metric<S> {
  id: string;
  title: string;
  unit: string;
  digits: number;
  description: string;
  /** One or more lines per run, each a list of time-stamped values. */
  lines: (samples: readonly S[]) => Array<{ label: string; points: Point[] }>;
}

function gpuLines(pick: (s: GpuSample) => number | null | undefined) {
  return (samples: readonly GpuSample[]): Array<{ label: string; points: Point[] }> => {
    const byIndex = new Map<number, Point[]>();
    for (const s of samples) {
      const value = pick(s);
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      const key = s.index ?? 0;
      const list = byIndex.get(key) ?? [];
      list.push({ t: s.t, value });
      byIndex.set(key, list);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, points]) => ({ label: byIndex.size > 1 ? `GPU ${index}` : 'GPU', points }));
  };
}

/** The server and its runner children are one service to the user: values summed per tick. */
function processLine(pick: (s: ProcessSample) => number | null | undefined, scale = 1) {
  return (samples: readonly ProcessSample[]): Array<{ label: string; points: Point[] }> => {
    const byTick = new Map<number, number>();
    for (const s of samples) {
      const value = pick(s);
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
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

function bandsOf(run: TelemetrySeries): Band[] {
  return [...run.levels]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((l) => ({ from: (l.startedAt - run.originMs) / 1000, to: (l.endedAt - run.originMs) / 1000, label: `×${l.concurrency}` }));
}

function telemetryChart<S>(runs: readonly TelemetrySeries[], metric: Metric<S>, samplesOf: (run: TelemetrySeries) => readonly S[], statusOf: (run: TelemetrySeries) => TelemetrySourceStatus | undefined): Block {
  const many = runs.length > 1 || runs[0]?.name !== null;
  const perRun = runs.map((run) => metric.lines(samplesOf(run)));
  const series: ChartSeries[] = runs.flatMap((run, r) =>
    perRun[r].map((line, i) => ({
      label: run.name === null ? line.label : `${run.name}: ${line.label}`,
      data: line.points.map((p) => ({ x: (p.t - run.originMs) / 1000, y: p.value })),
      color: many ? RUN_COLORS[r % RUN_COLORS.length] : GPU_COLORS[i % GPU_COLORS.length],
      dashed: run.dashed,
    })),
  );
  const table: TableData = {
    headers: [...(many ? ['Run'] : []), 'Parallel', `Mean (${metric.unit})`, `Max (${metric.unit})`, 'Samples'],
    rows: runs.flatMap((run, r) =>
      [...run.levels]
        .sort((a, b) => a.startedAt - b.startedAt)
        .map((level) => {
          const inside = perRun[r].flatMap((line) => line.points.filter((p) => p.t >= level.startedAt && p.t <= level.endedAt).map((p) => p.value));
          const mean = inside.length > 0 ? inside.reduce((a, b) => a + b, 0) / inside.length : null;
          const max = inside.length > 0 ? Math.max(...inside) : null;
          return [...(many ? [run.name ?? ''] : []), String(level.concurrency), fixed(mean, metric.digits), fixed(max, metric.digits), inside.length > 0 ? String(inside.length) : MISSING];
        }),
    ),
  };
  const block = { type: 'chart' as const, id: metric.id, title: metric.title, description: `${metric.description} Level windows shaded.`, table };
  if (series.every((s) => s.data.length === 0)) {
    const reasons = runs.map((run) => {
      const status = statusOf(run);
      const why = status && !status.available ? (status.reason ?? 'not available') : 'no samples in the run folder';
      return run.name === null ? why : `${run.name}: ${why}`;
    });
    return { ...block, chart: null, unavailable: `No data: ${reasons.join('; ')}.` };
  }
  const chart: ChartSpec = {
    kind: 'line',
    x: { type: 'linear', title: 'Seconds since the run started', min: 0 },
    y: { title: metric.unit, min: 0 },
    series,
    // Bands only make sense on one run's clock.
    ...(runs.length === 1 ? { bands: bandsOf(runs[0]) } : {}),
  };
  return { ...block, chart };
}

export function telemetryChartBlocks(runs: readonly TelemetrySeries[]): { gpu: Block[]; process: Block[] } {
  return {
    gpu: GPU_METRICS.map((m) => telemetryChart(runs, m, (run) => run.telemetry.gpu, (run) => run.status.gpu)),
    process: PROCESS_METRICS.map((m) => telemetryChart(runs, m, (run) => run.telemetry.process, (run) => run.status.process)),
  };
}
