// A GPU source read on a timer (amdgpu sysfs, rocm-smi): one read per interval, never two at once.
import type { GpuSample } from '../../../common/telemetry.js';
import type { TelemetrySourceStatus } from '../../../common/run-manifest.js';
import type { GpuSource } from './source.js';

export interface PollSourceOptions {
  name: string;
  intervalMs: number;
  /** One reading of every GPU; throws when the source cannot be read. */
  read: () => Promise<GpuSample[]>;
}

export function createPollSource(opts: PollSourceOptions): GpuSource {
  let status: TelemetrySourceStatus = { available: false, source: opts.name, reason: 'not started' };
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let failures = 0;

  return {
    name: opts.name,
    get status() {
      return status;
    },
    async start(onSample) {
      const poll = async (): Promise<void> => {
        try {
          const samples = await opts.read();
          failures = 0;
          if (samples.length > 0) status = { available: true, source: opts.name };
          else if (!status.available) status = { available: false, source: opts.name, reason: `${opts.name}: no GPU in the reading` };
          for (const s of samples) onSample(s);
        } catch (error) {
          failures += 1;
          status = { available: failures < 3 && status.available, source: opts.name, reason: `${opts.name}: ${(error as Error).message}` };
        }
      };
      inFlight = poll();
      await inFlight;
      inFlight = null;
      if (!status.available) return status;
      timer = setInterval(() => {
        if (inFlight) return;
        inFlight = poll().finally(() => {
          inFlight = null;
        });
      }, opts.intervalMs);
      timer.unref();
      return status;
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await inFlight;
    },
  };
}
