import { levelDescription } from '../../common/levels.js';
import type { RunConfig } from '../../common/run-config.js';
import { estimateEtaMs } from './eta.js';
import { plannedLevelCount, sweepThroughputConcurrency, type LevelPlan } from '../engine/level-plan.js';
import type { BenchmarkEvents, BenchmarkPhase } from '../engine/run-benchmark.js';

/** Live tokens/s is measured over windows at least this long, so one chunk burst does not spike it. */
const RATE_WINDOW_MS = 500;

/** Where a run stands, for a progress bar or a progress event. */
export interface ProgressSnapshot {
  /** `finishing`: a level that ran for a duration is past it, waiting for the requests still in flight. */
  phase: BenchmarkPhase | 'finishing';
  /** 0-based index of the current (or last started) level. */
  levelIndex: number;
  levelCount: number;
  concurrency: number;
  /** Requests of the current level that have ended. */
  done: number;
  /** Requests the level will send; null when it runs for a duration. */
  total: number | null;
  errors: number;
  liveTokensPerSecond: number | null;
  etaMs: number | null;
  /** Time into the current phase. */
  elapsedMs: number;
  durationMs?: number;
  /** The current level in words: "4 parallel", "2 requests/s (≤ 8 in flight)" (common/levels.ts). */
  levelLabel: string;
}

/**
 * Follows the engine's events and answers "where are we?" for the CLI's progress bar and the app's
 * progress events alike. Token chunks are a bare increment: that callback runs per chunk.
 */
export class RunProgress {
  private phase: BenchmarkPhase = 'warmup';
  private phaseStartedAt: number;
  private levelIndex = -1;
  private plan: LevelPlan | null = null;
  private done = 0;
  private errors = 0;
  private tokens = 0;
  private rateFrom = { at: 0, tokens: 0 };
  private rate: number | null = null;
  private readonly finishedWallMs: number[] = [];

  constructor(
    private readonly config: RunConfig,
    /** Monotonic ms. */
    private readonly now: () => number,
    /** Called after any event that changes the snapshot (not per token). */
    private readonly changed: () => void = () => {},
  ) {
    this.phaseStartedAt = now();
  }

  readonly events: Required<Pick<BenchmarkEvents, 'onPhase' | 'onRecord' | 'onLevelDone' | 'onToken'>> = {
    onPhase: (phase, levelIndex, plan) => {
      this.phase = phase;
      this.phaseStartedAt = this.now();
      if (phase === 'level') {
        this.levelIndex = levelIndex;
        this.plan = plan;
        this.done = 0;
        this.errors = 0;
        this.tokens = 0;
        this.rateFrom = { at: this.phaseStartedAt, tokens: 0 };
        this.rate = null;
      }
      this.changed();
    },
    onRecord: (record) => {
      this.done++;
      if (record.status === 'error') this.errors++;
      this.changed();
    },
    onLevelDone: (summary) => {
      this.finishedWallMs.push(summary.wallMs);
    },
    onToken: () => {
      this.tokens++;
    },
  };

  /** Tokens counted since the level started; lets a caller redraw every N tokens without its own counter. */
  get levelTokens(): number {
    return this.tokens;
  }

  snapshot(): ProgressSnapshot {
    const { config } = this;
    const now = this.now();
    const inLevel = this.phase === 'level';
    if (inLevel && now - this.rateFrom.at >= RATE_WINDOW_MS) {
      this.rate = ((this.tokens - this.rateFrom.tokens) * 1000) / (now - this.rateFrom.at);
      this.rateFrom = { at: now, tokens: this.tokens };
    }
    const burst = (this.plan?.mode ?? config.mode) === 'burst';
    const units = burst ? (this.plan?.concurrency ?? null) : (config.requests ?? null);
    // With --turns K each unit is a conversation of K requests, each counted as it ends.
    const total = units === null ? null : units * (config.turns ?? 1);
    const elapsedMs = now - this.phaseStartedAt;
    // A level with a duration stops starting requests when it is up; what follows is the drain.
    const draining = inLevel && config.durationMs !== undefined && !burst && elapsedMs >= config.durationMs;
    return {
      phase: draining ? 'finishing' : this.phase,
      levelIndex: Math.max(this.levelIndex, 0),
      levelCount: plannedLevelCount(config),
      concurrency: this.plan?.concurrency ?? this.firstConcurrency(),
      done: this.done,
      total,
      errors: this.errors,
      liveTokensPerSecond: inLevel ? this.rate : null,
      etaMs: estimateEtaMs({
        mode: config.mode,
        concurrency: config.mode === 'sweep' ? [1, sweepThroughputConcurrency(config)] : config.concurrency,
        finishedWallMs: this.finishedWallMs,
        current: inLevel ? { elapsedMs, done: this.done, total } : null,
        durationMs: config.durationMs,
        cooldownMs: config.cooldownMs,
        cooldownElapsedMs: this.phase === 'cooldown' ? elapsedMs : undefined,
        rates: config.rates,
        requests: config.requests,
        repeats: config.repeats,
      }),
      elapsedMs,
      durationMs: config.durationMs,
      levelLabel: this.plan ? levelDescription(this.plan) : `${this.firstConcurrency()} parallel`,
    };
  }

  private firstConcurrency(): number {
    return this.config.concurrency[0] ?? 1;
  }
}
