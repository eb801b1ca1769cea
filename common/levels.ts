// What a level is, beyond its concurrency: its load mode, its place in the plan and its repeat, its rate.
// The one home of how a level (summary) and a request (record) are told apart, matched across runs,
// ordered and named — concurrency alone no longer says it once a run has rate levels or repeats
// (docs/metrics.md § Load shapes, docs/run-format.md).
import type { LevelSummary, RequestRecord } from './results.js';

/** How a level loads the server. A sweep (`--mode sweep`) runs sustained levels, then rate levels. */
export const LEVEL_MODES = ['burst', 'sustained', 'rate'] as const;
export type LevelMode = (typeof LEVEL_MODES)[number];

/** A sweep level's role: the synchronous level, the max-throughput level, or one of the rates between. */
export type SweepRole = 'synchronous' | 'throughput' | 'rate';

/** The fields that identify and name a level (a LevelSummary has them all). */
export type LevelIdentity = Pick<LevelSummary, 'concurrency' | 'mode' | 'levelIndex' | 'repeat' | 'rate' | 'sweep' | 'maxConcurrency'>;

/**
 * One level of one run: (repeat, position in the plan) for levels that record them, else the concurrency
 * (levels written before rate levels and repeats existed: a run tested each concurrency once).
 */
export function levelKey(level: Pick<LevelSummary, 'concurrency' | 'levelIndex' | 'repeat'>): string {
  return level.levelIndex === undefined ? `c${level.concurrency}` : `${level.repeat ?? 0}:${level.levelIndex}`;
}

/** The level a request belongs to: the same key as its level summary's levelKey. */
export function recordLevelKey(record: Pick<RequestRecord, 'level' | 'levelIndex' | 'repeat'>): string {
  return record.levelIndex === undefined ? `c${record.level}` : `${record.repeat ?? 0}:${record.levelIndex}`;
}

/** One level of the plan, whatever the repeat: the repeats of a level share it. */
export function planLevelKey(level: Pick<LevelSummary, 'concurrency' | 'levelIndex'>): string {
  return level.levelIndex === undefined ? `c${level.concurrency}` : `p${level.levelIndex}`;
}

/**
 * The same level in two runs (compare, overlaid charts): a concurrency level by its concurrency (as
 * before), a rate level by its rate, a sweep level by its role and place (a sweep's rates come from its
 * own measurements, so two sweeps' k-th rates differ but mean the same step).
 */
export function levelMatchKey(level: LevelIdentity): string {
  if (level.sweep === 'rate') return `sweep-rate:${level.levelIndex ?? 0}`;
  if (level.sweep !== undefined) return `sweep-${level.sweep}`;
  if (level.mode === 'rate') return `rate:${level.rate ?? 0}`;
  return `c${level.concurrency}`;
}

/**
 * Run order: by place in the plan, then repeat; levels without a place by concurrency (their run
 * order, as each run tested its levels ascending).
 */
export function compareLevels(a: LevelIdentity, b: LevelIdentity): number {
  if (a.levelIndex !== undefined && b.levelIndex !== undefined) return a.levelIndex - b.levelIndex || (a.repeat ?? 0) - (b.repeat ?? 0);
  return a.concurrency - b.concurrency || (a.repeat ?? 0) - (b.repeat ?? 0);
}

/** Order of levels from different runs on one axis: concurrency levels, a sweep's first two, then rates. */
export function compareMatchedLevels(a: LevelIdentity, b: LevelIdentity): number {
  const rank = (l: LevelIdentity): [number, number] => {
    if (l.sweep === 'synchronous') return [1, 0];
    if (l.sweep === 'throughput') return [2, 0];
    if (l.sweep === 'rate') return [3, l.levelIndex ?? 0];
    if (l.mode === 'rate') return [4, l.rate ?? 0];
    return [0, l.concurrency];
  };
  const [ga, va] = rank(a);
  const [gb, vb] = rank(b);
  return ga - gb || va - vb;
}

/** Items by key, each group in the items' order, the groups in the order their keys first came. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** A rate as people read it: at most 3 significant digits, no trailing zeros ("0.5", "2", "1.23", "12.3"). */
export function rateText(requestsPerSecond: number): string {
  if (!Number.isFinite(requestsPerSecond)) return String(requestsPerSecond);
  return String(Number(requestsPerSecond.toPrecision(3)));
}

/** Whether every level is a plain concurrency level (burst or sustained, no sweep): tables then say "Parallel". */
export function onlyConcurrencyLevels(levels: readonly LevelIdentity[]): boolean {
  return levels.every((l) => l.mode !== 'rate' && l.sweep === undefined);
}

/**
 * A level's short name on a chart axis or in a table's first column: its concurrency ("4") for a burst
 * or sustained level, its rate ("2/s") for a rate level, "sync" and "max ×8" for a sweep's first two.
 */
export function levelLabel(level: LevelIdentity): string {
  if (level.sweep === 'synchronous') return 'sync';
  if (level.sweep === 'throughput') return `max ×${level.concurrency}`;
  if (level.mode === 'rate') return `${rateText(level.rate ?? 0)}/s`;
  return String(level.concurrency);
}

/** A level in words, for headings and progress lines: "4 parallel", "2 requests/s (≤ 8 in flight)". */
export function levelDescription(level: LevelIdentity): string {
  if (level.sweep === 'synchronous') return 'synchronous (1 request at a time)';
  if (level.sweep === 'throughput') return `max throughput (${level.concurrency} in flight)`;
  if (level.mode === 'rate') {
    const cap = level.maxConcurrency === undefined ? '' : ` (≤ ${level.maxConcurrency} in flight)`;
    return `${rateText(level.rate ?? 0)} requests/s${cap}`;
  }
  return `${level.concurrency} parallel`;
}

/**
 * The leading columns of a per-level table: "Parallel" with each concurrency while every level is a
 * concurrency level (tables look as they always did), else "Level" with its label; and "Repeat" (1-based)
 * when the levels come from more than one repeat.
 */
export function levelColumns(levels: readonly LevelIdentity[]): { headers: string[]; cells: (level: LevelIdentity) => string[] } {
  const byName = !onlyConcurrencyLevels(levels);
  const repeated = levels.some((l) => (l.repeat ?? 0) > 0);
  return {
    headers: [byName ? 'Level' : 'Parallel', ...(repeated ? ['Repeat'] : [])],
    cells: (level) => [byName ? levelLabel(level) : String(level.concurrency), ...(repeated ? [String((level.repeat ?? 0) + 1)] : [])],
  };
}

/** Where a level stands in its run's plan: what tells apart levels that share a concurrency (rate levels, repeats). */
export interface LevelPlacement {
  levelIndex?: number;
  repeat?: number;
}

/** Whether `record` was made by the level `placement` names; any level when there is no placement. */
export function isOfPlacement(record: Pick<RequestRecord, 'levelIndex' | 'repeat'>, placement: LevelPlacement | undefined): boolean {
  if (placement === undefined) return true;
  return record.levelIndex === placement.levelIndex && (record.repeat ?? 0) === (placement.repeat ?? 0);
}
