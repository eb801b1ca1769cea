// The run's plan of levels (main/engine/level-plan.ts), pure: every repeat of a burst, sustained or rate
// plan with each level's place and seed, and a sweep that finds its levels from the ones it ran.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, type RunConfig } from '../../common/run-config.js';
import type { LevelSummary } from '../../common/results.js';
import { deriveSeed } from '../../main/engine/arrivals.js';
import { LevelPlanner, plannedLevelCount, type LevelPlan } from '../../main/engine/level-plan.js';
import { level } from '../report/sample-run.js';

const config = (patch: Partial<RunConfig>): RunConfig => ({ ...DEFAULTS, ...patch });

/** Runs the planner to its end, answering each level with `summaryOf(plan)`; returns the plans and the notes. */
function drive(planner: LevelPlanner, summaryOf: (plan: LevelPlan) => Partial<LevelSummary> = () => ({})) {
  const plans: LevelPlan[] = [];
  const notes: string[] = [];
  for (let plan = planner.next(); plan !== null; plan = planner.next()) {
    plans.push(plan);
    notes.push(...planner.done(level(plan.concurrency, { ...plan, ...summaryOf(plan) })));
  }
  return { plans, notes };
}

describe('LevelPlanner', () => {
  it('burst: each level in order, the whole plan again for each repeat', () => {
    const { plans } = drive(new LevelPlanner(config({ concurrency: [1, 4], repeats: 2 })));
    expect(plans.map((p) => [p.repeat, p.levelIndex, p.concurrency, p.mode])).toEqual([
      [0, 0, 1, 'burst'],
      [0, 1, 4, 'burst'],
      [1, 0, 1, 'burst'],
      [1, 1, 4, 'burst'],
    ]);
    expect(plannedLevelCount(config({ concurrency: [1, 4], repeats: 2 }))).toBe(4);
  });

  it('rate: one level per rate, each repeat and level with its own seed from the run’s', () => {
    const { plans } = drive(new LevelPlanner(config({ mode: 'rate', rates: [1, 2], requests: 5, seed: 99, maxConcurrency: 3, repeats: 2 })));
    expect(plans.map((p) => [p.repeat, p.levelIndex, p.rate, p.seed, p.concurrency, p.maxConcurrency, p.arrivals])).toEqual([
      [0, 0, 1, deriveSeed(99, 0, 0), 3, 3, 'poisson'],
      [0, 1, 2, deriveSeed(99, 0, 1), 3, 3, 'poisson'],
      [1, 0, 1, deriveSeed(99, 1, 0), 3, 3, 'poisson'],
      [1, 1, 2, deriveSeed(99, 1, 1), 3, 3, 'poisson'],
    ]);
  });

  it('sweep: synchronous, max throughput, then rates between their request rates until one saturates; repeats replay them', () => {
    const saturated = { saturated: true, reasons: ['wait-grows' as const], fitted: 10, waitSlopeMsPerS: 200, waitSlopeLowMsPerS: 150, waitGrowthMs: 2000, lateShare: 0, failedShare: 0 };
    const { plans, notes } = drive(new LevelPlanner(config({ mode: 'sweep', requests: 10, concurrency: [1, 2, 16], repeats: 2, seed: 1 })), (plan) => ({
      requestsPerSecond: plan.sweep === 'synchronous' ? 1 : plan.sweep === 'throughput' ? 9 : plan.rate,
      ...(plan.sweep === 'rate' && (plan.rate ?? 0) >= 3 ? { saturation: saturated } : {}),
    }));
    // rate_k = 1 + k · (9 − 1) / 8 = 2, 3, …: the second rate saturates and ends the sweep.
    expect(plans.map((p) => [p.repeat, p.levelIndex, p.sweep, p.mode, p.concurrency, p.rate])).toEqual([
      [0, 0, 'synchronous', 'sustained', 1, undefined],
      [0, 1, 'throughput', 'sustained', 16, undefined],
      [0, 2, 'rate', 'rate', 0, 2],
      [0, 3, 'rate', 'rate', 0, 3],
      [1, 0, 'synchronous', 'sustained', 1, undefined],
      [1, 1, 'throughput', 'sustained', 16, undefined],
      [1, 2, 'rate', 'rate', 0, 2],
      [1, 3, 'rate', 'rate', 0, 3],
    ]);
    expect(plans.every((p) => p.requests === 10)).toBe(true);
    expect(notes).toEqual(['The sweep stopped at 3 requests/s: the server saturated (wait-grows); later rates were not run.']);
  });

  it('sweep: says so when the max-throughput level served no more than the synchronous one', () => {
    const { plans, notes } = drive(new LevelPlanner(config({ mode: 'sweep', durationMs: 1000, maxConcurrency: 4 })), () => ({ requestsPerSecond: 2 }));
    expect(plans.map((p) => [p.sweep, p.concurrency, p.durationMs])).toEqual([
      ['synchronous', 1, 1000],
      ['throughput', 4, 1000],
    ]);
    expect(notes).toEqual(["The sweep ran no rate level: the max-throughput level served 2 requests/s, no more than the synchronous level's 2 (the server serves one request at a time)."]);
  });
});
