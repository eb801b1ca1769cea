import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePowermetricsDate, parsePowermetricsText } from '../../../../main/telemetry/gpu/apple/powermetrics-text.js';
import { fixture, hasShared } from '../../support/shared.js';

describe('parsePowermetricsDate', () => {
  it('reads the header date with its UTC offset', () => {
    expect(parsePowermetricsDate('Sat Nov  8 15:54:21 2025 +0900')).toBe(Date.UTC(2025, 10, 8, 6, 54, 21));
    expect(parsePowermetricsDate('Wed Dec  6 20:31:07 2023 -0500')).toBe(Date.UTC(2023, 11, 7, 1, 31, 7));
    expect(parsePowermetricsDate('yesterday')).toBeNull();
  });
});

describe('the study bug: values padded after the colon', () => {
  it('reads "GPU idle residency:  98.37%" as 1.63 % busy, not 100 %', () => {
    const text = [
      '*** Sampled system activity (Sat Nov  8 15:54:21 2025 +0900) (1000.00ms elapsed) ***',
      '**** GPU usage ****',
      'GPU idle residency:  98.37%',
      'GPU Power: 28 mW',
    ].join('\n');
    const [s] = parsePowermetricsText(text);
    expect(s.gpuActivePct).toBeCloseTo(1.63, 6);
    expect(s.gpuPowerW).toBeCloseTo(0.028, 9);
  });
});

describe.skipIf(!hasShared)('powermetrics text captures', () => {
  it('M4 (macOS 15.5, "HW" labels): one 5021.96 ms sample, values checked by hand', () => {
    const samples = parsePowermetricsText(readFileSync(fixture('powermetrics-text-m4.log'), 'utf8'));
    expect(samples).toHaveLength(1);
    const s = samples[0];
    expect(s.timestampMs).toBe(Date.UTC(2025, 10, 8, 6, 54, 21));
    expect(s.elapsedMs).toBe(5021.96);
    // "GPU HW active frequency: 338 MHz", "GPU HW active residency:   1.63%", "GPU idle residency:  98.37%"
    expect(s.gpuFreqMHz).toBe(338);
    expect(s.gpuActivePct).toBe(1.63);
    // "CPU Power: 954 mW", "GPU Power: 28 mW", "ANE Power: 0 mW", "Combined Power (CPU + GPU + ANE): 983 mW"
    expect(s.cpuPowerW).toBeCloseTo(0.954, 9);
    expect(s.gpuPowerW).toBeCloseTo(0.028, 9);
    expect(s.anePowerW).toBe(0);
    expect(s.combinedPowerW).toBeCloseTo(0.983, 9);
    expect(s.packagePowerW).toBeNull();
  });

  it('M1 Pro (macOS 12.5, labels without "HW"): 10 samples, first, second and last checked by hand', () => {
    const samples = parsePowermetricsText(readFileSync(fixture('powermetrics-text-m1pro-monterey.log'), 'utf8'));
    expect(samples).toHaveLength(10);
    const [first, second] = samples;
    const last = samples[9];
    expect(first.timestampMs).toBe(Date.UTC(2023, 11, 7, 1, 31, 7));
    expect(first.elapsedMs).toBe(113.36);
    // "GPU active residency:  13.37% (389 MHz:  13% …)", "GPU active frequency: 52 MHz" is 389 MHz × 13.37 %
    // averaged over the whole interval; the frequency while active is 389 MHz.
    expect(first.gpuActivePct).toBe(13.37);
    expect(first.gpuFreqMHz).toBe(389);
    expect(first.gpuPowerW).toBeCloseTo(0.009, 9);
    expect(first.cpuPowerW).toBeCloseTo(0.3, 9);
    expect(first.dramPowerW).toBeCloseTo(0.221, 9);
    expect(first.packagePowerW).toBeCloseTo(1.085, 9);
    expect(first.combinedPowerW).toBeNull();
    expect(second.gpuActivePct).toBe(21.53);
    expect(second.packagePowerW).toBeCloseTo(1.938, 9);
    expect(last.elapsedMs).toBe(123.68);
    expect(last.gpuActivePct).toBe(12.44);
    expect(last.gpuPowerW).toBeCloseTo(0.008, 9);
    expect(last.packagePowerW).toBeCloseTo(0.841, 9);
    // GPU Power per sample: 9, 9, 123, 9, 26, 77, 17, 8, 82, 8 mW.
    const gpuMw = samples.map((s) => Math.round((s.gpuPowerW ?? NaN) * 1000));
    expect(gpuMw).toEqual([9, 9, 123, 9, 26, 77, 17, 8, 82, 8]);
    expect(samples.every((s) => s.gpuActivePct !== null && s.gpuActivePct < 30)).toBe(true);
  });

  it('M1 cpu_power-only log: power without a GPU usage section', () => {
    const samples = parsePowermetricsText(readFileSync(fixture('powermetrics-text-m1-monterey-cpu.log'), 'utf8'));
    expect(samples).toHaveLength(10);
    const s = samples[0];
    expect(s.timestampMs).toBe(Date.UTC(2023, 10, 10, 11, 37, 8));
    expect(s.elapsedMs).toBe(104.51);
    expect(s.gpuPowerW).toBeCloseTo(0.153, 9);
    expect(s.cpuPowerW).toBeCloseTo(0.947, 9);
    expect(s.packagePowerW).toBeCloseTo(1.473, 9);
    expect(s.gpuActivePct).toBeNull();
    expect(s.gpuFreqMHz).toBeNull();
  });
});
