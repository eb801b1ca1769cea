// The one registry of GPU vendors: the run's sampler and run.json's host facts come from the same
// vendors in the same order (no GPU on the test machine: a fake nvidia-smi on PATH, a fake sysfs tree).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureCommand } from '../../../main/telemetry/command-output.js';
import { detectGpus } from '../../../main/telemetry/gpu/gpu-vendors.js';
import { selectGpuSource } from '../../../main/telemetry/gpu/select.js';
import { collectHostInfo } from '../../../main/telemetry/host.js';
import { emptyDir, fakeAmdCard } from '../support/fake-tools.js';
import { fakeBin } from '../support/shared.js';

const posix = process.platform !== 'win32';

const amdCard = (): string => fakeAmdCard({ product_name: 'AMD Radeon RX 7900 XTX\n' }).drm;

const nvidiaAnswers =
  (stdout: string): CaptureCommand =>
  async () => ({ code: 0, stdout, stderr: '' });

const sourceOptions = { intervalMs: 1000, maxDurationMs: 60_000, sudoExec: () => Promise.reject(new Error('no sudo-prompt here')) };

describe.skipIf(!posix)('GPU vendor registry', () => {
  it('Linux with NVIDIA and AMD: NVIDIA first for both the sampler and the host facts, AMD when NVIDIA cannot tell', async () => {
    const drm = amdCard();
    const env = { PATH: path.join(fakeBin, 'nvidia') };
    const machine = { platform: 'linux' as const, env, run: nvidiaAnswers('NVIDIA GeForce RTX 4090, 24564\n'), drmRoot: drm, extraDirs: [] };
    expect(detectGpus(machine)).toHaveLength(2);
    const source = await selectGpuSource(machine, sourceOptions);
    expect('name' in source && source.name).toBe('nvidia-smi');
    const host = await collectHostInfo({ platform: 'linux', env, run: machine.run, drmRoot: drm });
    expect(host.gpu).toEqual({ name: 'NVIDIA GeForce RTX 4090', vramBytes: 24564 * 1024 * 1024 });
    const fallback = await collectHostInfo({ platform: 'linux', env, run: nvidiaAnswers(''), drmRoot: drm });
    expect(fallback.gpu).toEqual({ name: 'AMD Radeon RX 7900 XTX' });
  });

  it('Linux with AMD only: the sysfs sampler', async () => {
    const source = await selectGpuSource({ platform: 'linux', env: { PATH: emptyDir() }, run: nvidiaAnswers(''), drmRoot: amdCard(), extraDirs: [] }, sourceOptions);
    expect('name' in source && source.name).toBe('amdgpu-sysfs');
  });

  it('macOS: macmon when installed, else powermetrics through sudo-prompt, or why not', async () => {
    const base = { platform: 'darwin' as const, run: nvidiaAnswers(''), extraDirs: [] };
    const macmon = await selectGpuSource({ ...base, env: { PATH: path.join(fakeBin, 'macmon') } }, sourceOptions);
    expect('name' in macmon && macmon.name).toBe('macmon');
    expect(await selectGpuSource({ ...base, env: { PATH: emptyDir() } }, sourceOptions)).toEqual({
      reason: 'macmon is not installed and sudo-prompt could not load: no sudo-prompt here',
    });
    // NVIDIA is never looked for on a Mac.
    expect(detectGpus({ ...base, env: { PATH: path.join(fakeBin, 'nvidia') } })).toHaveLength(1);
  });

  it('elsewhere: NVIDIA or a reason', async () => {
    expect(await selectGpuSource({ platform: 'freebsd', env: { PATH: emptyDir() }, run: nvidiaAnswers(''), extraDirs: [] }, sourceOptions)).toEqual({
      reason: 'no GPU telemetry on freebsd: nvidia-smi is not on PATH',
    });
  });
});
