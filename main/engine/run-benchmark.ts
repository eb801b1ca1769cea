import { setMaxListeners } from 'node:events';
import { buildRecord, type RawRequest } from '../metrics/record.js';
import { summarizeLevel } from '../metrics/level-summary.js';
import { runSummary } from '../metrics/run-summary.js';
import type { LevelSummary, RequestRecord, RequestStart, RunSummary } from '../../common/results.js';
import type { RunConfig } from '../../common/run-config.js';
import { createPool, warmConnections } from './connection-pool.js';
import { LevelPlanner, type LevelPlan } from './level-plan.js';
import { levelConnections, levelTags, levelWindow, runPlannedLevel } from './planned-level.js';
import { streamRequest } from './stream-request.js';
import type { GenerationParams, TargetApi } from './targets/target.js';
import { rejectedCounterWarning } from './targets/wire-values.js';

/** Where results go; the run folder's writer satisfies it. */
export interface ResultSink {
  appendRequest(record: RequestRecord): void;
  writeSummary(summary: RunSummary): void;
  /** A note every reader of the run should see (run.json `warnings`); the same line twice is kept once. */
  addWarning?(line: string): void;
  /** A request is about to be sent: recorded durably before it is, so a killed run can tell how many it lost. */
  recordStart?(start: RequestStart): void;
}

export type BenchmarkPhase = 'warmup' | 'level' | 'cooldown';

export interface BenchmarkEvents {
  onPhase?(phase: BenchmarkPhase, levelIndex: number, plan: LevelPlan | null): void;
  onRecord?(record: RequestRecord): void;
  onLevelDone?(summary: LevelSummary, levelIndex: number): void;
  /** Each token chunk of any request; for live rates. */
  onToken?(): void;
}

/** Per-level extras computed outside the engine (energy from telemetry). */
export type LevelDecorator = (summary: LevelSummary) => LevelSummary;

export interface BenchmarkInput {
  config: RunConfig;
  origin: string;
  target: TargetApi;
  model: string;
  /** A cheap GET used to open connections before each level. */
  warmPath: string;
  sink: ResultSink;
  signal: AbortSignal;
  events?: BenchmarkEvents;
  decorateLevel?: LevelDecorator;
}

export interface BenchmarkOutcome {
  status: 'completed' | 'cancelled';
  levels: LevelSummary[];
}

/** The warm-up request failed: the server cannot serve this model; nothing was measured. */
export class WarmupError extends Error {
  constructor(readonly record: RequestRecord) {
    super(`the warm-up request failed (${record.error?.kind}): ${record.error?.message}`);
  }
}

function generationParams(config: RunConfig, model: string): GenerationParams {
  return { model, prompt: config.prompt, maxTokens: config.maxTokens, think: config.think };
}

/**
 * The whole load cycle: warm-up (excluded from results), then each level of the plan (level-plan.ts:
 * every repeat, a sweep's levels as it finds them) with its own pool sized to its concurrency and
 * pre-opened connections, records streamed to the sink as each request ends, the summary rewritten after
 * each level, cooldown between levels. Cancelling (the signal) ends in-flight requests as `cancelled`,
 * keeps their records and the partial level's summary.
 */
export async function runBenchmark(input: BenchmarkInput): Promise<BenchmarkOutcome> {
  const { config, origin, target, sink, signal, events } = input;
  const params = generationParams(config, input.model);
  const levels: LevelSummary[] = [];
  // Every in-flight request (and a rate level's pacer) listens for cancel; thousands of listeners are expected, not a leak.
  setMaxListeners(0, signal);

  if (config.warmup && !signal.aborted) {
    events?.onPhase?.('warmup', -1, null);
    const pool = createPool(origin, 1);
    try {
      const raw = await streamRequest({
        dispatcher: pool,
        origin,
        target,
        params,
        level: 0,
        index: 0,
        timeoutMs: config.timeoutMs,
        idleTimeoutMs: config.idleTimeoutMs,
        signal,
      });
      const record = buildRecord(raw);
      if (record.status === 'error' && record.error?.kind !== 'cancelled') throw new WarmupError(record);
    } finally {
      await pool.close();
    }
  }

  const planner = new LevelPlanner(config);
  for (let plan = planner.next(), levelIndex = 0; plan !== null; plan = planner.next(), levelIndex++) {
    if (signal.aborted) break;
    if (levelIndex > 0 && config.cooldownMs > 0) {
      events?.onPhase?.('cooldown', levelIndex, plan);
      await sleep(config.cooldownMs, signal);
      if (signal.aborted) break;
    }
    events?.onPhase?.('level', levelIndex, plan);
    const connections = levelConnections(plan);
    const pool = createPool(origin, connections.pool);
    const records: RequestRecord[] = [];
    const tags = levelTags(plan);
    try {
      await warmConnections(pool, input.warmPath, connections.warm, 10_000);
      const span = await runPlannedLevel(plan, {
        dispatcher: pool,
        origin,
        target,
        params,
        timeoutMs: config.timeoutMs,
        idleTimeoutMs: config.idleTimeoutMs,
        signal,
        onToken: events?.onToken,
        onRequestStart: (index, startedAt) => sink.recordStart?.({ level: plan.concurrency, index, startedAt, ...tags }),
        onRequestEnd: (raw: RawRequest) => {
          for (const rejected of raw.rejectedCounters ?? []) sink.addWarning?.(rejectedCounterWarning(rejected));
          const record = buildRecord(raw, tags);
          records.push(record);
          sink.appendRequest(record);
          events?.onRecord?.(record);
        },
      });
      let summary = summarizeLevel(records, levelWindow(plan, span), { slo: config.slo });
      if (input.decorateLevel) summary = input.decorateLevel(summary);
      levels.push(summary);
      sink.writeSummary(runSummary(levels));
      for (const note of planner.done(summary)) sink.addWarning?.(note);
      events?.onLevelDone?.(summary, levelIndex);
    } finally {
      await pool.destroy();
    }
  }
  return { status: signal.aborted ? 'cancelled' : 'completed', levels };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
