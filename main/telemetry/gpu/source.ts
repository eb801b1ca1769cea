import type { GpuSample } from '../../../common/telemetry.js';
import type { TelemetrySource } from '../source.js';

/**
 * What every GPU source emits. One timestamp rule for all of them: `t` is the epoch ms at the END of
 * the interval the values describe, and `intervalMs` is that interval's length — the tool's own
 * (powermetrics' elapsed time), the sampling interval for tools that average over it (macmon), or 0
 * for a point reading (nvidia-smi, amdgpu sysfs, rocm-smi). Energy places each value at the
 * interval's middle.
 */
export type GpuReading = GpuSample & { intervalMs: number };

/** One way of reading the GPU. */
export type GpuSource = TelemetrySource<GpuReading>;

/** A sample time the tool stamped, trusted only when it agrees with our clock (replays, skewed clocks). */
export function trustedTime(stamped: number | null, received: number, toleranceMs = 5000): number {
  return stamped !== null && Math.abs(stamped - received) <= toleranceMs ? stamped : received;
}
