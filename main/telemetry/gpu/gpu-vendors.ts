// The GPU vendors, in order of preference: the one registry behind both the run's sampler
// (select.ts) and the host facts in run.json (host.ts).
import { amdGpu } from './amd/amd-gpu.js';
import { appleGpu } from './apple/apple-gpu.js';
import { nvidiaGpu } from './nvidia/nvidia-gpu.js';
import type { DetectedGpu, GpuMachine, GpuVendor } from './vendor.js';

const GPU_VENDORS: readonly GpuVendor[] = [appleGpu, nvidiaGpu, amdGpu];

/** Every vendor found on this machine, in order of preference. */
export function detectGpus(machine: GpuMachine): DetectedGpu[] {
  return GPU_VENDORS.filter((vendor) => vendor.supports(machine.platform)).flatMap((vendor) => vendor.detect(machine) ?? []);
}

/** Why no vendor was found, naming what was looked for. */
export function noGpuReason(platform: NodeJS.Platform): string {
  return platform === 'linux'
    ? 'no GPU telemetry: nvidia-smi and rocm-smi are not on PATH and no amdgpu card is in /sys/class/drm'
    : `no GPU telemetry on ${platform}: nvidia-smi is not on PATH`;
}
