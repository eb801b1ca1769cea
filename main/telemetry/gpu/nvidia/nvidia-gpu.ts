// NVIDIA on any machine but a Mac: nvidia-smi on PATH, for readings and host facts.
import type { GpuVendor } from '../vendor.js';
import { which } from '../which.js';
import { createNvidiaSmiSource } from './nvidia-smi.js';
import { NVIDIA_HOST_ARGS, parseNvidiaHost } from './nvidia-smi-parser.js';

export const nvidiaGpu: GpuVendor = {
  name: 'nvidia',
  supports: (platform) => platform !== 'darwin',
  detect(machine) {
    const { env } = machine;
    const file = which(machine.platform === 'win32' ? 'nvidia-smi.exe' : 'nvidia-smi', env, machine.extraDirs ?? []);
    if (!file) return null;
    return {
      async hostInfo() {
        const r = await machine.run(file, NVIDIA_HOST_ARGS, { timeoutMs: 10_000, env });
        return parseNvidiaHost(r.stdout);
      },
      createSource: async ({ intervalMs }) => createNvidiaSmiSource({ file, intervalMs, env }),
    };
  },
};
