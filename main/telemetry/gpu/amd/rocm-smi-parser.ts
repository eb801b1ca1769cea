// `rocm-smi --showuse --showpower --showtemp --showclocks --showmeminfo vram --json`: an object per card
// ("card0": {...}) whose values are strings. Key names moved between ROCm releases ("Average Graphics
// Package Power (W)" became "Current Socket Graphics Package Power (W)"), so keys are matched by pattern.

export const ROCM_SMI_ARGS = ['--showuse', '--showpower', '--showtemp', '--showclocks', '--showmeminfo', 'vram', '--json'];

export interface RocmSmiCard {
  index: number;
  usagePct: number | null;
  powerW: number | null;
  sclkMHz: number | null;
  vramUsedBytes: number | null;
  tempC: number | null;
}

function numberIn(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const m = /-?\d+(?:\.\d+)?/.exec(value);
  return m ? Number(m[0]) : null;
}

function pick(card: Record<string, unknown>, patterns: RegExp[]): number | null {
  for (const pattern of patterns) {
    for (const [key, value] of Object.entries(card)) {
      if (pattern.test(key.trim())) {
        const n = numberIn(value);
        if (n !== null) return n;
      }
    }
  }
  return null;
}

/** The whole JSON document → one entry per card, ordered by card index. */
export function parseRocmSmiJson(text: string): RocmSmiCard[] {
  const raw: unknown = JSON.parse(text);
  if (raw === null || typeof raw !== 'object') return [];
  const cards: RocmSmiCard[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const m = /^card(\d+)$/.exec(key);
    if (!m || value === null || typeof value !== 'object') continue;
    const card = value as Record<string, unknown>;
    cards.push({
      index: Number(m[1]),
      usagePct: pick(card, [/^GPU use \(%\)$/]),
      powerW: pick(card, [/Graphics Package Power \(W\)$/, /Power \(W\)$/]),
      sclkMHz: pick(card, [/^sclk clock speed/]),
      vramUsedBytes: pick(card, [/^VRAM Total Used Memory \(B\)$/]),
      tempC: pick(card, [/^Temperature \(Sensor edge\) \(C\)$/, /^Temperature .*\(C\)$/]),
    });
  }
  return cards.sort((a, b) => a.index - b.index);
}
