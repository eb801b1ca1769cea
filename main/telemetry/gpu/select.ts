// Which GPU sampler this machine offers, in order of preference; none is a reason, never an error.
import type { SudoExec } from './apple/sudo-prompt.js';
import { createAmdSysfsSource, findAmdCards } from './amd/amd-sysfs.js';
import { createMacmonSource } from './apple/macmon.js';
import { createNvidiaSmiSource } from './nvidia/nvidia-smi.js';
import { createPowermetricsSource, type PowermetricsSourceOptions } from './apple/powermetrics.js';
import { createRocmSmiSource } from './amd/rocm-smi.js';
import type { GpuSource } from './source.js';
import { which } from './which.js';

/** Where Homebrew and MacPorts put tools; a GUI app's PATH often lacks them. */
export const MACOS_EXTRA_DIRS = ['/opt/homebrew/bin', '/usr/local/bin', '/opt/local/bin'];

export interface SelectGpuOptions {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  intervalMs: number;
  maxDurationMs: number;
  /** Resolved lazily: loading sudo-prompt is only needed on macOS without macmon. */
  sudoExec: () => Promise<SudoExec>;
  extraDirs?: readonly string[];
  drmRoot?: string;
  powermetrics?: Pick<PowermetricsSourceOptions, 'rootTmp' | 'userTmp' | 'pollMs' | 'promptTimeoutMs' | 'stopWaitMs'>;
}

export async function selectGpuSource(opts: SelectGpuOptions): Promise<GpuSource | { reason: string }> {
  const { env, intervalMs } = opts;
  if (opts.platform === 'darwin') {
    const macmon = which('macmon', env, opts.extraDirs ?? MACOS_EXTRA_DIRS);
    if (macmon) return createMacmonSource({ file: macmon, intervalMs, env });
    let sudoExec: SudoExec;
    try {
      sudoExec = await opts.sudoExec();
    } catch (error) {
      return { reason: `macmon is not installed and sudo-prompt could not load: ${(error as Error).message}` };
    }
    return createPowermetricsSource({ intervalMs, maxDurationMs: opts.maxDurationMs, sudoExec, ...opts.powermetrics });
  }
  const nvidia = which(opts.platform === 'win32' ? 'nvidia-smi.exe' : 'nvidia-smi', env, opts.extraDirs ?? []);
  if (nvidia) return createNvidiaSmiSource({ file: nvidia, intervalMs, env });
  if (opts.platform === 'linux') {
    const cards = findAmdCards(opts.drmRoot);
    if (cards.length > 0) return createAmdSysfsSource({ cards, intervalMs });
    const rocm = which('rocm-smi', env, opts.extraDirs ?? ['/opt/rocm/bin']);
    if (rocm) return createRocmSmiSource({ file: rocm, intervalMs, env });
    return { reason: 'no GPU telemetry: nvidia-smi and rocm-smi are not on PATH and no amdgpu card is in /sys/class/drm' };
  }
  return { reason: `no GPU telemetry on ${opts.platform}: nvidia-smi is not on PATH` };
}
