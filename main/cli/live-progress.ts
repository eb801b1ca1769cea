import type { RunConfig } from '../engine/config.js';
import type { LevelPlan } from '../engine/level-runner.js';
import type { BenchmarkEvents, BenchmarkPhase } from '../engine/run-benchmark.js';
import type { LevelSummary, RequestRecord } from '../metrics/types.js';
import { estimateEtaMs } from './eta.js';
import { ProgressBar, type ProgressStream } from './progress.js';

/** Turns engine events into progress-bar states. Token counting is a bare increment: it runs per chunk. */
export class LiveProgress {
  private readonly bar: ProgressBar;
  private readonly finishedWallMs: number[] = [];
  private levelIndex = -1;
  private plan: LevelPlan | null = null;
  private phase: BenchmarkPhase = 'warmup';
  private phaseStartedAt = 0;
  private ended = 0;
  private errors = 0;
  private tokens = 0;
  private tokensAtLastDraw = 0;
  private lastDrawAt = 0;
  private rate: number | null = null;

  readonly events: BenchmarkEvents = {
    onPhase: (phase, levelIndex, plan) => {
      this.phase = phase;
      this.phaseStartedAt = this.now();
      if (phase === 'level') {
        this.levelIndex = levelIndex;
        this.plan = plan;
        this.ended = 0;
        this.errors = 0;
        this.tokens = 0;
        this.tokensAtLastDraw = 0;
        this.lastDrawAt = this.phaseStartedAt;
        this.rate = null;
      }
      this.draw();
    },
    onRecord: (record: RequestRecord) => {
      this.ended++;
      if (record.status === 'error') this.errors++;
      this.draw();
    },
    onLevelDone: (summary: LevelSummary) => {
      this.finishedWallMs.push(summary.wallMs);
    },
    onToken: () => {
      this.tokens++;
      if ((this.tokens & 255) === 0) this.draw();
    },
  };

  constructor(
    stream: ProgressStream,
    private readonly config: RunConfig,
    private readonly now: () => number,
  ) {
    this.bar = new ProgressBar(stream, { now });
  }

  done(): void {
    this.bar.done();
  }

  private draw(): void {
    const now = this.now();
    if (now - this.lastDrawAt >= 500) {
      this.rate = ((this.tokens - this.tokensAtLastDraw) * 1000) / (now - this.lastDrawAt);
      this.tokensAtLastDraw = this.tokens;
      this.lastDrawAt = now;
    }
    const { config } = this;
    const total = config.mode === 'burst' ? (this.plan?.concurrency ?? 0) : (config.requests ?? null);
    const elapsedMs = now - this.phaseStartedAt;
    const inLevel = this.phase === 'level';
    this.bar.update({
      levelIndex: Math.max(this.levelIndex, 0),
      levelCount: config.concurrency.length,
      concurrency: this.plan?.concurrency ?? config.concurrency[0] ?? 1,
      done: this.ended,
      total,
      liveTokensPerSecond: inLevel ? this.rate : null,
      etaMs: estimateEtaMs({
        mode: config.mode,
        concurrency: config.concurrency,
        finishedWallMs: this.finishedWallMs,
        current: inLevel ? { elapsedMs, done: this.ended, total } : null,
        durationMs: config.durationMs,
        cooldownMs: config.cooldownMs,
        cooldownElapsedMs: this.phase === 'cooldown' ? elapsedMs : undefined,
      }),
      errors: this.errors,
      phase: this.phase,
      elapsedMs,
      durationMs: config.durationMs,
    });
  }
}
