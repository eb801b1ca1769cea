/** What one powermetrics plist sample says. Powers in watts. */
export interface PowermetricsSample {
  /** Epoch ms of the sample as powermetrics stamped it (second resolution). */
  timestampMs: number | null;
  /** The interval the sample averages over, ms. */
  elapsedMs: number | null;
  /** GPU frequency while active, MHz; null when the GPU never left idle in the interval. */
  gpuFreqMHz: number | null;
  /** Share of the interval the GPU was active, %. */
  gpuActivePct: number | null;
  gpuPowerW: number | null;
  cpuPowerW: number | null;
  anePowerW: number | null;
  combinedPowerW: number | null;
  packagePowerW: number | null;
  dramPowerW: number | null;
  /** GPU energy over the interval, J. */
  gpuEnergyJ: number | null;
}

export function emptyPowermetricsSample(): PowermetricsSample {
  return {
    timestampMs: null,
    elapsedMs: null,
    gpuFreqMHz: null,
    gpuActivePct: null,
    gpuPowerW: null,
    cpuPowerW: null,
    anePowerW: null,
    combinedPowerW: null,
    packagePowerW: null,
    dramPowerW: null,
    gpuEnergyJ: null,
  };
}
