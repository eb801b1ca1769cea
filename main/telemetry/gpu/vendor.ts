// A GPU vendor as an adapter: how to tell it is on this machine, its static facts for run.json, and
// its sampler for a run. The registry (gpu-vendors.ts) lists them in order of preference.
import type { HostInfo } from '../../../common/run-manifest.js';
import type { CaptureCommand } from '../command-output.js';
import type { PowermetricsSourceOptions } from './apple/powermetrics.js';
import type { SudoExec } from './apple/sudo-prompt.js';
import type { GpuSource } from './source.js';

export type HostGpu = NonNullable<HostInfo['gpu']>;

/** The machine as the vendors look at it. */
export interface GpuMachine {
  platform: NodeJS.Platform;
  /** PATH for finding the tools. */
  env: NodeJS.ProcessEnv;
  /** Runs the tools that tell host facts (system_profiler, nvidia-smi). */
  run: CaptureCommand;
  /** Folders searched after PATH instead of each vendor's own (Homebrew's for macmon, /opt/rocm/bin for rocm-smi). */
  extraDirs?: readonly string[];
  /** Where amdgpu cards are listed; default /sys/class/drm. */
  drmRoot?: string;
}

export interface GpuSourceOptions {
  intervalMs: number;
  /** Bounds a source that must end by itself (powermetrics' sample count). */
  maxDurationMs: number;
  /** Resolved only by a source that needs root (powermetrics without macmon). */
  sudoExec: () => Promise<SudoExec>;
  /** Test seams: powermetrics' folders and shorter waits. */
  powermetrics?: Pick<PowermetricsSourceOptions, 'rootTmp' | 'userTmp' | 'pollMs' | 'promptTimeoutMs' | 'stopWaitMs'>;
}

export interface GpuVendor {
  readonly name: string;
  supports(platform: NodeJS.Platform): boolean;
  /** What this machine offers of the vendor, or null. Cheap: looks at PATH and sysfs, runs nothing. */
  detect(machine: GpuMachine): DetectedGpu | null;
}

/** A vendor found on this machine, bound to what was found (a tool's path, the cards). */
export interface DetectedGpu {
  /** Name, VRAM and (Apple Silicon) core count; null when the vendor's tools cannot tell. Never rejects. */
  hostInfo(): Promise<HostGpu | null>;
  /** The sampler for a run, or why there is none. Never rejects. */
  createSource(options: GpuSourceOptions): Promise<GpuSource | { reason: string }>;
}
