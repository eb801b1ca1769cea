import { describe, expect, it } from 'vitest';
import { defaultThreads } from '../../main/serve/machine-defaults.js';

describe('defaultThreads', () => {
  it('uses one thread on machines with at most two cores (a second one ran ~20× slower here)', () => {
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(2)).toBe(1);
  });

  it('uses one thread per physical core above that', () => {
    expect(defaultThreads(4)).toBe(4);
    expect(defaultThreads(12)).toBe(12);
  });

  it('falls back to one thread when the core count is unknown', () => {
    expect(defaultThreads(Number.NaN)).toBe(1);
    expect(defaultThreads(0)).toBe(1);
  });
});
