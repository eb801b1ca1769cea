import type { GpuSample } from '../../../common/telemetry.js';
import type { TelemetrySourceStatus } from '../../../common/run-manifest.js';

/** One way of reading the GPU. Sources never throw: what goes wrong ends up in `status.reason`. */
export interface GpuSource {
  readonly name: string;
  /** Starts sampling and resolves once it runs, or has failed, within a bounded time. */
  start(onSample: (sample: GpuSample) => void): Promise<TelemetrySourceStatus>;
  /** Current state; may change after start (the tool died, the password prompt was refused …). */
  readonly status: TelemetrySourceStatus;
  /** Idempotent; ends every child process the source started; never throws. */
  stop(): Promise<void>;
}

/** A sample time the tool stamped, trusted only when it agrees with our clock (replays, skewed clocks). */
export function trustedTime(stamped: number | null, received: number, toleranceMs = 5000): number {
  return stamped !== null && Math.abs(stamped - received) <= toleranceMs ? stamped : received;
}
