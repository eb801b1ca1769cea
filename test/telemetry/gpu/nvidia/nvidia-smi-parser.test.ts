import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NvidiaSmiCsvReader, parseNvidiaHost, parseNvidiaNumber, parseNvidiaSmiCsv, parseNvidiaTimestamp } from '../../../../main/telemetry/gpu/nvidia/nvidia-smi-parser.js';
import { fixture } from '../../support/shared.js';

describe('nvidia-smi values', () => {
  it('turns [N/A] and [Not Supported] into null, never zero', () => {
    expect(parseNvidiaNumber('[N/A]')).toBeNull();
    expect(parseNvidiaNumber(' [Not Supported]')).toBeNull();
    expect(parseNvidiaNumber('')).toBeNull();
    expect(parseNvidiaNumber('305.81 W')).toBe(305.81);
    expect(parseNvidiaNumber('96 %')).toBe(96);
    expect(parseNvidiaNumber('17959 MiB')).toBe(17959);
    expect(parseNvidiaNumber(' 42')).toBe(42);
  });

  it('reads the local-time timestamp with milliseconds', () => {
    expect(parseNvidiaTimestamp('2026/01/03 15:36:53.507')).toBe(new Date(2026, 0, 3, 15, 36, 53, 507).getTime());
    expect(parseNvidiaTimestamp('nope')).toBeNull();
  });

  it('reads the noheader,nounits query Tokenbench sends, N/A columns as null', () => {
    const [row] = parseNvidiaSmiCsv('2026/01/03 15:36:53.507, 1, 96, 305.81, [N/A], 17959, [Not Supported]\n');
    expect(row).toEqual({
      t: new Date(2026, 0, 3, 15, 36, 53, 507).getTime(),
      index: 1,
      name: null,
      utilizationPct: 96,
      memoryUtilizationPct: null,
      powerW: 305.81,
      smClockMHz: null,
      memoryUsedMiB: 17959,
      temperatureC: null,
    });
  });

  it('ignores a failure message printed instead of rows', () => {
    const reader = new NvidiaSmiCsvReader();
    expect(reader.line("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")).toBeNull();
  });
});

describe('nvidia-smi captures', () => {
  it('RTX 4090 log with header and units: 2,619 rows, first and peak rows checked by hand', () => {
    const rows = parseNvidiaSmiCsv(readFileSync(fixture('nvidia-smi-rtx4090.csv'), 'utf8'));
    expect(rows).toHaveLength(2619);
    expect(rows[0]).toEqual({
      t: new Date(2026, 0, 3, 15, 36, 53, 507).getTime(),
      index: null,
      name: 'NVIDIA GeForce RTX 4090',
      utilizationPct: 1,
      memoryUtilizationPct: 2,
      powerW: 33.09,
      smClockMHz: null,
      memoryUsedMiB: 1129,
      temperatureC: null,
    });
    // Peak: "2026/01/03 15:41:08.896, NVIDIA GeForce RTX 4090, 94 %, 60 %, 18089 MiB, 332.92 W"
    const peak = rows.reduce((a, b) => ((b.powerW ?? 0) > (a.powerW ?? 0) ? b : a));
    expect(peak.powerW).toBe(332.92);
    expect(peak.t).toBe(new Date(2026, 0, 3, 15, 41, 8, 896).getTime());
    expect(peak.utilizationPct).toBe(94);
    expect(peak.memoryUsedMiB).toBe(18089);
    expect(rows.every((r) => r.t !== null && r.powerW !== null)).toBe(true);
  });

  it('power-only log sampled every ~50 ms: 73 rows summing to 1608.56 W', () => {
    const rows = parseNvidiaSmiCsv(readFileSync(fixture('nvidia-smi-power-only.csv'), 'utf8'));
    expect(rows).toHaveLength(73);
    expect(rows[0].powerW).toBe(22.89);
    expect(rows[72].powerW).toBe(22.63);
    expect(rows.reduce((s, r) => s + (r.powerW ?? 0), 0)).toBeCloseTo(1608.56, 6);
    expect(rows[0].utilizationPct).toBeNull();
    expect(rows[1].t! - rows[0].t!).toBe(50);
  });
});

describe('nvidia-smi host facts', () => {
  it('reads nvidia-smi name and VRAM', () => {
    expect(parseNvidiaHost('NVIDIA GeForce RTX 4090, 24564\n')).toEqual({ name: 'NVIDIA GeForce RTX 4090', vramBytes: 24564 * 1024 * 1024 });
    expect(parseNvidiaHost('Tesla T4, [N/A]\n')).toEqual({ name: 'Tesla T4' });
  });
});
