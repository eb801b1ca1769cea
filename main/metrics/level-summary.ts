import { DEFAULT_THRESHOLDS } from '../../common/findings.js';
import { groupBy, levelKey, recordLevelKey, type LevelMode } from '../../common/levels.js';
import { defaultSlo, type Slo } from '../../common/slo.js';
import { computeStats, computeStatsWithTail } from './stats.js';
import type { ErrorKind, LevelSummary, RequestRecord, RunSummary } from '../../common/results.js';
import { activeWindow, okEndedBy, tokensInWindow } from './active-window.js';
import { levelGoodput } from './goodput.js';
import { itlHistogram } from './itl-histogram.js';
import { rateLevelFigures } from './rate-level.js';

/**
 * Which level ran when: its concurrency and load mode, epoch ms of its first request start and last
 * request end; and, for levels that record them, its place in the plan, repeat, rate and duration.
 */
export interface LevelWindow extends Pick<LevelSummary, 'levelIndex' | 'repeat' | 'sweep' | 'rate' | 'arrivals' | 'seed' | 'maxConcurrency' | 'notStarted'> {
  concurrency: number;
  mode: LevelMode;
  startedAt: number;
  endedAt: number;
  /** The level ran for this long (`--duration`): its active window ends then (docs/metrics.md § Active window). */
  durationMs?: number;
}

export interface SummaryOptions {
  /** Goodput's objectives; default: the verdict's default thresholds (common/slo.ts defaultSlo). */
  slo?: Slo;
}

/**
 * Summarises one level. Every Stats is over ok records only: a request that never produced a token
 * (or broke off midway) is counted in `errors`/`errorsByKind`, never averaged in as a zero or a partial.
 * Throughput, request rate and goodput divide by the level's active window (active-window.ts).
 */
export function summarizeLevel(records: readonly RequestRecord[], window: LevelWindow, options: SummaryOptions = {}): LevelSummary {
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
  const active = activeWindow(window);
  // A level without a duration: its window is its wall time and every request ended inside it.
  const activeTokens = active.endAt === null ? outputTokensTotal : tokensInWindow(ok, active.endAt);
  const okInWindow = active.endAt === null ? ok.length : okEndedBy(ok, active.endAt);
  const slo = options.slo ?? defaultSlo(DEFAULT_THRESHOLDS);

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
    throughputTokensPerSecond: active.ms > 0 ? activeTokens / (active.ms / 1000) : 0,
    ttftMs: computeStats(present(ok, (r) => r.ttftMs)),
    firstAnswerMs: computeStats(present(ok, (r) => r.firstAnswerMs)),
    tokensPerSecond: computeStatsWithTail(present(ok, (r) => r.tokensPerSecond)),
    e2eMs: computeStats(present(ok, (r) => r.e2eMs)),
    outputTokens: computeStats(ok.map((r) => r.outputTokens)),
    queueMs: computeStats(present(ok, (r) => r.queueMs)),
    itlP99Ms: computeStats(present(ok, (r) => r.itlMs?.p99)),
    serverTokensPerSecond: computeStats(present(ok, (r) => r.server?.tokensPerSecond)),
    ...identity(window),
    activeMs: active.ms,
    requestsPerSecond: active.ms > 0 ? okInWindow / (active.ms / 1000) : 0,
    thinkingTokens: computeStats(ok.map((r) => r.thinkingTokens)),
    ...(window.mode === 'rate' ? rateLevelFigures(records, window.rate ?? 0, window.notStarted ?? 0) : {}),
    goodput: levelGoodput({ startedAt: window.startedAt, wallMs, activeMs: active.ms }, records, slo),
    ...optional('itlHistogram', itlHistogram(ok)),
  };
}

function optional<K extends keyof LevelSummary>(key: K, value: LevelSummary[K] | null): Partial<LevelSummary> {
  return value === null ? {} : ({ [key]: value } as Partial<LevelSummary>);
}

/** The window's identity fields that are present, in the summary's field order. */
function identity(window: LevelWindow): Partial<LevelSummary> {
  const out: Partial<LevelSummary> = {};
  for (const key of ['levelIndex', 'repeat', 'sweep', 'rate', 'arrivals', 'seed', 'maxConcurrency', 'notStarted'] as const) {
    if (window[key] !== undefined) Object.assign(out, { [key]: window[key] });
  }
  return out;
}

/**
 * One LevelSummary per window, in window order. Levels are keyed by levelKey (common/levels.ts: the
 * concurrency for levels without a place in the plan, which a run never repeats), so duplicate windows
 * are a caller bug and throw. Records of a level without a window (e.g. the level in flight when a run
 * was interrupted) are still summarised, after the others in run order, over a window derived from the
 * records themselves and `fallbackMode`.
 */
export function summarizeRun(
  records: readonly RequestRecord[],
  windows: readonly LevelWindow[],
  fallbackMode: LevelMode = 'burst',
  options: SummaryOptions = {},
): RunSummary {
  const byLevel = groupByLevel(records);
  const seen = new Set<string>();
  const levels: LevelSummary[] = [];
  for (const w of windows) {
    const key = levelKey(w);
    if (seen.has(key)) throw new Error(w.levelIndex === undefined ? `two windows for concurrency ${w.concurrency}` : `two windows for level ${key}`);
    seen.add(key);
    levels.push(summarizeLevel(byLevel.get(key) ?? [], w, options));
  }
  const orphans = [...byLevel.entries()].filter(([key]) => !seen.has(key)).map(([, group]) => group);
  orphans.sort((a, b) => orderOf(a[0]) - orderOf(b[0]) || (a[0].repeat ?? 0) - (b[0].repeat ?? 0));
  for (const group of orphans) levels.push(summarizeLevel(group, levelWindowFromRecords(group, group[0].level, fallbackMode), options));
  return { levels };
}

/** Records by level (recordLevelKey), each group in record order. */
export function groupByLevel(records: readonly RequestRecord[]): Map<string, RequestRecord[]> {
  return groupBy(records, recordLevelKey);
}

/** Run order of a record's level: its place in the plan, else its concurrency. */
function orderOf(record: RequestRecord): number {
  return record.levelIndex ?? record.level;
}

/**
 * A level's window as far as its records tell: first start to the latest known end (t0 + E2E, or the
 * last moment seen for requests that never ended). For imports and interrupted runs that lack one.
 * Records that say which level made them (mode, place, repeat, rate) give it that identity; `mode` is
 * the fallback for older ones.
 */
export function levelWindowFromRecords(
  records: readonly RequestRecord[],
  concurrency: number,
  mode: LevelMode,
): LevelWindow {
  if (records.length === 0) return { concurrency, mode, startedAt: 0, endedAt: 0 };
  const first = records[0];
  let startedAt = Infinity;
  let endedAt = -Infinity;
  for (const r of records) {
    startedAt = Math.min(startedAt, r.startedAt);
    const lastSeen = r.e2eMs ?? r.lastTokenMs ?? r.ttftMs ?? r.firstByteMs ?? 0;
    endedAt = Math.max(endedAt, r.startedAt + lastSeen);
  }
  const window: LevelWindow = { concurrency, mode: first.mode ?? mode, startedAt, endedAt };
  if (first.levelIndex !== undefined) window.levelIndex = first.levelIndex;
  if (first.repeat !== undefined) window.repeat = first.repeat;
  if (first.rate !== undefined) window.rate = first.rate;
  return window;
}

function present(records: readonly RequestRecord[], pick: (r: RequestRecord) => number | null | undefined): number[] {
  const out: number[] = [];
  for (const r of records) {
    const v = pick(r);
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}
