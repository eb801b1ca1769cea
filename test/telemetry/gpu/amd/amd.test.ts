// amdgpu sysfs (a fake /sys/class/drm tree: no AMD card on the test machine) and rocm-smi (an
// injected command runner) through the same GpuSource interface.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentDpmMHz, findAmdCards } from '../../../../main/telemetry/gpu/amd/amd-sysfs.js';
import { createRocmSmiSource } from '../../../../main/telemetry/gpu/amd/rocm-smi.js';
import { startTelemetry, type TelemetrySession } from '../../../../main/telemetry/session.js';
import type { GpuSample } from '../../../../common/telemetry.js';
import { emptyDir } from '../../support/fake-tools.js';
import { waitFor } from '../../support/shared.js';

const posix = process.platform !== 'win32';

describe.skipIf(!posix)('AMD GPU sources', () => {
  let session: TelemetrySession | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });

  it('reads amdgpu sysfs: busy %, current sclk, hwmon power and temperature, VRAM; and follows changes', async () => {
    const drm = emptyDir();
    const device = path.join(drm, 'card0', 'device');
    mkdirSync(path.join(device, 'hwmon', 'hwmon3'), { recursive: true });
    writeFileSync(path.join(device, 'vendor'), '0x1002\n');
    writeFileSync(path.join(device, 'gpu_busy_percent'), '73\n');
    writeFileSync(path.join(device, 'mem_info_vram_used'), '1073741824\n');
    writeFileSync(path.join(device, 'pp_dpm_sclk'), '0: 500Mhz\n1: 1800Mhz *\n2: 2100Mhz\n');
    writeFileSync(path.join(device, 'hwmon', 'hwmon3', 'power1_average'), '150000000\n');
    writeFileSync(path.join(device, 'hwmon', 'hwmon3', 'temp1_input'), '55000\n');
    // An NVIDIA card and a connector entry are not amdgpu cards.
    mkdirSync(path.join(drm, 'card1', 'device'), { recursive: true });
    writeFileSync(path.join(drm, 'card1', 'device', 'vendor'), '0x10de\n');
    mkdirSync(path.join(drm, 'card0-DP-1'));
    expect(findAmdCards(drm)).toEqual([{ index: 0, device }]);

    const samples: GpuSample[] = [];
    session = await startTelemetry(
      {
        mode: 'gpu',
        targetUrl: 'http://127.0.0.1:11434',
        intervalMs: 100,
        platform: 'linux',
        env: { PATH: emptyDir() },
        sink: (stream, s) => {
          if (stream === 'gpu') samples.push(s as unknown as GpuSample);
        },
      },
      { drmRoot: drm },
    );
    expect(session.status.gpu).toEqual({ available: true, source: 'amdgpu-sysfs' });
    expect(samples[0]).toMatchObject({
      source: 'amdgpu-sysfs',
      index: 0,
      gpuUsagePct: 73,
      gpuFreqMHz: 1800,
      gpuPowerW: 150,
      vramUsedBytes: 1073741824,
      tempC: 55,
      intervalMs: 0,
    });
    writeFileSync(path.join(device, 'gpu_busy_percent'), '5\n');
    await waitFor(() => samples.some((s) => s.gpuUsagePct === 5), 5000, 'the new busy %');
  });

  it('reads rocm-smi JSON each interval, and a failing rocm-smi becomes a reason', async () => {
    let calls = 0;
    const ok = createRocmSmiSource({
      file: '/opt/rocm/bin/rocm-smi',
      intervalMs: 50,
      env: {},
      run: async (file, args) => {
        calls += 1;
        expect(file).toBe('/opt/rocm/bin/rocm-smi');
        expect(args).toEqual(['--showuse', '--showpower', '--showtemp', '--showclocks', '--showmeminfo', 'vram', '--json']);
        return { code: 0, stderr: '', stdout: JSON.stringify({ card0: { 'GPU use (%)': String(calls), 'Average Graphics Package Power (W)': '40.5' } }) };
      },
    });
    const samples: GpuSample[] = [];
    expect(await ok.start((s) => samples.push(s))).toEqual({ available: true, source: 'rocm-smi' });
    await waitFor(() => samples.length >= 3, 5000, '3 rocm-smi readings');
    await ok.stop();
    expect(samples.slice(0, 3).map((s) => [s.gpuUsagePct, s.gpuPowerW])).toEqual([
      [1, 40.5],
      [2, 40.5],
      [3, 40.5],
    ]);

    const failing = createRocmSmiSource({
      file: 'rocm-smi',
      intervalMs: 50,
      env: {},
      run: async () => ({ code: 1, stdout: '', stderr: 'ERROR: GPU[0] : Unable to read sysfs\n' }),
    });
    expect(await failing.start(() => undefined)).toEqual({ available: false, source: 'rocm-smi', reason: 'rocm-smi: ERROR: GPU[0] : Unable to read sysfs' });
    await failing.stop();
  });

  it('stamps each reading at the end of the read, as a point reading (intervalMs 0)', async () => {
    const readEnds: number[] = [];
    const slow = createRocmSmiSource({
      file: 'rocm-smi',
      intervalMs: 1000,
      env: {},
      run: async () => {
        await new Promise((r) => setTimeout(r, 150));
        readEnds.push(Date.now());
        return { code: 0, stderr: '', stdout: JSON.stringify({ card0: { 'GPU use (%)': '9' }, card1: { 'GPU use (%)': '8' } }) };
      },
    });
    const samples: GpuSample[] = [];
    await slow.start((s) => samples.push(s));
    await slow.stop();
    expect(samples).toHaveLength(2);
    for (const s of samples) {
      expect(s.t).toBeGreaterThanOrEqual(readEnds[0]);
      expect(s.intervalMs).toBe(0);
    }
    // Every GPU of one reading shares its time.
    expect(samples[0].t).toBe(samples[1].t);
  });

  it('parses the starred sclk level', () => {
    expect(currentDpmMHz('0: 500Mhz\n1: 1800Mhz *\n')).toBe(1800);
    expect(currentDpmMHz('0: 500Mhz\n')).toBeNull();
  });
});
