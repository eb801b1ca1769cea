import { setMaxListeners } from 'node:events';
import { buildRecord, type RawRequest } from '../metrics/record.js';
import { summarizeLevel } from '../metrics/level-summary.js';
import { runSummary } from '../metrics/run-summary.js';
import type { LevelSummary, RequestRecord, RequestStart, RunSummary } from '../../common/results.js';
import type { RunConfig } from '../../common/run-config.js';
import { createPool, PLAIN_CONNECTION, warmConnections, type ConnectionOptions } from './connection-pool.js';
import { LevelPlanner, type LevelPlan } from './level-plan.js';
import { levelConnections, levelTags, levelWindow, runPlannedLevel } from './planned-level.js';
import { streamRequest } from './stream-request.js';
import type { TargetApi } from './targets/target.js';
import { PromptTokenCheck } from './workload/prompt-check.js';
import { RequestPlan } from './workload/request-plan.js';
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
  /** What each request sends (main/engine/workload/); default: the config's one prompt. */
  plan?: RequestPlan;
  /** Headers and TLS trust for every request (remote servers); default none. */
  connection?: ConnectionOptions;
  /** Collects the server's prompt counts against the plan's; the caller words the warning. */
  promptCheck?: PromptTokenCheck;
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

/**
 * The whole load cycle: warm-up (excluded from results), then each level of the plan (level-plan.ts:
 * every repeat, a sweep's levels as it finds them) with its own pool sized to its concurrency and
 * pre-opened connections, records streamed to the sink as each request ends, the summary rewritten after
 * each level, cooldown between levels. Cancelling (the signal) ends in-flight requests as `cancelled`,
 * keeps their records and the partial level's summary.
 */
export async function runBenchmark(input: BenchmarkInput): Promise<BenchmarkOutcome> {
  const { config, origin, target, sink, signal, events } = input;
  const requestPlan = input.plan ?? new RequestPlan({ config, model: input.model });
  const connection = input.connection ?? PLAIN_CONNECTION;
  const levels: LevelSummary[] = [];
  // Every in-flight request (and a rate level's pacer) listens for cancel; thousands of listeners are expected, not a leak.
  setMaxListeners(0, signal);

  if (config.warmup && !signal.aborted) {
    events?.onPhase?.('warmup', -1, null);
    const pool = createPool(origin, 1, connection);
    try {
      const raw = await streamRequest({
        dispatcher: pool,
        origin,
        target,
        params: requestPlan.warmupParams(),
        headers: connection.headers,
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
    const pool = createPool(origin, connections.pool, connection);
    const records: RequestRecord[] = [];
    const tags = levelTags(plan);
    try {
      await warmConnections(pool, input.warmPath, connections.warm, 10_000, connection.headers);
      const span = await runPlannedLevel(plan, {
        dispatcher: pool,
        origin,
        target,
        plan: requestPlan,
        headers: connection.headers,
        promptCheck: input.promptCheck,
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
