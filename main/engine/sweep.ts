// `--mode sweep`, GuideLLM's method: one synchronous level (one request at a time), one max-throughput
// level, then request rates evenly spaced between the two levels' achieved request rates, lowest first,
// stopping after the first saturated level (main/metrics/saturation.ts). Pure planning; the run loop
// executes each level and reports back.

/** Rate levels after the two measuring levels: GuideLLM's default sweep of 10 levels has 8. */
export const DEFAULT_SWEEP_RATES = 8;

/**
 * rate_k = sync + k · (max − sync) / count for k = 1 … count: the synchronous rate itself is left out
 * (that level just ran) and the max-throughput rate is the last. Identical to GuideLLM's
 * `np.linspace(sync, max, sweep_size − 1)[1:]` with sweep_size = count + 2. Empty when the max-throughput
 * rate is not above the synchronous one: the server serves one request at a time, nothing lies between.
 */
export function sweepRates(synchronousRate: number, throughputRate: number, count: number = DEFAULT_SWEEP_RATES): number[] {
  if (!(synchronousRate > 0 && Number.isFinite(synchronousRate))) throw new RangeError(`synchronous rate must be > 0, got ${synchronousRate}`);
  if (!(throughputRate > 0 && Number.isFinite(throughputRate))) throw new RangeError(`throughput rate must be > 0, got ${throughputRate}`);
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`sweep rate count must be a whole number ≥ 1, got ${count}`);
  if (throughputRate <= synchronousRate) return [];
  const step = (throughputRate - synchronousRate) / count;
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? throughputRate : synchronousRate + (i + 1) * step));
}

export type SweepLevel = { kind: 'synchronous' } | { kind: 'throughput' } | { kind: 'rate'; rate: number };

/** A level the sweep has run: its achieved request rate (ok requests / wall time) and its saturation. */
export interface SweepLevelDone {
  level: SweepLevel;
  requestRate: number;
  saturated: boolean;
}

/**
 * The next level of a sweep given the levels done so far, or null when it is over: after the last rate,
 * after a saturated rate level, or when the first two levels leave nothing to sweep (see sweepRates).
 * A synchronous or max-throughput level without any ok request (rate 0) ends the sweep too: there is no
 * rate to space.
 */
export function nextSweepLevel(done: readonly SweepLevelDone[], count: number = DEFAULT_SWEEP_RATES): SweepLevel | null {
  if (done.length === 0) return { kind: 'synchronous' };
  if (done.length === 1) return done[0].requestRate > 0 ? { kind: 'throughput' } : null;
  const [synchronous, throughput] = done;
  if (!(synchronous.requestRate > 0 && throughput.requestRate > 0)) return null;
  if (done.slice(2).some((d) => d.saturated)) return null;
  const rates = sweepRates(synchronous.requestRate, throughput.requestRate, count);
  const next = rates[done.length - 2];
  return next === undefined ? null : { kind: 'rate', rate: next };
}
