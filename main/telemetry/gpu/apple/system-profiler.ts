// macOS host facts: `system_profiler SPDisplaysDataType -json` names the GPU and, on Apple Silicon,
// its core count (the Study profile adds it as a level); discrete GPUs also give their VRAM.
import type { HostGpu } from '../vendor.js';

export const SYSTEM_PROFILER_ARGS = ['SPDisplaysDataType', '-json'];

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
