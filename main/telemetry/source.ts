import type { TelemetrySourceStatus } from '../../common/run-manifest.js';

/**
 * One sampler of a run (a GPU tool, the server's processes). Sources never throw: what goes wrong
 * ends up in `status.reason`.
 */
export interface TelemetrySource<Sample> {
  readonly name: string;
  /** Starts sampling and resolves once it runs, or has failed, within a bounded time. */
  start(onSample: (sample: Sample) => void): Promise<TelemetrySourceStatus>;
  /** Current state; may change after start (the tool died, the password prompt was refused …). */
  readonly status: TelemetrySourceStatus;
  /** Idempotent; ends every child process and timer the source started; never throws. */
  stop(): Promise<void>;
}
