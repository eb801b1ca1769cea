// Where a run stands (main/run/run-progress.ts), driven by the engine's events on a hand-moved clock:
// the plan's level count (rates, repeats, a sweep), the level in words, the drain of a timed level.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, type RunConfig } from '../../common/run-config.js';
import type { LevelPlan } from '../../main/engine/level-plan.js';
import { RunProgress } from '../../main/run/run-progress.js';

function progressOf(config: Partial<RunConfig>) {
  let now = 0;
  const progress = new RunProgress({ ...DEFAULTS, ...config }, () => now);
  return { progress, at: (ms: number) => (now = ms) };
}

describe('RunProgress', () => {
  it('a rate run: one level per rate and repeat, named by its rate', () => {
    const { progress } = progressOf({ mode: 'rate', rates: [1, 2, 4], requests: 10, repeats: 2, maxConcurrency: 8 });
    const plan: LevelPlan = { concurrency: 8, mode: 'rate', rate: 2, maxConcurrency: 8, requests: 10, levelIndex: 1, repeat: 0 };
    progress.events.onPhase('level', 1, plan);
    expect(progress.snapshot()).toMatchObject({ levelIndex: 1, levelCount: 6, total: 10, levelLabel: '2 requests/s (≤ 8 in flight)' });
  });

  it('a timed level past its duration is finishing (the drain), not "0:04/0:03"', () => {
    const { progress, at } = progressOf({ mode: 'sustained', concurrency: [2], durationMs: 3000 });
    progress.events.onPhase('level', 0, { concurrency: 2, mode: 'sustained', durationMs: 3000, levelIndex: 0, repeat: 0 });
    at(2000);
    expect(progress.snapshot()).toMatchObject({ phase: 'level', total: null, etaMs: 1000, levelLabel: '2 parallel' });
    at(4000);
    expect(progress.snapshot()).toMatchObject({ phase: 'finishing', etaMs: 0 });
  });

  it('a sweep counts its most levels (it may stop earlier)', () => {
    const { progress } = progressOf({ mode: 'sweep', requests: 5 });
    progress.events.onPhase('level', 0, { concurrency: 1, mode: 'sustained', requests: 5, levelIndex: 0, repeat: 0, sweep: 'synchronous' });
    expect(progress.snapshot()).toMatchObject({ levelCount: 10, total: 5, levelLabel: 'synchronous (1 request at a time)' });
  });
});
