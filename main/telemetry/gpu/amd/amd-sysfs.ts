// AMD on Linux without extra tools: the amdgpu driver's sysfs files under /sys/class/drm/cardN/device.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { GpuSample } from '../../../../common/telemetry.js';
import { createPollSource } from '../poll-source.js';
import type { GpuSource } from '../source.js';

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

export async function readAmdCard(card: AmdCard, t: number): Promise<GpuSample> {
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
    t,
    source: 'amdgpu-sysfs',
    index: card.index,
    gpuUsagePct: await readNumber(`${card.device}/gpu_busy_percent`),
    gpuFreqMHz: sclk,
    gpuPowerW: powerUw === null ? null : powerUw / 1e6,
    vramUsedBytes: await readNumber(`${card.device}/mem_info_vram_used`),
    tempC: tempMilli === null ? null : tempMilli / 1000,
  };
}

export function createAmdSysfsSource(opts: { cards: AmdCard[]; intervalMs: number }): GpuSource {
  return createPollSource({
    name: 'amdgpu-sysfs',
    intervalMs: opts.intervalMs,
    read: async () => {
      const t = Date.now();
      return Promise.all(opts.cards.map((card) => readAmdCard(card, t)));
    },
  });
}
