import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSudoPrompt } from '../../main/telemetry/gpu/apple/sudo-prompt.js';
import { localPort } from '../../main/telemetry/process/process-source.js';
import { startTelemetry } from '../../main/telemetry/session.js';
import { startBusyServer } from './support/busy-server.js';
import { emptyDir, nodeDir } from './support/fake-tools.js';
import { fakeBin, fixture, waitFor } from './support/shared.js';

const sink = (): void => undefined;

describe('startTelemetry modes and reasons', () => {
  it('none: nothing runs, both say why', async () => {
    const session = await startTelemetry({ mode: 'none', targetUrl: 'http://127.0.0.1:11434', intervalMs: 1000, sink });
    expect(session.status).toEqual({
      process: { available: false, reason: 'telemetry off (--telemetry none)' },
      gpu: { available: false, reason: 'telemetry off (--telemetry none)' },
    });
    expect(session.energy({ startedAt: 0, endedAt: 1000 }, 10)).toBeNull();
    await session.stop();
    await session.stop();
  });

  it('no GPU tool on Linux: a recorded reason, never an error', async () => {
    const session = await startTelemetry(
      { mode: 'gpu', targetUrl: 'http://127.0.0.1:11434', intervalMs: 1000, platform: 'linux', env: { PATH: emptyDir() }, sink },
      { drmRoot: emptyDir() },
    );
    expect(session.status.gpu).toEqual({
      available: false,
      reason: 'no GPU telemetry: nvidia-smi and rocm-smi are not on PATH and no amdgpu card is in /sys/class/drm',
    });
    await session.stop();
  });

  it('no GPU tool on Windows: a reason too', async () => {
    const session = await startTelemetry({ mode: 'auto', targetUrl: 'http://10.0.0.5:11434', intervalMs: 1000, platform: 'win32', env: { PATH: emptyDir() }, sink });
    expect(session.status.gpu).toEqual({ available: false, reason: 'no GPU telemetry on win32: nvidia-smi is not on PATH' });
    expect(session.status.process).toEqual({ available: false, reason: 'process telemetry is local-only: the target (10.0.0.5) is not on this machine' });
    await session.stop();
  });

  it('process telemetry on an unsupported platform says so', async () => {
    const session = await startTelemetry({ mode: 'process', targetUrl: 'http://127.0.0.1:11434', intervalMs: 1000, platform: 'win32', sink });
    expect(session.status.process).toEqual({ available: false, reason: 'process telemetry is not supported on win32' });
    await session.stop();
  });

  it('finds the port only for loopback targets', () => {
    expect(localPort('http://127.0.0.1:11434')).toEqual({ port: 11434 });
    expect(localPort('http://localhost:8080/v1')).toEqual({ port: 8080 });
    expect(localPort('http://[::1]:1234')).toEqual({ port: 1234 });
    expect(localPort('http://localhost')).toEqual({ port: 80 });
    expect(localPort('https://gpu-box.lan:11434')).toEqual({ reason: 'the target (gpu-box.lan) is not on this machine' });
    expect(localPort('nonsense')).toEqual({ reason: 'not a URL: nonsense' });
  });
});

describe.skipIf(process.platform !== 'linux')('auto mode', () => {
  it('runs the process sampler and the GPU sampler side by side, each stream to the sink', async () => {
    const server = await startBusyServer();
    const streams: Record<string, Record<string, unknown>[]> = { gpu: [], process: [] };
    const session = await startTelemetry(
      {
        mode: 'auto',
        targetUrl: `http://localhost:${server.port}`,
        intervalMs: 100,
        platform: 'linux',
        env: { PATH: `${path.join(fakeBin, 'nvidia')}:${nodeDir}`, FAKE_NVIDIA_SMI_CSV: fixture('nvidia-smi-power-only.csv') },
        sink: (stream, sample) => streams[stream].push(sample),
      },
      { drmRoot: emptyDir() },
    );
    try {
      expect(session.status.process.available).toBe(true);
      expect(session.status.gpu).toEqual({ available: true, source: 'nvidia-smi' });
      await waitFor(() => streams.gpu.length >= 3 && streams.process.length >= 3, 10_000, 'samples on both streams');
      for (const sample of [...streams.gpu, ...streams.process]) expect(typeof sample.t).toBe('number');
      expect(streams.gpu[0]).toMatchObject({ gpuPowerW: 22.89, gpuUsagePct: null });
      expect(streams.process[0]).toMatchObject({ pid: server.pid, role: 'server' });
    } finally {
      await session.stop();
      await server.close();
    }
  });
});

describe('sudo-prompt', () => {
  it('loads its exec without calling it', async () => {
    expect(typeof (await loadSudoPrompt())).toBe('function');
  });
});
