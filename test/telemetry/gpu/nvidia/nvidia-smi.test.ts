// The NVIDIA path end to end through startTelemetry, with a fake nvidia-smi on PATH that checks the
// exact query and replays the RTX 4090 capture.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelemetry, type TelemetrySession } from '../../../../main/telemetry/session.js';
import type { GpuSample } from '../../../../common/telemetry.js';
import { emptyDir, nodeDir, pidsRunning } from '../../support/fake-tools.js';
import { fakeBin, fixture, waitFor } from '../../support/shared.js';

const posix = process.platform !== 'win32';
const fakeNvidia = path.join(fakeBin, 'nvidia');

describe.skipIf(!posix)('nvidia-smi source', () => {
  let session: TelemetrySession | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });

  const start = (extraEnv: Record<string, string>, samples: GpuSample[]) =>
    startTelemetry(
      {
        mode: 'gpu',
        targetUrl: 'http://127.0.0.1:11434',
        intervalMs: 100,
        platform: 'linux',
        env: { PATH: `${fakeNvidia}:${nodeDir}`, FAKE_NVIDIA_SMI_CSV: fixture('nvidia-smi-rtx4090.csv'), ...extraEnv },
        sink: (stream, s) => {
          if (stream === 'gpu') samples.push(s as unknown as GpuSample);
        },
      },
      { drmRoot: emptyDir() },
    );

  it('streams the capture as samples, [N/A] as null, and integrates energy over a window', async () => {
    const samples: GpuSample[] = [];
    const startedAt = Date.now();
    session = await start({}, samples);
    expect(session.status.gpu).toEqual({ available: true, source: 'nvidia-smi' });
    expect(session.status.process.reason).toBe('not requested (--telemetry gpu)');
    await waitFor(() => samples.length >= 6, 10_000, '6 nvidia-smi samples');
    // The capture's first rows: 1 % / 33.09 W / 1129 MiB, 0 % / 33.14 W, 4 % / 33.28 W, 34 % / 71.06 W / 17304 MiB.
    expect(samples.slice(0, 4).map((s) => [s.gpuUsagePct, s.gpuPowerW])).toEqual([
      [1, 33.09],
      [0, 33.14],
      [4, 33.28],
      [34, 71.06],
    ]);
    expect(samples[0]).toMatchObject({ source: 'nvidia-smi', index: 0, gpuFreqMHz: null, tempC: null, vramUsedBytes: 1129 * 1024 * 1024, intervalMs: 0 });
    expect(samples[3].vramUsedBytes).toBe(17304 * 1024 * 1024);
    // nvidia-smi's own timestamps (local time, ms) are kept when they agree with our clock.
    expect(samples[0].t).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(samples[0].t).toBeLessThanOrEqual(Date.now());

    const window = { startedAt: samples[1].t, endedAt: samples[4].t };
    const energy = session.energy(window, 100)!;
    const powers = samples.slice(1, 5).map((s) => s.gpuPowerW!);
    expect(energy.source).toBe('nvidia-smi');
    expect(energy.samples).toBe(4);
    expect(energy.watts).toBeGreaterThan(Math.min(...powers));
    expect(energy.watts).toBeLessThan(Math.max(...powers));
    expect(energy.joules).toBeCloseTo((energy.watts * (window.endedAt - window.startedAt)) / 1000, 9);
    expect(energy.joulesPerToken).toBeCloseTo(energy.joules / 100, 12);
  });

  it('kills nvidia-smi on stop()', async () => {
    session = await start({}, []);
    expect(pidsRunning(path.join(fakeNvidia, 'nvidia-smi')).length).toBe(1);
    await session.stop();
    await session.stop();
    expect(pidsRunning(path.join(fakeNvidia, 'nvidia-smi'))).toEqual([]);
  });

  it('records nvidia-smi\'s own failure message as the reason, never an error', async () => {
    const message = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.";
    session = await start({ FAKE_NVIDIA_SMI_FAIL: message }, []);
    expect(session.status.gpu).toEqual({ available: false, source: 'nvidia-smi', reason: `nvidia-smi stopped: ${message}` });
    expect(session.energy({ startedAt: 0, endedAt: Date.now() }, 10)).toBeNull();
  });
});
