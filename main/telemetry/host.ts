// Host facts for run.json: OS, CPU, RAM and the GPU (from the GPU vendor registry: name, VRAM, and on
// Apple Silicon the GPU core count, which the Study profile adds as a level). Every probe is bounded;
// a failed one leaves its field at what Node itself knows, or the GPU at null.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { HostInfo } from '../../common/run-manifest.js';
import { captureCommand, type CaptureCommand } from './command-output.js';
import { detectGpus } from './gpu/gpu-vendors.js';
import type { GpuMachine, HostGpu } from './gpu/vendor.js';

/** /etc/os-release → PRETTY_NAME (e.g. "Debian GNU/Linux 12 (bookworm)"). */
export function parseOsRelease(text: string): string | null {
  const m = /^PRETTY_NAME=(?:"([^"]*)"|(.*))$/m.exec(text);
  return m ? (m[1] ?? m[2]).trim() : null;
}

export interface HostProbeOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  run?: CaptureCommand;
  drmRoot?: string;
}

/** The first vendor, in the registry's order, whose tools tell what the GPU is. */
async function gpuOf(machine: GpuMachine): Promise<HostGpu | null> {
  for (const gpu of detectGpus(machine)) {
    const info = await gpu.hostInfo();
    if (info) return info;
  }
  return null;
}

async function osVersionOf(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, run: CaptureCommand): Promise<string> {
  if (platform === 'darwin') {
    const r = await run('sw_vers', ['-productVersion'], { timeoutMs: 5000, env });
    const v = r.stdout.trim();
    return v ? `macOS ${v} (Darwin ${os.release()})` : `Darwin ${os.release()}`;
  }
  if (platform === 'linux') {
    let text = '';
    try {
      text = await readFile('/etc/os-release', 'utf8');
    } catch {
      // No os-release: the kernel version alone.
    }
    const pretty = parseOsRelease(text);
    return pretty ? `${pretty} (Linux ${os.release()})` : `Linux ${os.release()}`;
  }
  return os.release();
}

/** Host facts for run.json. Never rejects. */
export async function collectHostInfo(opts: HostProbeOptions = {}): Promise<HostInfo> {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const run = opts.run ?? captureCommand;
  const cpus = os.cpus();
  const [osVersion, gpu] = await Promise.all([
    osVersionOf(platform, env, run).catch(() => os.release()),
    gpuOf({ platform, env, run, drmRoot: opts.drmRoot }).catch(() => null),
  ]);
  return {
    os: platform,
    osVersion,
    arch: os.arch(),
    cpuModel: cpus[0]?.model?.trim() || 'unknown',
    /** Logical cores, as the OS schedules them. */
    cpuCores: cpus.length,
    ramBytes: os.totalmem(),
    gpu,
  };
}
