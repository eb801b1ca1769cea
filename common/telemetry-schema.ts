// The schemas a reader checks telemetry/*.jsonl lines against (shapes: common/telemetry.ts). A damaged or
// crafted sample is skipped with a warning, never drawn. Loose objects: newer fields pass through.
import * as z from 'zod/mini';
import type { KeysMatch } from './schema-keys.js';
import type { GpuSample, ProcessSample } from './telemetry.js';

const reading = z.nullable(z.number());
const optionalReading = z.optional(z.nullable(z.number()));

const gpuShape = {
  t: z.number(),
  source: z.string(),
  index: z.optional(z.number()),
  gpuUsagePct: reading,
  gpuFreqMHz: reading,
  gpuPowerW: reading,
  cpuPowerW: optionalReading,
  anePowerW: optionalReading,
  combinedPowerW: optionalReading,
  packagePowerW: optionalReading,
  dramPowerW: optionalReading,
  vramUsedBytes: optionalReading,
  tempC: optionalReading,
  intervalMs: z.optional(z.number()),
};

const processShape = {
  t: z.number(),
  pid: z.number(),
  ppid: z.number(),
  name: z.string(),
  role: z.enum(['server', 'child']),
  cpuPct: reading,
  rssBytes: reading,
  vszBytes: reading,
  threads: reading,
  fds: reading,
};

export const gpuSampleSchema = z.looseObject(gpuShape);
export const processSampleSchema = z.looseObject(processShape);

const keys: Array<true> = [true satisfies KeysMatch<typeof gpuShape, GpuSample>, true satisfies KeysMatch<typeof processShape, ProcessSample>];
void keys;
