// The live view's state, folded from RunEvents. Pure: no metric is computed here, events are stored as
// main sent them (records, progress, level summaries, the latest telemetry).
import { levelKey } from '../../common/levels.js';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import type { RunDetail, RunEvent } from '../../common/api.js';

type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;
type PhaseEvent = Extract<RunEvent, { type: 'phase' }>;
type FinishedEvent = Extract<RunEvent, { type: 'finished' }>;

/** The table and charts keep this many most recent requests; a long sustained run must not grow memory without end. */
export const MAX_LIVE_RECORDS = 5_000;
/** Live tokens/s points kept for the rate chart. */
export const MAX_RATE_POINTS = 600;

export interface LiveState {
  runId: string;
  phase: PhaseEvent | null;
  progress: ProgressEvent | null;
  records: RequestRecord[];
  /** Requests received in total, including those dropped from `records`. */
  received: number;
  /** recordKey of every request received, so a snapshot and the event stream never show one twice. */
  seen: ReadonlySet<string>;
  levels: LevelSummary[];
  gpu: Record<string, unknown> | null;
  process: Array<Record<string, unknown>>;
  /** Live tokens/s as each progress event reported it, x = seconds since the first one arrived. */
  rate: Array<{ x: number; y: number | null }>;
  /** When the first progress event arrived (ms, the caller's clock). */
  rateOrigin: number | null;
  finished: FinishedEvent | null;
  /** The run's levels (run.json's config), from the snapshot: names a level when the view opened after its phase event. */
  plannedLevels: number[] | null;
  /** Events applied. */
  seq: number;
}

/**
 * One request: its level, its index in the level and its start. Level and index alone would merge two
 * requests if a level ever ran twice in one run; the start time tells them apart, and the snapshot
 * and the event stream carry the same one for the same request.
 */
export function recordKey(record: Pick<RequestRecord, 'level' | 'index' | 'startedAt'>): string {
  return `${record.level}/${record.index}/${record.startedAt}`;
}

export function initialLiveState(runId: string): LiveState {
  return { runId, phase: null, progress: null, records: [], received: 0, seen: new Set(), levels: [], gpu: null, process: [], rate: [], rateOrigin: null, finished: null, plannedLevels: null, seq: 0 };
}

/** Applies a batch of events at once (one React update per batch). Events of other runs are ignored. */
export function applyEvents(state: LiveState, events: readonly RunEvent[], nowMs: number): LiveState {
  const mine = events.filter((e) => e.runId === state.runId);
  if (mine.length === 0) return state;
  const next: LiveState = { ...state };
  let records: RequestRecord[] | null = null;
  let rate: LiveState['rate'] | null = null;
  for (const event of mine) {
    next.seq += 1;
    switch (event.type) {
      case 'phase':
        next.phase = event;
        break;
      case 'requests': {
        records ??= [...state.records];
        const seen = next.seen === state.seen ? new Set(state.seen) : (next.seen as Set<string>);
        for (const r of event.records) {
          const key = recordKey(r);
          if (seen.has(key)) continue;
          seen.add(key);
          records.push(r);
          next.received += 1;
        }
        next.seen = seen;
        break;
      }
      case 'progress':
        next.progress = event;
        rate ??= [...state.rate];
        next.rateOrigin ??= nowMs;
        rate.push({ x: (nowMs - next.rateOrigin) / 1000, y: event.liveTokensPerSecond });
        break;
      case 'level':
        next.levels = [...next.levels.filter((l) => levelKey(l) !== levelKey(event.summary)), event.summary];
        break;
      case 'telemetry':
        if (event.gpu !== null) next.gpu = event.gpu;
        next.process = event.process;
        break;
      case 'finished':
        next.finished = event;
        break;
    }
  }
  if (records) next.records = records.length > MAX_LIVE_RECORDS ? records.slice(records.length - MAX_LIVE_RECORDS) : records;
  if (rate) next.rate = rate.length > MAX_RATE_POINTS ? rate.slice(rate.length - MAX_RATE_POINTS) : rate;
  return next;
}

/**
 * What the run folder already holds when the live view opens (it may open mid-run, or after the end):
 * its finished requests and levels, and the end if the run is over. Events then add what comes next.
 */
export function applySnapshot(state: LiveState, detail: RunDetail, nowMs: number): LiveState {
  if (detail.manifest.id !== state.runId) return state;
  const events: RunEvent[] = [{ type: 'requests', runId: state.runId, records: detail.requests }];
  for (const summary of detail.levels) {
    if (!state.levels.some((l) => levelKey(l) === levelKey(summary))) events.push({ type: 'level', runId: state.runId, summary });
  }
  const next = { ...applyEvents(state, events, nowMs), plannedLevels: [...detail.manifest.config.concurrency] };
  const { status } = detail.manifest;
  if (status === 'running' || next.finished) return next;
  return { ...next, finished: { type: 'finished', runId: state.runId, status, reason: detail.manifest.reason ?? null } };
}
