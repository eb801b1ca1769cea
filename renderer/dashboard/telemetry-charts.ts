// Time charts of the telemetry samples (docs/telemetry.md fields), x = seconds since the run started,
// with each level's window as a band. Values are plotted as sampled; null stays a gap, never a zero.
import type { LevelSummary } from '../../common/results.js';
import type { Band, ChartSpec, Series } from '../charts/chart-types.js';
import { numberField, stringField } from '../format.js';

type Sample = Record<string, unknown>;

export function levelBands(levels: LevelSummary[], originMs: number): Band[] {
  return levels.map((l) => ({ from: (l.startedAt - originMs) / 1000, to: (l.endedAt - originMs) / 1000, label: `×${l.concurrency}` }));
}

function pointsOf(samples: Sample[], originMs: number, key: string, scale = 1): Series['points'] {
  return samples.flatMap((s) => {
    const t = numberField(s, 't');
    if (t === null) return [];
    const v = numberField(s, key);
    return [{ x: (t - originMs) / 1000, y: v === null ? null : v * scale }];
  });
}

/** Per GPU index when there are several GPUs. */
function byGpu(samples: Sample[]): Map<string, Sample[]> {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const index = numberField(s, 'index');
    const key = index === null ? '' : `GPU ${index} `;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return groups;
}

/** Per process (pid), labelled "name pid". */
function byProcess(samples: Sample[]): Map<string, Sample[]> {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${stringField(s, 'name') ?? '?'} ${numberField(s, 'pid') ?? '?'}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  return groups;
}

export function telemetryCharts(
  telemetry: { gpu: Sample[]; process: Sample[] },
  levels: LevelSummary[],
  originMs: number,
): Record<'gpu' | 'gpuFreq' | 'processCpu' | 'processRam' | 'processHandles', ChartSpec> {
  const bands = levelBands(levels, originMs);
  const xTitle = 'seconds since the run started';
  const gpus = [...byGpu(telemetry.gpu)];
  const procs = [...byProcess(telemetry.process)];
  const line = (yTitle: string, series: Series[], y2Title?: string): ChartSpec => ({ kind: 'line', series, xTitle, yTitle, y2Title, bands });
  return {
    gpu: line(
      'GPU power (W)',
      gpus.flatMap(([name, s]) => [
        { label: `${name}power (W)`, points: pointsOf(s, originMs, 'gpuPowerW') },
        { label: `${name}usage (%)`, points: pointsOf(s, originMs, 'gpuUsagePct'), right: true, dashed: true },
      ]),
      'GPU usage (%)',
    ),
    gpuFreq: line('MHz', gpus.map(([name, s]) => ({ label: `${name}frequency (MHz)`, points: pointsOf(s, originMs, 'gpuFreqMHz') }))),
    processCpu: line('CPU (% of one core)', procs.map(([name, s]) => ({ label: name, points: pointsOf(s, originMs, 'cpuPct') }))),
    processRam: line('RSS (MB)', procs.map(([name, s]) => ({ label: name, points: pointsOf(s, originMs, 'rssBytes', 1 / 1024 ** 2) }))),
    processHandles: line(
      'threads',
      procs.flatMap(([name, s]) => [
        { label: `${name} threads`, points: pointsOf(s, originMs, 'threads') },
        { label: `${name} FDs`, points: pointsOf(s, originMs, 'fds'), right: true, dashed: true },
      ]),
      'open FDs',
    ),
  };
}
