// `macmon pipe`: one JSON object per line. Powers are watts; `gpu_usage` is [frequency MHz, busy ratio].

export interface MacmonSample {
  /** Epoch ms from macmon's ISO timestamp; null when absent. */
  t: number | null;
  gpuFreqMHz: number | null;
  gpuUsagePct: number | null;
  gpuPowerW: number | null;
  cpuPowerW: number | null;
  anePowerW: number | null;
  /** macmon `all_power`: CPU + GPU + ANE. */
  combinedPowerW: number | null;
  /** macmon `sys_power`: the whole machine, as the SMC reports it. */
  systemPowerW: number | null;
  gpuTempC: number | null;
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One line of `macmon pipe`; null for a line that is not a macmon sample. */
export function parseMacmonLine(line: string): MacmonSample | null {
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  const usage = Array.isArray(o.gpu_usage) ? o.gpu_usage : [];
  const freq = finite(usage[0]);
  const ratio = finite(usage[1]);
  const temp = o.temp !== null && typeof o.temp === 'object' ? (o.temp as Record<string, unknown>) : {};
  const ts = typeof o.timestamp === 'string' ? Date.parse(o.timestamp) : Number.NaN;
  const sample: MacmonSample = {
    t: Number.isNaN(ts) ? null : ts,
    gpuFreqMHz: freq !== null && freq > 0 ? freq : null,
    gpuUsagePct: ratio === null ? null : ratio * 100,
    gpuPowerW: finite(o.gpu_power),
    cpuPowerW: finite(o.cpu_power),
    anePowerW: finite(o.ane_power),
    combinedPowerW: finite(o.all_power),
    systemPowerW: finite(o.sys_power),
    gpuTempC: finite(temp.gpu_temp_avg),
  };
  return sample.gpuPowerW === null && sample.gpuUsagePct === null ? null : sample;
}
