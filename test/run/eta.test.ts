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

  it('a server that decodes 4 at once: √ after the first level, then the growth the levels showed (it read 0:37 for 11 s left)', () => {
    // Level 1 took 2.6 s; 2, 4 and 8 parallel then took 2.8, 3.0 and 5.4 s (11.2 s), as on a 4-slot server.
    const after1 = estimateEtaMs({ ...burst, finishedWallMs: [2600] })!;
    expect(after1).toBe(Math.round(2600 * (Math.SQRT2 + 2 + Math.sqrt(8)))); // 16.2 s, not 2.6 × 14 = 36.4 s
    // Two levels show little growth (2.6 → 2.8 s from 1 to 2): the next levels are projected with it.
    const k = Math.log(2800 / 2600) / Math.LN2;
    expect(estimateEtaMs({ ...burst, finishedWallMs: [2600, 2800] })).toBe(Math.round(2800 * (2 ** k + 4 ** k)));
  });

  it('rate levels: a level with a duration takes it, a level with a count takes its schedule', () => {
    const rate: EtaInput = { ...burst, mode: 'rate', rates: [0.5, 2], concurrency: [1] };
    expect(estimateEtaMs({ ...rate, durationMs: 30_000 })).toBe(60_000);
    // 10 requests at 0.5/s: 20 s; at 2/s: 5 s — known before anything ran.
    expect(estimateEtaMs({ ...rate, requests: 10 })).toBe(25_000);
    expect(estimateEtaMs({ ...rate, requests: 10, finishedWallMs: [21_000], current: { elapsedMs: 1000, done: 1, total: 10 } })).toBe(4000);
  });

  it('repeats: every level again, each projected from its own earlier repeat once there is one', () => {
    expect(estimateEtaMs({ ...burst, concurrency: [1, 2], repeats: 2, finishedWallMs: [1000, 3000] })).toBe(4000);
    expect(estimateEtaMs({ ...burst, mode: 'sustained', concurrency: [2], durationMs: 5000, repeats: 3, cooldownMs: 1000 })).toBe(3 * 5000 + 2 * 1000);
  });

  it('a sweep by time: at most its 10 levels per repeat', () => {
    expect(estimateEtaMs({ ...burst, mode: 'sweep', concurrency: [1, 8], durationMs: 10_000 })).toBe(100_000);
  });
});
