// Energy over a level: power samples integrated with the trapezoid rule over the level's window,
// the power curve being the straight lines between samples, cut at the window's edges.
import type { EnergySummary } from '../../common/results.js';
import type { GpuSample } from '../../common/telemetry.js';

export interface PowerPoint {
  /** Epoch ms. */
  t: number;
  watts: number;
}

export interface EnergyWindow {
  startedAt: number;
  endedAt: number;
}

export interface PowerIntegral {
  joules: number;
  /** Points whose time falls inside the window. */
  samples: number;
}

/**
 * ∫ power dt over the window, in joules. Returns null when the samples do not cover the window: no
 * sample within `maxGapMs` of an edge, or a hole longer than `maxGapMs` inside it. Before the first and
 * after the last sample (within `maxGapMs`) the power is held at that sample's value.
 */
export function integratePower(points: readonly PowerPoint[], window: EnergyWindow, maxGapMs: number): PowerIntegral | null {
  const a = window.startedAt;
  const b = window.endedAt;
  if (!(b > a)) return null;
  const pts = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.watts)).sort((x, y) => x.t - y.t);
  if (pts.length === 0) return null;
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first.t - a > maxGapMs || b - last.t > maxGapMs) return null;
  for (let i = 1; i < pts.length; i++) {
    const gapStart = pts[i - 1].t;
    const gapEnd = pts[i].t;
    if (gapEnd - gapStart > maxGapMs && gapEnd > a && gapStart < b) return null;
  }

  const valueAt = (x: number): number => {
    if (x <= first.t) return first.watts;
    if (x >= last.t) return last.watts;
    let lo = 0;
    let hi = pts.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (pts[mid].t <= x) lo = mid;
      else hi = mid;
    }
    const p = pts[lo];
    const q = pts[hi];
    return q.t === p.t ? q.watts : p.watts + ((q.watts - p.watts) * (x - p.t)) / (q.t - p.t);
  };

  const curve: PowerPoint[] = [{ t: a, watts: valueAt(a) }];
  let samples = 0;
  for (const p of pts) {
    if (p.t >= a && p.t <= b) samples += 1;
    if (p.t > a && p.t < b) curve.push(p);
  }
  curve.push({ t: b, watts: valueAt(b) });
  let joules = 0;
  for (let i = 1; i < curve.length; i++) {
    joules += ((curve[i - 1].watts + curve[i].watts) / 2) * ((curve[i].t - curve[i - 1].t) / 1000);
  }
  return { joules, samples };
}

/**
 * A sample's value is the mean over the interval that ends at `t`; placing it at the interval's
 * middle keeps a ramp in power from being shifted half an interval late.
 */
function pointsOf(samples: readonly GpuSample[], field: 'gpuPowerW' | 'cpuPowerW' | 'combinedPowerW'): PowerPoint[] {
  const points: PowerPoint[] = [];
  for (const s of samples) {
    const w = s[field];
    if (typeof w === 'number') points.push({ t: s.t - (s.intervalMs ?? 0) / 2, watts: w });
  }
  return points;
}

/** Sums one field's integral over every GPU index; null when any index fails to cover the window. */
function integrateField(
  byIndex: Map<number, GpuSample[]>,
  field: 'gpuPowerW' | 'cpuPowerW' | 'combinedPowerW',
  window: EnergyWindow,
  maxGapMs: number,
): PowerIntegral | null {
  let joules = 0;
  let samples = 0;
  for (const series of byIndex.values()) {
    const integral = integratePower(pointsOf(series, field), window, maxGapMs);
    if (!integral) return null;
    joules += integral.joules;
    samples += integral.samples;
  }
  return byIndex.size > 0 ? { joules, samples } : null;
}

/** The level's EnergySummary from the GPU samples of the run; null when power does not cover the window. */
export function energyOfWindow(
  samples: readonly GpuSample[],
  window: EnergyWindow,
  outputTokens: number,
  maxGapMs: number,
): EnergySummary | null {
  const byIndex = new Map<number, GpuSample[]>();
  for (const s of samples) {
    const key = s.index ?? 0;
    const list = byIndex.get(key);
    if (list) list.push(s);
    else byIndex.set(key, [s]);
  }
  const gpu = integrateField(byIndex, 'gpuPowerW', window, maxGapMs);
  if (!gpu) return null;
  const seconds = (window.endedAt - window.startedAt) / 1000;
  const summary: EnergySummary = {
    joules: gpu.joules,
    watts: gpu.joules / seconds,
    joulesPerToken: outputTokens > 0 ? gpu.joules / outputTokens : null,
    tokensPerJoule: gpu.joules > 0 ? outputTokens / gpu.joules : null,
    source: samples[0].source,
    samples: gpu.samples,
  };
  const cpu = integrateField(byIndex, 'cpuPowerW', window, maxGapMs);
  if (cpu) summary.cpuJoules = cpu.joules;
  const combined = integrateField(byIndex, 'combinedPowerW', window, maxGapMs);
  if (combined) {
    summary.combinedJoules = combined.joules;
    summary.combinedJoulesPerToken = outputTokens > 0 ? combined.joules / outputTokens : null;
  }
  return summary;
}
