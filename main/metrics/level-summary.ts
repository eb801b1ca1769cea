import type { LoadMode } from '../../common/run-config.js';
import { computeStats, computeStatsWithTail } from './stats.js';
import type { ErrorKind, LevelSummary, RequestRecord, RunSummary } from '../../common/results.js';

/** Which level (its concurrency and load mode) ran when: epoch ms of its first request start and last request end. */
export interface LevelWindow {
  concurrency: number;
  mode: LoadMode;
  startedAt: number;
  endedAt: number;
}

/**
 * Summarises one level. Every Stats is over ok records only: a request that never produced a token
 * (or broke off midway) is counted in `errors`/`errorsByKind`, never averaged in as a zero or a partial.
 */
export function summarizeLevel(records: readonly RequestRecord[], window: LevelWindow): LevelSummary {
  const ok = records.filter((r) => r.status === 'ok');
  const errorsByKind: Partial<Record<ErrorKind, number>> = {};
  for (const r of records) {
    if (r.status === 'ok') continue;
    // An error record always carries its error; the fallback only guards hand-edited files.
    const kind = r.error?.kind ?? 'malformed';
    errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
  }

  const wallMs = window.endedAt - window.startedAt;
  let outputTokensTotal = 0;
  for (const r of ok) outputTokensTotal += r.outputTokens;

  return {
    concurrency: window.concurrency,
    mode: window.mode,
    requests: records.length,
    ok: ok.length,
    errors: records.length - ok.length,
    errorsByKind,
    startedAt: window.startedAt,
    endedAt: window.endedAt,
    wallMs,
    outputTokensTotal,
    throughputTokensPerSecond: wallMs > 0 ? outputTokensTotal / (wallMs / 1000) : 0,
    ttftMs: computeStats(present(ok, (r) => r.ttftMs)),
    firstAnswerMs: computeStats(present(ok, (r) => r.firstAnswerMs)),
    tokensPerSecond: computeStatsWithTail(present(ok, (r) => r.tokensPerSecond)),
    e2eMs: computeStats(present(ok, (r) => r.e2eMs)),
    outputTokens: computeStats(ok.map((r) => r.outputTokens)),
    queueMs: computeStats(present(ok, (r) => r.queueMs)),
    itlP99Ms: computeStats(present(ok, (r) => r.itlMs?.p99)),
    serverTokensPerSecond: computeStats(present(ok, (r) => r.server?.tokensPerSecond)),
  };
}

/**
 * One LevelSummary per window, in window order. Levels are keyed by concurrency (a run never repeats
 * one), so duplicate windows are a caller bug and throw. Records of a level without a window (e.g. the
 * level in flight when a run was interrupted) are still summarised, after the others in ascending
 * concurrency, over a window derived from the records themselves and `fallbackMode`.
 */
export function summarizeRun(
  records: readonly RequestRecord[],
  windows: readonly LevelWindow[],
  fallbackMode: LoadMode = 'burst',
): RunSummary {
  const byLevel = new Map<number, RequestRecord[]>();
  for (const r of records) {
    const group = byLevel.get(r.level);
    if (group) group.push(r);
    else byLevel.set(r.level, [r]);
  }

  const seen = new Set<number>();
  const levels: LevelSummary[] = [];
  for (const w of windows) {
    if (seen.has(w.concurrency)) throw new Error(`two windows for concurrency ${w.concurrency}`);
    seen.add(w.concurrency);
    levels.push(summarizeLevel(byLevel.get(w.concurrency) ?? [], w));
  }
  const orphans = [...byLevel.keys()].filter((level) => !seen.has(level)).sort((a, b) => a - b);
  for (const level of orphans) {
    const group = byLevel.get(level) ?? [];
    levels.push(summarizeLevel(group, levelWindowFromRecords(group, level, fallbackMode)));
  }
  return { levels };
}

/**
 * A level's window as far as its records tell: first start to the latest known end (t0 + E2E, or the
 * last moment seen for requests that never ended). For imports and interrupted runs that lack one.
 */
export function levelWindowFromRecords(
  records: readonly RequestRecord[],
  concurrency: number,
  mode: LoadMode,
): LevelWindow {
  if (records.length === 0) return { concurrency, mode, startedAt: 0, endedAt: 0 };
  let startedAt = Infinity;
  let endedAt = -Infinity;
  for (const r of records) {
    startedAt = Math.min(startedAt, r.startedAt);
    const lastSeen = r.e2eMs ?? r.lastTokenMs ?? r.ttftMs ?? r.firstByteMs ?? 0;
    endedAt = Math.max(endedAt, r.startedAt + lastSeen);
  }
  return { concurrency, mode, startedAt, endedAt };
}

function present(records: readonly RequestRecord[], pick: (r: RequestRecord) => number | null | undefined): number[] {
  const out: number[] = [];
  for (const r of records) {
    const v = pick(r);
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}
