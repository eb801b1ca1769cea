// Apple Silicon and Intel Macs: macmon when installed (no password), else powermetrics, which ships with
// macOS and needs the administrator password once per run. Host facts from system_profiler.
import type { GpuVendor } from '../vendor.js';
import { which } from '../which.js';
import { createMacmonSource } from './macmon.js';
import { createPowermetricsSource } from './powermetrics.js';
import type { SudoExec } from './sudo-prompt.js';
import { parseSystemProfilerDisplays, SYSTEM_PROFILER_ARGS } from './system-profiler.js';

/** Where Homebrew and MacPorts put tools; a GUI app's PATH often lacks them. */
const MACOS_EXTRA_DIRS = ['/opt/homebrew/bin', '/usr/local/bin', '/opt/local/bin'];

export const appleGpu: GpuVendor = {
  name: 'apple',
  supports: (platform) => platform === 'darwin',
  detect(machine) {
    const { env } = machine;
    const macmon = which('macmon', env, machine.extraDirs ?? MACOS_EXTRA_DIRS);
    return {
      async hostInfo() {
        const sp = await machine.run('system_profiler', SYSTEM_PROFILER_ARGS, { timeoutMs: 15_000, env });
        return parseSystemProfilerDisplays(sp.stdout);
      },
      async createSource({ intervalMs, maxDurationMs, sudoExec: loadSudoExec, powermetrics }) {
        if (macmon) return createMacmonSource({ file: macmon, intervalMs, env });
        let sudoExec: SudoExec;
        try {
          sudoExec = await loadSudoExec();
        } catch (error) {
          return { reason: `macmon is not installed and sudo-prompt could not load: ${(error as Error).message}` };
        }
        return createPowermetricsSource({ intervalMs, maxDurationMs, sudoExec, ...powermetrics });
      },
    };
  },
};
