// Host facts for run.json: OS, CPU, RAM and the GPU (name, VRAM, and on Apple Silicon the GPU core
// count, which the Study profile adds as a level). Every probe is bounded; a failed one leaves its
// field at what Node itself knows, or the GPU at null.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { HostInfo } from '../../common/run-manifest.js';
import { findAmdCards } from './gpu/amd/amd-sysfs.js';
import { which } from './gpu/which.js';
import { parseNvidiaNumber } from './gpu/nvidia/nvidia-smi-parser.js';
import { runCommand, type RunCommand } from './command-output.js';

type HostGpu = NonNullable<HostInfo['gpu']>;

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** "8 GB", "1536 MB" → bytes; null otherwise. */
export function parseSizeText(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^\s*([\d.]+)\s*([KMGT]?B)\s*$/i.exec(text);
  return m ? Math.round(Number(m[1]) * UNITS[m[2].toUpperCase()]) : null;
}

/** `system_profiler SPDisplaysDataType -json` → the first GPU: model, core count, VRAM (discrete only). */
export function parseSystemProfilerDisplays(json: string): HostGpu | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  const list = (raw as { SPDisplaysDataType?: unknown }).SPDisplaysDataType;
  if (!Array.isArray(list) || list.length === 0) return null;
  const gpu = list[0] as Record<string, unknown>;
  const name = typeof gpu.sppci_model === 'string' ? gpu.sppci_model : typeof gpu._name === 'string' ? gpu._name : null;
  if (!name) return null;
  const out: HostGpu = { name };
  const cores = Number(gpu.sppci_cores);
  if (Number.isInteger(cores) && cores > 0) out.cores = cores;
  const vram = parseSizeText(gpu.spdisplays_vram) ?? parseSizeText(gpu.spdisplays_vram_shared);
  if (vram !== null) out.vramBytes = vram;
  return out;
}

/** `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits` → the first GPU. */
export function parseNvidiaHost(csv: string): HostGpu | null {
  const line = csv.split('\n').find((l) => l.trim() !== '');
  if (!line) return null;
  const cells = line.split(',').map((c) => c.trim());
  if (!cells[0]) return null;
  const mib = parseNvidiaNumber(cells[1]);
  return mib === null ? { name: cells[0] } : { name: cells[0], vramBytes: mib * 1024 * 1024 };
}

/** /etc/os-release → PRETTY_NAME (e.g. "Debian GNU/Linux 12 (bookworm)"). */
export function parseOsRelease(text: string): string | null {
  const m = /^PRETTY_NAME=(?:"([^"]*)"|(.*))$/m.exec(text);
  return m ? (m[1] ?? m[2]).trim() : null;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

export interface HostProbeOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  run?: RunCommand;
  drmRoot?: string;
}

async function gpuOf(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, run: RunCommand, drmRoot?: string): Promise<HostGpu | null> {
  if (platform === 'darwin') {
    const sp = await run('system_profiler', ['SPDisplaysDataType', '-json'], { timeoutMs: 15_000, env });
    return parseSystemProfilerDisplays(sp.stdout);
  }
  const nvidia = which(platform === 'win32' ? 'nvidia-smi.exe' : 'nvidia-smi', env);
  if (nvidia) {
    const r = await run(nvidia, ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits'], { timeoutMs: 10_000, env });
    const gpu = parseNvidiaHost(r.stdout);
    if (gpu) return gpu;
  }
  if (platform === 'linux') {
    const card = findAmdCards(drmRoot)[0];
    if (card) {
      const product = (await readText(`${card.device}/product_name`))?.trim();
      const device = (await readText(`${card.device}/device`))?.trim();
      const vram = Number((await readText(`${card.device}/mem_info_vram_total`))?.trim());
      const out: HostGpu = { name: product || `AMD GPU ${device ?? ''}`.trim() };
      if (Number.isFinite(vram) && vram > 0) out.vramBytes = vram;
      return out;
    }
  }
  return null;
}

async function osVersionOf(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, run: RunCommand): Promise<string> {
  if (platform === 'darwin') {
    const r = await run('sw_vers', ['-productVersion'], { timeoutMs: 5000, env });
    const v = r.stdout.trim();
    return v ? `macOS ${v} (Darwin ${os.release()})` : `Darwin ${os.release()}`;
  }
  if (platform === 'linux') {
    const pretty = parseOsRelease((await readText('/etc/os-release')) ?? '');
    return pretty ? `${pretty} (Linux ${os.release()})` : `Linux ${os.release()}`;
  }
  return os.release();
}

/** Host facts for run.json. Never rejects. */
export async function collectHostInfo(opts: HostProbeOptions = {}): Promise<HostInfo> {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const run = opts.run ?? runCommand;
  const cpus = os.cpus();
  const [osVersion, gpu] = await Promise.all([
    osVersionOf(platform, env, run).catch(() => os.release()),
    gpuOf(platform, env, run, opts.drmRoot).catch(() => null),
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
