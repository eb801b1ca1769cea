// nvidia-smi --query-gpu CSV, for readings and for host facts. Reads both what Tokenbench asks for
// (noheader,nounits, columns in NVIDIA_QUERY order) and a logged CSV with a header and units inside
// the values ("96 %", "305.81 W").
// "[N/A]", "[Not Supported]" and friends are null, never zero.
import type { HostGpu } from '../vendor.js';

/** The columns Tokenbench queries, in order. */
export const NVIDIA_QUERY = [
  'timestamp',
  'index',
  'utilization.gpu',
  'power.draw',
  'clocks.sm',
  'memory.used',
  'temperature.gpu',
] as const;

export interface NvidiaSmiRow {
  /** Epoch ms from nvidia-smi's local-time timestamp; null when absent or unreadable. */
  t: number | null;
  index: number | null;
  name: string | null;
  utilizationPct: number | null;
  memoryUtilizationPct: number | null;
  powerW: number | null;
  smClockMHz: number | null;
  memoryUsedMiB: number | null;
  temperatureC: number | null;
}

/** "2026/01/03 15:36:53.507" in the machine's local time → epoch ms. */
export function parseNvidiaTimestamp(text: string): number | null {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms).getTime();
}

/** "305.81 W" / "96 %" / "17959 MiB" / "42" → number; "[N/A]" / "[Not Supported]" / "" → null. */
export function parseNvidiaNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const v = text.trim();
  if (v === '' || v.startsWith('[')) return null;
  const m = /^(-?[\d.]+)(?:\s*[A-Za-z%]+)?$/.exec(v);
  return m ? Number(m[1]) : null;
}

/** "power.draw [W]" → "power.draw". */
function columnName(header: string): string {
  return header.replace(/\s*\[[^\]]*\]\s*$/, '').trim();
}

function rowFrom(columns: readonly string[], cells: string[]): NvidiaSmiRow {
  const cell = (name: string): string | undefined => {
    const i = columns.indexOf(name);
    return i >= 0 ? cells[i] : undefined;
  };
  const ts = cell('timestamp');
  const name = cell('name');
  return {
    t: ts === undefined ? null : parseNvidiaTimestamp(ts),
    index: parseNvidiaNumber(cell('index')),
    name: name === undefined ? null : name.trim(),
    utilizationPct: parseNvidiaNumber(cell('utilization.gpu')),
    memoryUtilizationPct: parseNvidiaNumber(cell('utilization.memory')),
    powerW: parseNvidiaNumber(cell('power.draw')),
    smClockMHz: parseNvidiaNumber(cell('clocks.sm')),
    memoryUsedMiB: parseNvidiaNumber(cell('memory.used')),
    temperatureC: parseNvidiaNumber(cell('temperature.gpu')),
  };
}

/**
 * Parses one CSV line. `columns` is what the query asked for; a header line (starting with
 * "timestamp" or naming known fields) replaces it and returns null.
 */
export class NvidiaSmiCsvReader {
  private columns: readonly string[];

  constructor(columns: readonly string[] = NVIDIA_QUERY) {
    this.columns = columns;
  }

  line(raw: string): NvidiaSmiRow | null {
    const line = raw.trim();
    if (line === '') return null;
    const cells = line.split(',').map((c) => c.trim());
    if (cells.some((c) => /^(timestamp|index|name|power\.draw|utilization\.gpu)\b/.test(c))) {
      this.columns = cells.map(columnName);
      return null;
    }
    // A message instead of a row ("NVIDIA-SMI has failed because …") is not a reading.
    if (cells.length !== this.columns.length) return null;
    return rowFrom(this.columns, cells);
  }
}

/** Every row of a whole CSV text. */
export function parseNvidiaSmiCsv(text: string, columns: readonly string[] = NVIDIA_QUERY): NvidiaSmiRow[] {
  const reader = new NvidiaSmiCsvReader(columns);
  const rows: NvidiaSmiRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const row = reader.line(line);
    if (row) rows.push(row);
  }
  return rows;
}

/** What Tokenbench asks nvidia-smi for run.json's host facts. */
export const NVIDIA_HOST_ARGS = ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits'];

/** `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits` → the first GPU. */
export function parseNvidiaHost(csv: string): HostGpu | null {
  const line = csv.split('\n').find((l) => l.trim() !== '');
  if (!line) return null;
  const cells = line.split(',').map((c) => c.trim());
  if (!cells[0]) return null;
  const mib = parseNvidiaNumber(cells[1]);
  return mib === null ? { name: cells[0] } : { name: cells[0], vramBytes: mib * 1024 * 1024 };
}
