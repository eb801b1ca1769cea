// AMD on Linux without extra tools: the amdgpu driver's sysfs files under /sys/class/drm/cardN/device,
// for the readings and for the card's name and VRAM.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createPollSource } from '../poll-source.js';
import type { GpuReading, GpuSource } from '../source.js';
import type { HostGpu } from '../vendor.js';

const AMD_VENDOR = '0x1002';

export interface AmdCard {
  index: number;
  /** …/cardN/device */
  device: string;
}

/** amdgpu cards that expose gpu_busy_percent, ordered by card number. */
export function findAmdCards(drmRoot = '/sys/class/drm'): AmdCard[] {
  let names: string[];
  try {
    names = readdirSync(drmRoot);
  } catch {
    return [];
  }
  const cards: AmdCard[] = [];
  for (const name of names) {
    const m = /^card(\d+)$/.exec(name);
    if (!m) continue;
    const device = `${drmRoot}/${name}/device`;
    try {
      if (readFileSync(`${device}/vendor`, 'utf8').trim() !== AMD_VENDOR) continue;
      readFileSync(`${device}/gpu_busy_percent`, 'utf8');
      cards.push({ index: Number(m[1]), device });
    } catch {
      // Not an amdgpu card, or a driver without the file.
    }
  }
  return cards.sort((a, b) => a.index - b.index);
}

async function readNumber(file: string): Promise<number | null> {
  try {
    const n = Number((await readFile(file, 'utf8')).trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** "0: 500Mhz\n1: 1800Mhz *\n" → 1800 (the starred, current level). */
export function currentDpmMHz(text: string): number | null {
  const line = text.split('\n').find((l) => l.trimEnd().endsWith('*'));
  const m = line ? /(\d+)\s*Mhz/i.exec(line) : null;
  return m ? Number(m[1]) : null;
}

async function hwmonDir(device: string): Promise<string | null> {
  try {
    const first = (await readdir(`${device}/hwmon`)).find((n) => n.startsWith('hwmon'));
    return first ? `${device}/hwmon/${first}` : null;
  } catch {
    return null;
  }
}

/** A point reading of the card's sysfs files. */
async function readAmdCard(card: AmdCard): Promise<Omit<GpuReading, 't'>> {
  const hwmon = await hwmonDir(card.device);
  // power1_average (older kernels) or power1_input (newer), microwatts; temp1_input millidegrees.
  const powerUw = hwmon ? ((await readNumber(`${hwmon}/power1_average`)) ?? (await readNumber(`${hwmon}/power1_input`))) : null;
  const tempMilli = hwmon ? await readNumber(`${hwmon}/temp1_input`) : null;
  let sclk: number | null = null;
  try {
    sclk = currentDpmMHz(await readFile(`${card.device}/pp_dpm_sclk`, 'utf8'));
  } catch {
    sclk = null;
  }
  return {
    source: 'amdgpu-sysfs',
    index: card.index,
    gpuUsagePct: await readNumber(`${card.device}/gpu_busy_percent`),
    gpuFreqMHz: sclk,
    gpuPowerW: powerUw === null ? null : powerUw / 1e6,
    vramUsedBytes: await readNumber(`${card.device}/mem_info_vram_used`),
    tempC: tempMilli === null ? null : tempMilli / 1000,
    intervalMs: 0,
  };
}

export function createAmdSysfsSource(opts: { cards: AmdCard[]; intervalMs: number }): GpuSource {
  return createPollSource({
    name: 'amdgpu-sysfs',
    intervalMs: opts.intervalMs,
    read: () => Promise.all(opts.cards.map(readAmdCard)),
  });
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** The card's marketing name (or its PCI device id) and total VRAM. */
export async function amdCardInfo(card: AmdCard): Promise<HostGpu> {
  const product = (await readText(`${card.device}/product_name`))?.trim();
  const device = (await readText(`${card.device}/device`))?.trim();
  const vram = Number((await readText(`${card.device}/mem_info_vram_total`))?.trim());
  const out: HostGpu = { name: product || `AMD GPU ${device ?? ''}`.trim() };
  if (Number.isFinite(vram) && vram > 0) out.vramBytes = vram;
  return out;
}
