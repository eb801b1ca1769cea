// macOS without root: `macmon pipe -i N`, one JSON reading per line.
import { parseMacmonLine } from './macmon-parser.js';
import { createLineSource } from '../line-source.js';
import { trustedTime, type GpuSource } from '../source.js';

function macmonArgs(intervalMs: number): string[] {
  return ['pipe', '-i', String(Math.round(intervalMs))];
}

export function createMacmonSource(opts: { file: string; intervalMs: number; env: NodeJS.ProcessEnv }): GpuSource {
  return createLineSource({
    name: 'macmon',
    file: opts.file,
    args: macmonArgs(opts.intervalMs),
    env: opts.env,
    intervalMs: opts.intervalMs,
    parse: (line, receivedAt) => {
      const m = parseMacmonLine(line);
      if (!m) return [];
      return [
        {
          t: trustedTime(m.t, receivedAt),
          source: 'macmon',
          gpuUsagePct: m.gpuUsagePct,
          gpuFreqMHz: m.gpuFreqMHz,
          gpuPowerW: m.gpuPowerW,
          cpuPowerW: m.cpuPowerW,
          anePowerW: m.anePowerW,
          combinedPowerW: m.combinedPowerW,
          tempC: m.gpuTempC,
          intervalMs: opts.intervalMs,
        },
      ];
    },
  });
}
