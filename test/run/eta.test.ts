import { describe, expect, it } from 'vitest';
import { estimateEtaMs, type EtaInput } from '../../main/run/eta.js';

const burst: EtaInput = {
  mode: 'burst',
  concurrency: [1, 2, 4, 8],
  finishedWallMs: [],
  current: null,
  cooldownMs: 0,
};

describe('estimateEtaMs', () => {
  const cases: [string, Partial<EtaInput>, number | null][] = [
    ['nothing known before the first level', {}, null],
    ['first level, nothing finished yet', { current: { elapsedMs: 5000, done: 0, total: 1 } }, null],
    [
      'first level half done: its own pace, then the levels after scaled by √concurrency',
      { concurrency: [2, 4], current: { elapsedMs: 10_000, done: 1, total: 2 } },
      // current: 10 s more; level 4: 20 s projected × (4/2)^0.5 = 28.284 s
      38_284,
    ],
    [
      'second level running, nothing done: projected from the first, minus time spent',
      { finishedWallMs: [10_000], current: { elapsedMs: 5000, done: 0, total: 2 } },
      // one finished level tells no growth yet: wall ∝ √concurrency. Level 2: 10 s × √2 − 5 s = 9.142 s;
      // level 4: 10 s × √4 = 20 s; level 8: 10 s × √8 = 28.284 s
      57_426,
    ],
    [
      'second level running past its projection: never negative for that part',
      { finishedWallMs: [10_000], current: { elapsedMs: 60_000, done: 0, total: 2 } },
      20_000 + 28_284,
    ],
    [
      'second level half done: elapsed per done request',
      { finishedWallMs: [10_000], current: { elapsedMs: 8000, done: 1, total: 2 } },
      8000 + 20_000 + 28_284,
    ],
    [
      'cooldowns after every level but the last',
      { finishedWallMs: [10_000], current: { elapsedMs: 8000, done: 1, total: 2 }, cooldownMs: 10_000 },
      8000 + 20_000 + 28_284 + 2 * 10_000,
    ],
    [
      'in a cooldown: what is left of it, then the levels ahead',
      { finishedWallMs: [10_000], cooldownMs: 10_000, cooldownElapsedMs: 4000 },
      // 6000 + 14_142.1 + 20_000 + 28_284.3 + 2 × 10_000, rounded once
      88_426,
    ],
    [
      'between levels with no cooldown elapsed given: the whole cooldown',
      // two levels show the growth: 20 → 40 s from 2 to 4 parallel is proportional (exponent 1): 8 → 80 s
      { finishedWallMs: [10_000, 20_000, 40_000], cooldownMs: 10_000 },
      10_000 + 80_000,
    ],
    [
      'last level nearly done',
      { finishedWallMs: [1, 1, 1], current: { elapsedMs: 30_000, done: 6, total: 8 }, cooldownMs: 10_000 },
      10_000,
    ],
    [
      'current level complete (done ≥ total), last level',
      { finishedWallMs: [1, 1, 1], current: { elapsedMs: 30_000, done: 9, total: 8 } },
      0,
    ],
    ['every level finished', { finishedWallMs: [1, 2, 3, 4], cooldownMs: 10_000 }, 0],
    ['no levels at all', { concurrency: [] }, 0],
    [
      'sustained by time: the rest of this level plus whole durations',
      { mode: 'sustained', durationMs: 60_000, current: { elapsedMs: 15_000, done: 40, total: null } },
      45_000 + 3 * 60_000,
    ],
    [
      'sustained by time is known even before any level ran',
      { mode: 'sustained', durationMs: 60_000, cooldownMs: 5000 },
      4 * 60_000 + 3 * 5000,
    ],
    [
      'sustained by time, overrun: the current level counts as zero',
      { mode: 'sustained', durationMs: 60_000, finishedWallMs: [1, 1, 1], current: { elapsedMs: 61_000, done: 9, total: null } },
      0,
    ],
    [
      'sustained by count: future levels take the last level’s wall time',
      { mode: 'sustained', finishedWallMs: [30_000], current: { elapsedMs: 10_000, done: 25, total: 100 } },
      30_000 + 30_000 + 30_000,
    ],
    ['a negative elapsed time is not trusted', { current: { elapsedMs: -1, done: 1, total: 2 } }, null],
    ['a NaN wall time is not trusted', { finishedWallMs: [Number.NaN], current: { elapsedMs: 1, done: 0, total: 2 } }, null],
  ];

  it.each(cases)('%s', (_what, change, expected) => {
    expect(estimateEtaMs({ ...burst, ...change })).toBe(expected);
  });

  it('rounds to whole milliseconds', () => {
    const eta = estimateEtaMs({ ...burst, concurrency: [3], current: { elapsedMs: 1000, done: 3, total: 7 } });
    expect(eta).toBe(1333);
  });

  it('never returns a negative number, whatever the progress', () => {
    for (let elapsed = 0; elapsed <= 100_000; elapsed += 12_500) {
      for (let done = 0; done <= 10; done++) {
        const eta = estimateEtaMs({ ...burst, finishedWallMs: [5000], current: { elapsedMs: elapsed, done, total: 8 } });
        expect(eta).not.toBeNull();
        expect(eta).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('shrinks as a burst level progresses at a steady pace', () => {
    const etas = [1, 2, 3, 4, 5, 6, 7, 8].map((done) =>
      estimateEtaMs({ ...burst, finishedWallMs: [5000], current: { elapsedMs: done * 1000, done, total: 8 } }),
    );
    for (let i = 1; i < etas.length; i++) expect(etas[i]).toBeLessThan(etas[i - 1] ?? Infinity);
  });
});
