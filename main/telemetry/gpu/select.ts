// Which GPU sampler this machine offers: the first vendor the registry finds; none is a reason, never an error.
import { detectGpus, noGpuReason } from './gpu-vendors.js';
import type { GpuSource } from './source.js';
import type { GpuMachine, GpuSourceOptions } from './vendor.js';

export async function selectGpuSource(machine: GpuMachine, options: GpuSourceOptions): Promise<GpuSource | { reason: string }> {
  const [first] = detectGpus(machine);
  return first ? first.createSource(options) : { reason: noGpuReason(machine.platform) };
}
