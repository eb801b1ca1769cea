// AMD through ROCm's CLI, one `rocm-smi … --json` run per interval.
import { parseRocmSmiJson, ROCM_SMI_ARGS } from './rocm-smi-parser.js';
import { runCommand, type RunCommand } from '../../command-output.js';
import { createPollSource } from '../poll-source.js';
import type { GpuSource } from '../source.js';

export function createRocmSmiSource(opts: { file: string; intervalMs: number; env: NodeJS.ProcessEnv; run?: RunCommand }): GpuSource {
  const run = opts.run ?? runCommand;
  return createPollSource({
    name: 'rocm-smi',
    intervalMs: opts.intervalMs,
    read: async () => {
      const t = Date.now();
      const result = await run(opts.file, ROCM_SMI_ARGS, { env: opts.env, timeoutMs: Math.max(5000, opts.intervalMs) });
      // rocm-smi exits non-zero on some warnings while still printing its JSON.
      if (!result.stdout.trim().startsWith('{')) throw new Error(result.stderr.trim().split('\n').slice(-1)[0] || result.error || `exit code ${result.code}`);
      return parseRocmSmiJson(result.stdout).map((card) => ({
        t,
        source: 'rocm-smi',
        index: card.index,
        gpuUsagePct: card.usagePct,
        gpuFreqMHz: card.sclkMHz,
        gpuPowerW: card.powerW,
        vramUsedBytes: card.vramUsedBytes,
        tempC: card.tempC,
      }));
    },
  });
}
