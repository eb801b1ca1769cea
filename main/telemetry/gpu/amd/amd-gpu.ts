// AMD on Linux: the amdgpu driver's sysfs files (no tools needed, host facts too), else rocm-smi.
import type { GpuVendor } from '../vendor.js';
import { which } from '../which.js';
import { amdCardInfo, createAmdSysfsSource, findAmdCards } from './amd-sysfs.js';
import { createRocmSmiSource } from './rocm-smi.js';

export const amdGpu: GpuVendor = {
  name: 'amd',
  supports: (platform) => platform === 'linux',
  detect(machine) {
    const cards = findAmdCards(machine.drmRoot);
    if (cards.length > 0) {
      return {
        hostInfo: () => amdCardInfo(cards[0]),
        createSource: async ({ intervalMs }) => createAmdSysfsSource({ cards, intervalMs }),
      };
    }
    const rocm = which('rocm-smi', machine.env, machine.extraDirs ?? ['/opt/rocm/bin']);
    if (!rocm) return null;
    return {
      // Host facts come from sysfs only; rocm-smi is not asked.
      hostInfo: async () => null,
      createSource: async ({ intervalMs }) => createRocmSmiSource({ file: rocm, intervalMs, env: machine.env }),
    };
  },
};
