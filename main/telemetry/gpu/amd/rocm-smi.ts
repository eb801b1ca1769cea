// AMD through ROCm's CLI, one `rocm-smi … --json` run per interval.
import { captureCommand, type CaptureCommand } from '../../command-output.js';
import { createPollSource } from '../poll-source.js';
import type { GpuSource } from '../source.js';
import { parseRocmSmiJson, ROCM_SMI_ARGS } from './rocm-smi-parser.js';

export function createRocmSmiSource(opts: { file: string; intervalMs: number; env: NodeJS.ProcessEnv; run?: CaptureCommand }): GpuSource {
  const run = opts.run ?? captureCommand;
  return createPollSource({
    name: 'rocm-smi',
    intervalMs: opts.intervalMs,
    read: async () => {
      const result = await run(opts.file, ROCM_SMI_ARGS, { env: opts.env, timeoutMs: Math.max(5000, opts.intervalMs) });
      // rocm-smi exits non-zero on some warnings while still printing its JSON.
      if (!result.stdout.trim().startsWith('{')) throw new Error(result.stderr.trim().split('\n').slice(-1)[0] || result.error || `exit code ${result.code}`);
      return parseRocmSmiJson(result.stdout).map((card) => ({
        source: 'rocm-smi',
        index: card.index,
        gpuUsagePct: card.usagePct,
        gpuFreqMHz: card.sclkMHz,
        gpuPowerW: card.powerW,
        vramUsedBytes: card.vramUsedBytes,
        tempC: card.tempC,
        // A point reading: rocm-smi reports the values at the moment it runs.
        intervalMs: 0,
      }));
    },
  });
}
