// Shapes shared by the telemetry samplers. Field names are the ones written to telemetry/*.jsonl
// (docs/telemetry.md); null means "the source does not report it", never zero.

/** One GPU reading. `t` is the epoch ms at the end of the interval the values describe. */
export interface GpuSample {
  t: number;
  source: string;
  /** GPU index when the machine has several (nvidia-smi, AMD cards). */
  index?: number;
  gpuUsagePct: number | null;
  /** Frequency while active, MHz. */
  gpuFreqMHz: number | null;
  gpuPowerW: number | null;
  cpuPowerW?: number | null;
  anePowerW?: number | null;
  /** Apple: CPU + GPU + ANE as the source sums it. */
  combinedPowerW?: number | null;
  packagePowerW?: number | null;
  dramPowerW?: number | null;
  vramUsedBytes?: number | null;
  tempC?: number | null;
  /**
   * Length of the interval ending at `t` that the values describe: powermetrics' elapsed time, macmon's
   * sampling interval, 0 for a point reading (nvidia-smi, amdgpu sysfs, rocm-smi). Every sampler
   * writes it (main/telemetry/gpu/source.ts GpuReading); optional here because runs recorded earlier
   * lack it for point readings, which read as 0.
   */
  intervalMs?: number;
}

/** One server-process reading per PID per tick. */
export interface ProcessSample {
  t: number;
  pid: number;
  ppid: number;
  name: string;
  /** `server`: the process listening on the target port (or found by name); `child`: its descendants. */
  role: 'server' | 'child';
  /** CPU time used over the last interval / the interval, in % of one core; null on a PID's first tick. */
  cpuPct: number | null;
  rssBytes: number | null;
  vszBytes: number | null;
  threads: number | null;
  /** null when the process belongs to another user and its fd table cannot be read. */
  fds: number | null;
}
