// macmon (a fake on PATH) through startTelemetry.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelemetry, type TelemetrySession } from '../../../../main/telemetry/session.js';
import type { GpuSample } from '../../../../common/telemetry.js';
import { nodeDir, pidsRunning } from '../../support/fake-tools.js';
import { fakeBin, waitFor } from '../../support/shared.js';

const posix = process.platform !== 'win32';

describe.skipIf(!posix)('macmon source', () => {
  let session: TelemetrySession | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });

  it('macOS prefers macmon when it is installed: no password prompt, W per sample, energy with CPU and combined', async () => {
    const samples: GpuSample[] = [];
    const neverAsk = () => {
      throw new Error('sudo-prompt must not be used when macmon is installed');
    };
    session = await startTelemetry(
      {
        mode: 'gpu',
        targetUrl: 'http://localhost:11434',
        intervalMs: 100,
        platform: 'darwin',
        env: { PATH: `${path.join(fakeBin, 'macmon')}:${nodeDir}`, FAKE_MACMON_WATTS: '5,10,15' },
        sudoExec: neverAsk,
        sink: (stream, s) => {
          if (stream === 'gpu') samples.push(s as unknown as GpuSample);
        },
      },
      { extraDirs: [] },
    );
    expect(session.status.gpu).toEqual({ available: true, source: 'macmon' });
    await waitFor(() => samples.length >= 4, 10_000, '4 macmon samples');
    expect(samples.slice(0, 4).map((s) => s.gpuPowerW)).toEqual([5, 10, 15, 5]);
    expect(samples[0]).toMatchObject({ source: 'macmon', gpuFreqMHz: 1398, gpuUsagePct: 97, cpuPowerW: 1.5, combinedPowerW: 6.5, intervalMs: 100 });
    const e = session.energy({ startedAt: samples[0].t, endedAt: samples[3].t }, 50)!;
    expect(e.source).toBe('macmon');
    expect(e.combinedJoules! - e.joules).toBeCloseTo(e.cpuJoules!, 9);
    expect(e.watts).toBeGreaterThan(5);
    expect(e.watts).toBeLessThan(15);
    await session.stop();
    expect(pidsRunning(path.join(fakeBin, 'macmon', 'macmon'))).toEqual([]);
  });
});
