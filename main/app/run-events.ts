// Engine callbacks → RunEvents for the UI, throttled: at most one flush per interval (10 per second by
// default), each flush sending the queued phase/level events, one batch of request records (playback
// payload stripped) and one progress event. Token chunks count and keep progress events coming while
// answers stream, still at most one flush per interval.
import { levelDescription } from '../../common/levels.js';
import type { RunConfig } from '../../common/run-config.js';
import type { BenchmarkEvents } from '../engine/run-benchmark.js';
import { RunProgress } from '../run/run-progress.js';
import type { TelemetryStream } from '../telemetry/session.js';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import type { RunEvent } from '../../common/api.js';

export const EVENT_INTERVAL_MS = 100;

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
  private closed = false;
  private readonly progress: RunProgress;
  readonly events: BenchmarkEvents;

  constructor(private readonly options: RunEventRelayOptions) {
    this.intervalMs = options.intervalMs ?? EVENT_INTERVAL_MS;
    this.progress = new RunProgress(options.config, options.now);
    const tracked = this.progress.events;
    this.events = {
      onPhase: (phase, levelIndex, plan) => {
        tracked.onPhase(phase, levelIndex, plan);
        this.queue({ type: 'phase', runId: this.options.runId, phase, levelIndex, concurrency: plan?.concurrency ?? null, ...(plan ? { label: levelDescription(plan) } : {}) });
      },
      onRecord: (record) => {
        tracked.onRecord(record);
        this.records.push(withoutPlayback(record));
        this.progressDirty = true;
        this.schedule();
      },
      onLevelDone: (summary: LevelSummary, levelIndex) => {
        tracked.onLevelDone(summary, levelIndex);
        this.queue({ type: 'level', runId: this.options.runId, summary });
      },
      // Tokens move the live rate: keep progress flowing while answers stream, even when no request
      // ends for seconds. Per chunk this is an increment and a null check; the timer throttles.
      onToken: () => {
        tracked.onToken();
        if (this.timer === null) {
          this.progressDirty = true;
          this.schedule();
        }
      },
    };
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
      this.options.emit(this.progressEvent());
    }
    if (this.telemetry) {
      this.options.emit({ type: 'telemetry', runId, ...this.telemetry });
      this.telemetry = null;
    }
  }

  private progressEvent(): RunEvent {
    const p = this.progress.snapshot();
    return {
      type: 'progress',
      runId: this.options.runId,
      levelIndex: p.levelIndex,
      levelCount: p.levelCount,
      done: p.done,
      total: p.total,
      liveTokensPerSecond: p.liveTokensPerSecond,
      etaMs: p.etaMs,
      errors: p.errors,
    };
  }
}
