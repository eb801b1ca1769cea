// NVIDIA: one long-running `nvidia-smi --query-gpu … -lms N` child, one CSV line per GPU per interval.
import { NVIDIA_QUERY, NvidiaSmiCsvReader } from './nvidia-smi-parser.js';
import { createLineSource } from '../line-source.js';
import { trustedTime, type GpuSource } from '../source.js';

function nvidiaSmiArgs(intervalMs: number): string[] {
  return [`--query-gpu=${NVIDIA_QUERY.join(',')}`, '--format=csv,noheader,nounits', '-lms', String(Math.round(intervalMs))];
}

const MIB = 1024 * 1024;

export function createNvidiaSmiSource(opts: { file: string; intervalMs: number; env: NodeJS.ProcessEnv }): GpuSource {
  const reader = new NvidiaSmiCsvReader();
  return createLineSource({
    name: 'nvidia-smi',
    file: opts.file,
    args: nvidiaSmiArgs(opts.intervalMs),
    env: opts.env,
    intervalMs: opts.intervalMs,
    parse: (line, receivedAt) => {
      const row = reader.line(line);
      if (!row) return [];
      return [
        {
          t: trustedTime(row.t, receivedAt),
          source: 'nvidia-smi',
          index: row.index ?? 0,
          gpuUsagePct: row.utilizationPct,
          gpuFreqMHz: row.smClockMHz,
          gpuPowerW: row.powerW,
          vramUsedBytes: row.memoryUsedMiB === null ? null : row.memoryUsedMiB * MIB,
          tempC: row.temperatureC,
          // Treated as a point reading at nvidia-smi's own timestamp.
          intervalMs: 0,
        },
      ];
    },
  });
}
