// One planned level (level-plan.ts) run by the runner of its mode: burst and sustained levels by
// level-runner.ts, rate levels by rate-level-runner.ts; and what the run loop needs around it — the
// connections to open, the tags its records carry, the window its summary covers.
import type { LevelWindow } from '../metrics/level-summary.js';
import type { LevelTags } from '../metrics/record.js';
import { MAX_CONCURRENCY } from '../../common/run-config.js';
import type { LevelPlan } from './level-plan.js';
import { runLevel, type LevelContext, type LevelSpan } from './level-runner.js';
import { runRateLevel, type RateLevelSpan } from './rate-level-runner.js';

/** Most connections opened before an uncapped rate level: its in-flight count is not known in advance. */
const MAX_WARM_RATE_CONNECTIONS = 256;

export function runPlannedLevel(plan: LevelPlan, ctx: LevelContext): Promise<LevelSpan | RateLevelSpan> {
  return plan.mode === 'rate' ? runRateLevel(plan, ctx) : runLevel(plan, ctx);
}

/**
 * Connections of the level's pool (one per request in flight, so no request waits behind another on a
 * socket; null = as many as needed, for a rate level without a cap) and how many to open beforehand: a
 * rate level's in-flight count is rate × latency, unknown before it runs, so two seconds' worth.
 */
export function levelConnections(plan: LevelPlan): { pool: number | null; warm: number } {
  if (plan.mode !== 'rate') return { pool: plan.concurrency, warm: plan.concurrency };
  if (plan.maxConcurrency !== undefined) return { pool: plan.maxConcurrency, warm: Math.min(plan.maxConcurrency, MAX_WARM_RATE_CONNECTIONS) };
  return { pool: null, warm: Math.min(MAX_CONCURRENCY, MAX_WARM_RATE_CONNECTIONS, Math.ceil(2 * (plan.rate ?? 1))) };
}

/** What every record of the level says about the level that made it. */
export function levelTags(plan: LevelPlan): LevelTags {
  const tags: LevelTags = { mode: plan.mode };
  if (plan.levelIndex !== undefined) tags.levelIndex = plan.levelIndex;
  if (plan.repeat !== undefined) tags.repeat = plan.repeat;
  if (plan.rate !== undefined) tags.rate = plan.rate;
  return tags;
}

/** The window the level's summary covers: when it ran, and the plan's identity and duration. */
export function levelWindow(plan: LevelPlan, span: LevelSpan | RateLevelSpan): LevelWindow {
  const window: LevelWindow = { concurrency: plan.concurrency, mode: plan.mode, startedAt: span.startedAt, endedAt: span.endedAt };
  if (plan.mode !== 'burst' && plan.durationMs !== undefined) window.durationMs = plan.durationMs;
  for (const key of ['levelIndex', 'repeat', 'sweep', 'rate', 'arrivals', 'seed', 'maxConcurrency'] as const) {
    if (plan[key] !== undefined) Object.assign(window, { [key]: plan[key] });
  }
  if ('notStarted' in span) window.notStarted = span.notStarted;
  return window;
}
