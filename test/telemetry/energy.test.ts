import { describe, expect, it } from 'vitest';
import { energyOfWindow, integratePower, type PowerPoint } from '../../main/telemetry/energy.js';
import type { GpuSample } from '../../common/telemetry.js';

const T0 = 1_700_000_000_000;

/** P(t) = 10 W + 2 W/s × (t − T0), sampled every `stepMs` from T0 to T0 + spanMs. */
function ramp(stepMs: number, spanMs: number): PowerPoint[] {
  const points: PowerPoint[] = [];
  for (let dt = 0; dt <= spanMs; dt += stepMs) points.push({ t: T0 + dt, watts: 10 + (2 * dt) / 1000 });
  return points;
}

/** ∫ (10 + 2s) ds from a to b seconds = 10(b − a) + (b² − a²). */
const rampJoules = (a: number, b: number): number => 10 * (b - a) + (b * b - a * a);

describe('integratePower', () => {
  it('is exact for a linear trace, window edges falling between samples', () => {
    const r = integratePower(ramp(1000, 20_000), { startedAt: T0 + 2500, endedAt: T0 + 12_250 }, 5000);
    expect(r).not.toBeNull();
    expect(r!.joules).toBeCloseTo(rampJoules(2.5, 12.25), 9);
    // Samples at 3 s … 12 s.
    expect(r!.samples).toBe(10);
  });

  it('handles a window shorter than one sample interval', () => {
    const r = integratePower(ramp(1000, 5000), { startedAt: T0 + 1200, endedAt: T0 + 1700 }, 5000);
    expect(r!.joules).toBeCloseTo(rampJoules(1.2, 1.7), 9);
    expect(r!.samples).toBe(0);
  });

  it('gives a constant trace power × time, whatever the sample order', () => {
    const pts = [0, 3000, 1000, 2000, 4000].map((dt) => ({ t: T0 + dt, watts: 20 }));
    expect(integratePower(pts, { startedAt: T0, endedAt: T0 + 4000 }, 5000)!.joules).toBeCloseTo(80, 9);
  });

  it('holds the edge value up to maxGapMs beyond the samples, and refuses beyond it', () => {
    const pts = ramp(1000, 4000);
    const held = integratePower(pts, { startedAt: T0 - 500, endedAt: T0 + 4000 }, 1000);
    expect(held!.joules).toBeCloseTo(0.5 * 10 + rampJoules(0, 4), 9);
    expect(integratePower(pts, { startedAt: T0 - 1500, endedAt: T0 + 4000 }, 1000)).toBeNull();
    expect(integratePower(pts, { startedAt: T0, endedAt: T0 + 5500 }, 1000)).toBeNull();
  });

  it('refuses a window with a hole in the samples longer than maxGapMs', () => {
    const pts = ramp(1000, 10_000).filter((p) => p.t < T0 + 3000 || p.t > T0 + 8000);
    expect(integratePower(pts, { startedAt: T0 + 1000, endedAt: T0 + 10_000 }, 2000)).toBeNull();
    // A window that ends before the hole is fine.
    expect(integratePower(pts, { startedAt: T0, endedAt: T0 + 2000 }, 2000)!.joules).toBeCloseTo(rampJoules(0, 2), 9);
  });

  it('returns null for an empty window or no samples', () => {
    expect(integratePower([], { startedAt: T0, endedAt: T0 + 1000 }, 5000)).toBeNull();
    expect(integratePower(ramp(1000, 3000), { startedAt: T0 + 1000, endedAt: T0 + 1000 }, 5000)).toBeNull();
  });
});

const sample = (dt: number, fields: Partial<GpuSample>): GpuSample => ({
  t: T0 + dt,
  source: 'test',
  gpuUsagePct: null,
  gpuFreqMHz: null,
  gpuPowerW: null,
  ...fields,
});

describe('energyOfWindow', () => {
  it('gives joules, mean watts, J/token and tokens/J; CPU and combined ride along', () => {
    const samples: GpuSample[] = [];
    for (let dt = 0; dt <= 10_000; dt += 500) samples.push(sample(dt, { gpuPowerW: 20, cpuPowerW: 5, combinedPowerW: 25 }));
    const e = energyOfWindow(samples, { startedAt: T0 + 1000, endedAt: T0 + 9000 }, 400, 5000);
    expect(e).toEqual({
      joules: 160,
      watts: 20,
      joulesPerToken: 0.4,
      tokensPerJoule: 2.5,
      source: 'test',
      samples: 17,
      cpuJoules: 40,
      combinedJoules: 200,
      combinedJoulesPerToken: 0.5,
    });
  });

  it('sums GPUs by index and has no per-token figures without tokens', () => {
    const samples: GpuSample[] = [];
    for (let dt = 0; dt <= 4000; dt += 1000) {
      samples.push(sample(dt, { index: 0, gpuPowerW: 100 }), sample(dt, { index: 1, gpuPowerW: 50 }));
    }
    const e = energyOfWindow(samples, { startedAt: T0, endedAt: T0 + 4000 }, 0, 5000);
    expect(e!.joules).toBeCloseTo(600, 9);
    expect(e!.watts).toBeCloseTo(150, 9);
    expect(e!.joulesPerToken).toBeNull();
    expect(e!.tokensPerJoule).toBe(0);
    expect(e!.cpuJoules).toBeUndefined();
  });

  it('places interval averages at their interval middle', () => {
    // Power steps from 0 W to 10 W at T0 + 1 s; a source averaging over 1 s intervals stamps each at its end.
    const averages = (intervalMs?: number): GpuSample[] =>
      [0, 1000, 2000, 3000].map((dt) => sample(dt, { gpuPowerW: dt >= 2000 ? 10 : 0, ...(intervalMs ? { intervalMs } : {}) }));
    const window = { startedAt: T0 + 1000, endedAt: T0 + 2000 };
    // The true energy in the window is 10 J. Stamped at the end, the 0 → 10 W ramp spans the window: 5 J.
    expect(energyOfWindow(averages(), window, 10, 5000)!.joules).toBeCloseTo(5, 9);
    // At the middle the points are 0 W at 0.5 s and 10 W at 1.5 s: (5 + 10)/2 × 0.5 s + 10 W × 0.5 s = 8.75 J.
    expect(energyOfWindow(averages(1000), window, 10, 5000)!.joules).toBeCloseTo(8.75, 9);
  });

  it('is null when power does not cover the window', () => {
    const samples = [sample(0, { gpuPowerW: 10 }), sample(1000, { gpuPowerW: null })];
    expect(energyOfWindow(samples, { startedAt: T0 + 10_000, endedAt: T0 + 20_000 }, 10, 5000)).toBeNull();
  });
});
