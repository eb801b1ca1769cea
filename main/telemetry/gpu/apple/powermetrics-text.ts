// powermetrics' default text output. Values are padded after the colon ("GPU idle residency:  98.37%"),
// which is why the study's split on ": " read every sample as 100 % busy: every number here is found
// by a regex that allows any whitespace. macOS 12 prints "GPU active frequency" (an average over the
// whole interval, idle included) where later versions print "GPU HW active frequency" (the frequency
// while active); both are reported as the frequency while active.
import { emptyPowermetricsSample, type PowermetricsSample } from './powermetrics-sample.js';

const HEADER = /^\*\*\* Sampled system activity \((.+?)\) \(([\d.]+)\s*ms elapsed\) \*\*\*/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Sat Nov  8 15:54:21 2025 +0900" → epoch ms; null when it is not that shape. */
export function parsePowermetricsDate(text: string): number | null {
  const m = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})\s+([+-])(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]);
  if (month < 0) return null;
  const utc = Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  const offsetMin = (Number(m[8]) * 60 + Number(m[9])) * (m[7] === '-' ? -1 : 1);
  return utc - offsetMin * 60_000;
}

const POWER_KEYS: Record<string, keyof PowermetricsSample> = {
  'CPU Power': 'cpuPowerW',
  'GPU Power': 'gpuPowerW',
  'ANE Power': 'anePowerW',
  'DRAM Power': 'dramPowerW',
  'Package Power': 'packagePowerW',
  'Combined Power (CPU + GPU + ANE)': 'combinedPowerW',
};

/** "(389 MHz:  13% 486 MHz:   0% …)" → the share-weighted mean frequency; null when every share is 0. */
function meanOfResidencyList(text: string): number | null {
  let weighted = 0;
  let shares = 0;
  for (const m of text.matchAll(/(\d+)\s*MHz:\s*([\d.]+)%/g)) {
    const share = Number(m[2]);
    weighted += Number(m[1]) * share;
    shares += share;
  }
  return shares > 0 ? weighted / shares : null;
}

function parseSection(header: RegExpExecArray, lines: string[]): PowermetricsSample {
  const sample = emptyPowermetricsSample();
  sample.timestampMs = parsePowermetricsDate(header[1]);
  sample.elapsedMs = Number(header[2]);
  let hwFreq: number | null = null;
  let averagedFreq: number | null = null;
  let activeList: string | null = null;
  let idlePct: number | null = null;
  for (const line of lines) {
    const kv = /^([A-Za-z][^:]*?):\s*(.*)$/.exec(line);
    if (!kv) continue;
    const [, key, value] = kv;
    const powerField = POWER_KEYS[key];
    if (powerField) {
      const mw = /^([\d.]+)\s*mW/.exec(value);
      // The GPU section repeats "GPU Power"; the first one is kept.
      if (mw && sample[powerField] === null) sample[powerField] = Number(mw[1]) / 1000;
      continue;
    }
    if (key === 'GPU HW active frequency') hwFreq = numberBefore(value, 'MHz');
    else if (key === 'GPU active frequency') averagedFreq = numberBefore(value, 'MHz');
    else if (key === 'GPU HW active residency' || key === 'GPU active residency') {
      const pct = /^([\d.]+)%/.exec(value);
      if (pct) sample.gpuActivePct = Number(pct[1]);
      activeList = value;
    } else if (key === 'GPU idle residency') {
      const pct = /^([\d.]+)%/.exec(value);
      if (pct) idlePct = Number(pct[1]);
    }
  }
  if (sample.gpuActivePct === null && idlePct !== null) sample.gpuActivePct = 100 - idlePct;
  if (hwFreq !== null) sample.gpuFreqMHz = hwFreq;
  else if (activeList !== null) sample.gpuFreqMHz = meanOfResidencyList(activeList);
  else if (averagedFreq !== null && sample.gpuActivePct) sample.gpuFreqMHz = averagedFreq / (sample.gpuActivePct / 100);
  return sample;
}

function numberBefore(value: string, unit: string): number | null {
  const m = new RegExp(`^([\\d.]+)\\s*${unit}`).exec(value);
  return m ? Number(m[1]) : null;
}

/** Every sample in a powermetrics text log, in order. */
export function parsePowermetricsText(text: string): PowermetricsSample[] {
  const samples: PowermetricsSample[] = [];
  let header: RegExpExecArray | null = null;
  let body: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const h = HEADER.exec(line);
    if (h) {
      if (header) samples.push(parseSection(header, body));
      header = h;
      body = [];
    } else if (header) {
      body.push(line);
    }
  }
  if (header) samples.push(parseSection(header, body));
  return samples;
}
