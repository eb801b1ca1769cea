import { describe, expect, it } from 'vitest';
import { nextSweepLevel, sweepRates, type SweepLevelDone } from '../../main/engine/sweep.js';
import { sustainedRate } from '../../main/metrics/sweep-outcome.js';

describe('sweepRates (GuideLLM: np.linspace(sync, max, sweep_size − 1)[1:])', () => {
  it('8 rates from 0.5 to 4.1 requests/s: the synchronous rate left out, the max-throughput rate last', () => {
    // numpy gives 0.95, 1.4, 1.8499999999999999, 2.3, 2.75, 3.1999999999999997, 3.6499999999999995, 4.1
    const rates = sweepRates(0.5, 4.1);
    expect(rates).toHaveLength(8);
    const numpy = [0.95, 1.4, 1.85, 2.3, 2.75, 3.2, 3.65, 4.1];
    rates.forEach((rate, i) => expect(rate).toBeCloseTo(numpy[i], 12));
    expect(rates[7]).toBe(4.1);
  });

  it('evenly spaced: 1 → 5 in 4 steps', () => {
    expect(sweepRates(1, 5, 4)).toEqual([2, 3, 4, 5]);
    expect(sweepRates(1, 5, 1)).toEqual([5]);
  });

  it('nothing to sweep when max throughput is not above one-at-a-time', () => {
    expect(sweepRates(2, 2)).toEqual([]);
    expect(sweepRates(2, 1.5)).toEqual([]);
  });

  it.each([
    [0, 1, 8],
    [1, Number.NaN, 8],
    [1, 2, 0],
    [1, 2, 2.5],
  ])('rejects (%s, %s, %s)', (sync, max, count) => {
    expect(() => sweepRates(sync, max, count)).toThrow(RangeError);
  });
});

describe('nextSweepLevel', () => {
  const sync: SweepLevelDone = { level: { kind: 'synchronous' }, requestRate: 1, saturated: false };
  const max: SweepLevelDone = { level: { kind: 'throughput' }, requestRate: 5, saturated: true };
  const rate = (r: number, saturated = false): SweepLevelDone => ({ level: { kind: 'rate', rate: r }, requestRate: r, saturated });

  it('synchronous, then max throughput, then each rate in turn, then done', () => {
    expect(nextSweepLevel([], 4)).toEqual({ kind: 'synchronous' });
    expect(nextSweepLevel([sync], 4)).toEqual({ kind: 'throughput' });
    // the max-throughput level is saturated by design: that never ends the sweep
    expect(nextSweepLevel([sync, max], 4)).toEqual({ kind: 'rate', rate: 2 });
    expect(nextSweepLevel([sync, max, rate(2), rate(3)], 4)).toEqual({ kind: 'rate', rate: 4 });
    expect(nextSweepLevel([sync, max, rate(2), rate(3), rate(4), rate(5)], 4)).toBeNull();
  });

  it('ends early after a saturated rate level', () => {
    expect(nextSweepLevel([sync, max, rate(2), rate(3, true)], 4)).toBeNull();
  });

  it('ends when a measuring level served nothing or there is nothing between', () => {
    expect(nextSweepLevel([{ ...sync, requestRate: 0 }], 4)).toBeNull();
    expect(nextSweepLevel([sync, { ...max, requestRate: 0 }], 4)).toBeNull();
    expect(nextSweepLevel([sync, { ...max, requestRate: 1 }], 4)).toBeNull();
  });
});

describe('sustainedRate', () => {
  it('the last rate before the first saturated one, with its TTFT p95', () => {
    expect(
      sustainedRate([
        { rate: 2, saturated: false, ttftP95Ms: 300 },
        { rate: 3, saturated: false, ttftP95Ms: 900 },
        { rate: 4, saturated: true, ttftP95Ms: 8000 },
        { rate: 5, saturated: false, ttftP95Ms: 700 }, // after a saturated level: never counts
      ]),
    ).toEqual({ rate: 3, ttftP95Ms: 900 });
  });

  it('null when the first rate is already saturated or none ran', () => {
    expect(sustainedRate([{ rate: 2, saturated: true, ttftP95Ms: 5000 }])).toBeNull();
    expect(sustainedRate([])).toBeNull();
  });
});
