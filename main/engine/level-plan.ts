// What a run measures, level by level: the run configuration turned into LevelPlans — every repeat of
// the plan, each level with its place, its own arrival seed (rate levels), and for a sweep the levels it
// discovers as it goes (sweep.ts). The run loop (run-benchmark.ts) asks for the next level and reports
// each finished one back.
import { randomInt } from 'node:crypto';
import { levelDescription, rateText, type LevelMode } from '../../common/levels.js';
import type { LevelSummary } from '../../common/results.js';
import { MAX_SEED, type ArrivalProcess, type RunConfig } from '../../common/run-config.js';
import { maxOf } from '../metrics/stats.js';
import { deriveSeed } from './arrivals.js';
import { DEFAULT_SWEEP_RATES, nextSweepLevel, type SweepLevel, type SweepLevelDone } from './sweep.js';

/** One level to run; its place, repeat, sweep role and rate fields are the ones its summary records (LevelSummary). */
export interface LevelPlan extends Pick<LevelSummary, 'levelIndex' | 'repeat' | 'sweep' | 'rate' | 'arrivals' | 'seed' | 'maxConcurrency'> {
  /** Burst: requests sent at once; sustained: requests kept in flight; rate: the cap, 0 without one. */
  concurrency: number;
  mode: LevelMode;
  /** Sustained and rate levels: stop starting requests after this long … */
  durationMs?: number;
  /** … or after this many. */
  requests?: number;
}

/** A fresh 32-bit seed, for a run that was given none (the run records it: one seed replays the run). */
export function randomSeed(): number {
  return randomInt(0, MAX_SEED + 1);
}

/** The in-flight count of a sweep's max-throughput level: the cap, else the largest concurrency level. */
export function sweepThroughputConcurrency(config: Pick<RunConfig, 'maxConcurrency' | 'concurrency'>): number {
  return config.maxConcurrency ?? maxOf(config.concurrency, 1);
}

/** How many levels the run will measure; a sweep's count is its most (it may stop early). */
export function plannedLevelCount(config: RunConfig): number {
  const perRepeat = config.mode === 'rate' ? (config.rates?.length ?? 0) : config.mode === 'sweep' ? 2 + DEFAULT_SWEEP_RATES : config.concurrency.length;
  return perRepeat * (config.repeats ?? 1);
}

/**
 * Hands out the run's levels in order: every level of the plan, then again for each further repeat.
 * A sweep's first repeat finds its levels as it goes (the rates come from the first two levels' request
 * rates, and it stops after the first saturated rate level); later repeats run the levels it found.
 */
export class LevelPlanner {
  private readonly repeats: number;
  private readonly seed: number;
  private repeat = 0;
  private index = 0;
  /** The levels of one repeat (known at once, except for a sweep's first repeat). */
  private readonly levels: LevelPlan[];
  private readonly sweepDone: SweepLevelDone[] = [];
  private current: LevelPlan | null = null;

  constructor(private readonly config: RunConfig) {
    this.repeats = config.repeats ?? 1;
    this.seed = config.seed ?? randomSeed();
    this.levels = config.mode === 'sweep' ? [] : fixedLevels(config);
  }

  /** The next level to run, or null when the run is over. */
  next(): LevelPlan | null {
    if (this.index >= this.levels.length && this.config.mode === 'sweep' && this.repeat === 0) {
      const found = nextSweepLevel(this.sweepDone);
      if (found !== null) this.levels.push(this.sweepLevel(found));
    }
    if (this.index >= this.levels.length) {
      this.repeat++;
      this.index = 0;
    }
    if (this.repeat >= this.repeats || this.levels.length === 0) return null;
    const template = this.levels[this.index++];
    const plan: LevelPlan = { ...template, repeat: this.repeat };
    if (plan.mode === 'rate') plan.seed = deriveSeed(this.seed, this.repeat, plan.levelIndex ?? 0);
    this.current = plan;
    return plan;
  }

  /**
   * The level `next` gave has run. Returns notes for the run's readers (run.json warnings): a sweep
   * says where it stopped because the server saturated.
   */
  done(summary: LevelSummary): string[] {
    const plan = this.current;
    this.current = null;
    if (plan === null || this.config.mode !== 'sweep' || this.repeat > 0) return [];
    const level: SweepLevel = plan.sweep === 'rate' ? { kind: 'rate', rate: plan.rate ?? 0 } : { kind: plan.sweep === 'throughput' ? 'throughput' : 'synchronous' };
    const saturated = summary.saturation?.saturated === true;
    this.sweepDone.push({ level, requestRate: summary.requestsPerSecond ?? 0, saturated });
    if (level.kind === 'throughput' && this.sweepDone.length === 2 && !(this.sweepDone[1].requestRate > this.sweepDone[0].requestRate)) {
      const [sync, max] = this.sweepDone.map((d) => rateText(d.requestRate));
      return [`The sweep ran no rate level: the max-throughput level served ${max} requests/s, no more than the synchronous level's ${sync} (the server serves one request at a time).`];
    }
    if (!saturated) return [];
    const reasons = summary.saturation?.reasons.join(', ') ?? '';
    return [`The sweep stopped at ${levelDescription(summary)}: the server saturated (${reasons}); later rates were not run.`];
  }

  private sweepLevel(found: SweepLevel): LevelPlan {
    const levelIndex = this.levels.length;
    const { durationMs, requests, arrivals, maxConcurrency } = this.config;
    const ends = { ...(durationMs !== undefined ? { durationMs } : {}), ...(requests !== undefined ? { requests } : {}) };
    if (found.kind === 'synchronous') return { concurrency: 1, mode: 'sustained', ...ends, levelIndex, sweep: 'synchronous' };
    if (found.kind === 'throughput') return { concurrency: sweepThroughputConcurrency(this.config), mode: 'sustained', ...ends, levelIndex, sweep: 'throughput' };
    return {
      ...rateFields(found.rate, arrivals, maxConcurrency),
      ...ends,
      levelIndex,
      sweep: 'rate',
    };
  }
}

/** The levels of one repeat of a burst, sustained or rate run. */
function fixedLevels(config: RunConfig): LevelPlan[] {
  const { durationMs, requests } = config;
  if (config.mode === 'rate') {
    return (config.rates ?? []).map((rate, levelIndex) => ({
      ...rateFields(rate, config.arrivals, config.maxConcurrency),
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(requests !== undefined ? { requests } : {}),
      levelIndex,
    }));
  }
  const mode = config.mode === 'sustained' ? 'sustained' : 'burst';
  return config.concurrency.map((concurrency, levelIndex) => ({ concurrency, mode, durationMs, requests, levelIndex }));
}

function rateFields(rate: number, arrivals: ArrivalProcess | undefined, maxConcurrency: number | undefined): LevelPlan {
  return {
    concurrency: maxConcurrency ?? 0,
    mode: 'rate',
    rate,
    arrivals: arrivals ?? 'poisson',
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  };
}
