// Engine callbacks → RunEvents for the UI, throttled: at most one flush per interval (10 per second by
// default), each flush sending the queued phase/level events, one batch of request records (playback
// payload stripped) and one progress event. Token chunks only count; they never cause a flush.
import type { RunConfig } from '../engine/config.js';
import type { LevelPlan } from '../engine/level-runner.js';
import type { BenchmarkEvents, BenchmarkPhase } from '../engine/run-benchmark.js';
import type { TelemetryStream } from '../engine/run-telemetry.js';
import type { LevelSummary, RequestRecord } from '../metrics/types.js';
import { estimateEtaMs } from '../cli/eta.js';
import type { RunEvent } from '../../preload/contract.js';

export const EVENT_INTERVAL_MS = 100;
/** Live tokens/s is measured over windows at least this long, so one chunk burst does not spike it. */
const RATE_WINDOW_MS = 500;

/** A record without its playback payload (pieces, offsets, kinds): what IPC and the event stream carry. */
export function withoutPlayback(record: RequestRecord): RequestRecord {
  return { ...record, pieces: [], pieceOffsetsMs: [], pieceKinds: '' };
}

export interface RunEventRelayOptions {
  runId: string;
  config: RunConfig;
  emit(event: RunEvent): void;
  /** Monotonic ms. */
  now(): number;
  intervalMs?: number;
}

export class RunEventRelay {
  private readonly intervalMs: number;
  private readonly queued: RunEvent[] = [];
  private records: RequestRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private progressDirty = false;
  private telemetry: { gpu: Record<string, unknown> | null; process: Array<Record<string, unknown>> } | null = null;

  private phase: BenchmarkPhase = 'warmup';
  private phaseStartedAt = 0;
  private levelIndex = -1;
  private plan: LevelPlan | null = null;
  private done = 0;
  private errors = 0;
  private tokens = 0;
  private rateFrom = { at: 0, tokens: 0 };
  private rate: number | null = null;
  private readonly finishedWallMs: number[] = [];
  private closed = false;

  readonly events: BenchmarkEvents = {
    onPhase: (phase, levelIndex, plan) => {
      this.phase = phase;
      this.phaseStartedAt = this.options.now();
      if (phase === 'level') {
        this.levelIndex = levelIndex;
        this.plan = plan;
        this.done = 0;
        this.errors = 0;
        this.tokens = 0;
        this.rateFrom = { at: this.phaseStartedAt, tokens: 0 };
        this.rate = null;
      }
      this.queue({ type: 'phase', runId: this.options.runId, phase, levelIndex, concurrency: plan?.concurrency ?? null });
    },
    onRecord: (record) => {
      this.done++;
      if (record.status === 'error') this.errors++;
      this.records.push(withoutPlayback(record));
      this.progressDirty = true;
      this.schedule();
    },
    onLevelDone: (summary: LevelSummary) => {
      this.finishedWallMs.push(summary.wallMs);
      this.queue({ type: 'level', runId: this.options.runId, summary });
    },
    onToken: () => {
      this.tokens++;
    },
  };

  constructor(private readonly options: RunEventRelayOptions) {
    this.intervalMs = options.intervalMs ?? EVENT_INTERVAL_MS;
  }

  /** The latest telemetry sample of a stream; only the newest reaches the UI at the next flush. */
  telemetrySample(stream: TelemetryStream, sample: Record<string, unknown>): void {
    const current = this.telemetry ?? { gpu: null, process: [] };
    this.telemetry = stream === 'gpu' ? { ...current, gpu: sample } : { ...current, process: [sample] };
    this.schedule();
  }

  /** Flushes everything pending, then the `finished` event; later engine callbacks are ignored. */
  finish(status: Extract<RunEvent, { type: 'finished' }>['status'], reason: string | null): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.options.emit({ type: 'finished', runId: this.options.runId, status, reason });
  }

  private queue(event: RunEvent): void {
    this.queued.push(event);
    this.progressDirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.timer !== null) return;
    const wait = Math.max(0, this.lastFlushAt + this.intervalMs - this.options.now());
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref?.();
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed) return;
    this.lastFlushAt = this.options.now();
    const { runId } = this.options;
    for (const event of this.queued.splice(0)) this.options.emit(event);
    if (this.records.length > 0) {
      this.options.emit({ type: 'requests', runId, records: this.records });
      this.records = [];
    }
    if (this.progressDirty) {
      this.progressDirty = false;
      this.options.emit(this.progress());
    }
    if (this.telemetry) {
      this.options.emit({ type: 'telemetry', runId, ...this.telemetry });
      this.telemetry = null;
    }
  }

  private progress(): RunEvent {
    const { config, runId } = this.options;
    const now = this.options.now();
    const inLevel = this.phase === 'level';
    if (inLevel && now - this.rateFrom.at >= RATE_WINDOW_MS) {
      this.rate = ((this.tokens - this.rateFrom.tokens) * 1000) / (now - this.rateFrom.at);
      this.rateFrom = { at: now, tokens: this.tokens };
    }
    const total = config.mode === 'burst' ? (this.plan?.concurrency ?? null) : (config.requests ?? null);
    const elapsedMs = now - this.phaseStartedAt;
    return {
      type: 'progress',
      runId,
      levelIndex: Math.max(this.levelIndex, 0),
      levelCount: config.concurrency.length,
      done: this.done,
      total,
      liveTokensPerSecond: inLevel ? this.rate : null,
      etaMs: estimateEtaMs({
        mode: config.mode,
        concurrency: config.concurrency,
        finishedWallMs: this.finishedWallMs,
        current: inLevel ? { elapsedMs, done: this.done, total } : null,
        durationMs: config.durationMs,
        cooldownMs: config.cooldownMs,
        cooldownElapsedMs: this.phase === 'cooldown' ? elapsedMs : undefined,
      }),
      errors: this.errors,
    };
  }
}
