import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../main/engine/arrivals.js';
import { drawLength } from '../../../main/engine/workload/lengths.js';

describe('drawLength', () => {
  it('sd 0 is the mean, drawing nothing', () => {
    let draws = 0;
    const random = (): number => {
      draws++;
      return 0.5;
    };
    expect(drawLength({ mean: 512, sd: 0 }, random)).toBe(512);
    expect(draws).toBe(0);
  });

  it('Box–Muller: round(mean + sd·√(−2 ln(1−u1))·cos(2π u2)), at least 1', () => {
    // u1 = 1 − e^(−2): the radius is exactly 2; u2 = 0: cos = 1, so z = 2.
    const fixed = [1 - Math.exp(-2), 0];
    const random = (): number => fixed.shift() ?? 0;
    expect(drawLength({ mean: 100, sd: 10 }, random)).toBe(120);
    const low = [1 - Math.exp(-2), 0.5];
    expect(drawLength({ mean: 5, sd: 10 }, () => low.shift() ?? 0)).toBe(1);
  });

  it('a seed replays the lengths; their mean and spread are the asked ones', () => {
    const draw = (seed: number): number[] => {
      const random = createRandom(seed);
      return Array.from({ length: 4000 }, () => drawLength({ mean: 1000, sd: 100 }, random));
    };
    const lengths = draw(7);
    expect(draw(7)).toEqual(lengths);
    expect(draw(8)).not.toEqual(lengths);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    const sd = Math.sqrt(lengths.reduce((a, b) => a + (b - mean) ** 2, 0) / (lengths.length - 1));
    // Standard error of the mean is 100/√4000 ≈ 1.6; of the sd ≈ 1.1.
    expect(Math.abs(mean - 1000)).toBeLessThan(8);
    expect(Math.abs(sd - 100)).toBeLessThan(6);
  });
});
