// The server's processes as a telemetry source: found once by the target's port (or by name), then
// read on the polling loop.
import type { TelemetrySourceStatus } from '../../../common/run-manifest.js';
import type { ProcessSample } from '../../../common/telemetry.js';
import { createPollLoop, type PollLoop } from '../poll-loop.js';
import type { TelemetrySource } from '../source.js';
import type { ProcessPlatform } from './process-table.js';
import { linuxProcessPlatform } from './sample-linux.js';
import { macosProcessPlatform } from './sample-macos.js';
import { ProcessTracker } from './tracker.js';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The target's port when it runs on this machine; otherwise why the processes cannot be watched. */
export function localPort(targetUrl: string): { port: number } | { reason: string } {
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    return { reason: `not a URL: ${targetUrl}` };
  }
  if (!LOCAL_HOSTS.has(url.hostname)) return { reason: `the target (${url.hostname}) is not on this machine` };
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { port };
}

function processPlatformFor(platform: NodeJS.Platform): ProcessPlatform | null {
  if (platform === 'linux') return linuxProcessPlatform();
  if (platform === 'darwin') return macosProcessPlatform();
  return null;
}

export interface ProcessSourceOptions {
  targetUrl: string;
  platform: NodeJS.Platform;
  intervalMs: number;
  /** Test seam: a fake process table. */
  processPlatform?: ProcessPlatform;
}

/** The process sampler for the target, or why there is none (a remote target, an unsupported OS). */
export function selectProcessSource(opts: ProcessSourceOptions): TelemetrySource<ProcessSample> | { reason: string } {
  const where = localPort(opts.targetUrl);
  // Process telemetry reads this machine's process table: a remote server's processes are out of reach.
  if ('reason' in where) return { reason: `process telemetry is local-only: ${where.reason}` };
  const platform = opts.processPlatform ?? processPlatformFor(opts.platform);
  if (!platform) return { reason: `process telemetry is not supported on ${opts.platform}` };
  return createProcessSource(new ProcessTracker(platform, where.port), platform.label, opts.intervalMs);
}

function createProcessSource(tracker: ProcessTracker, name: string, intervalMs: number): TelemetrySource<ProcessSample> {
  let status: TelemetrySourceStatus = { available: false, reason: 'not started' };
  let loop: PollLoop | null = null;
  return {
    name,
    get status() {
      return status;
    },
    async start(onSample) {
      try {
        status = await tracker.discover();
      } catch (error) {
        status = { available: false, reason: `process discovery failed: ${(error as Error).message}` };
        return status;
      }
      if (!status.available) return status;
      loop = createPollLoop(intervalMs, async () => {
        try {
          for (const sample of await tracker.tick()) onSample(sample);
        } catch {
          // One failed reading (a process ending mid-read) is skipped; the next tick tries again.
        }
      });
      // The first tick sets each PID's CPU baseline, so CPU % is known from the second one on.
      await loop.tickNow();
      loop.repeat();
      return status;
    },
    async stop() {
      await loop?.stop();
    },
  };
}
