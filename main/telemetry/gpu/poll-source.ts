// A GPU source read on a timer (amdgpu sysfs, rocm-smi): one read per interval, never two at once. The
// reading is stamped when it has been read: the end of what it describes.
import type { TelemetrySourceStatus } from '../../../common/run-manifest.js';
import { createPollLoop, type PollLoop } from '../poll-loop.js';
import type { GpuReading, GpuSource } from './source.js';

export interface PollSourceOptions {
  name: string;
  intervalMs: number;
  /** One reading of every GPU; throws when the source cannot be read. */
  read: () => Promise<Array<Omit<GpuReading, 't'>>>;
}

export function createPollSource(opts: PollSourceOptions): GpuSource {
  let status: TelemetrySourceStatus = { available: false, source: opts.name, reason: 'not started' };
  let loop: PollLoop | null = null;
  let failures = 0;

  return {
    name: opts.name,
    get status() {
      return status;
    },
    async start(onSample) {
      const poll = async (): Promise<void> => {
        try {
          const readings = await opts.read();
          const t = Date.now();
          failures = 0;
          if (readings.length > 0) status = { available: true, source: opts.name };
          else if (!status.available) status = { available: false, source: opts.name, reason: `${opts.name}: no GPU in the reading` };
          for (const reading of readings) onSample({ t, ...reading });
        } catch (error) {
          failures += 1;
          status = { available: failures < 3 && status.available, source: opts.name, reason: `${opts.name}: ${(error as Error).message}` };
        }
      };
      loop = createPollLoop(opts.intervalMs, poll);
      await loop.tickNow();
      if (status.available) loop.repeat();
      return status;
    },
    async stop() {
      await loop?.stop();
    },
  };
}
