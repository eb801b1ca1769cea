// Goodput of a level: which requests met every objective of an SLO (common/slo.ts), their share, and how
// many such requests per second the level delivered — over the same denominator as aggregate throughput
// and request rate (the level's active window), so the three rates compare.
import type { GoodputSummary, LevelSummary, RequestRecord } from '../../common/results.js';
import type { Slo, SloObjective } from '../../common/slo.js';

/** What judging a request needs of its record; `startedAt` places its end for a window that closes early. */
export type JudgedRequest = Pick<RequestRecord, 'status' | 'ttftMs' | 'itlMs' | 'e2eMs' | 'tokensPerSecond'> & Partial<Pick<RequestRecord, 'startedAt'>>;

/**
 * The objectives a request missed; empty when it met them all. An error request meets none: it is
 * reported as missing all the SLO's objectives (and counted under `error` in a GoodputSummary).
 * An ok request without ITL (a single chunk: no gap) or without a decode speed (fewer than 2 tokens,
 * or all in one chunk) has nothing there that could be too slow, so it meets itl and tps.
 * Limits are inclusive: TTFT = limit meets it.
 */
export function missedObjectives(request: JudgedRequest, slo: Slo): SloObjective[] {
  const missed: SloObjective[] = [];
  const failed = request.status !== 'ok';
  if (slo.ttftMs !== undefined && (failed || request.ttftMs === null || request.ttftMs > slo.ttftMs)) missed.push('ttft');
  if (slo.itlMs !== undefined && (failed || (request.itlMs !== null && request.itlMs.p99 > slo.itlMs))) missed.push('itl');
  if (slo.e2eMs !== undefined && (failed || request.e2eMs === null || request.e2eMs > slo.e2eMs)) missed.push('e2e');
  if (
    slo.tokensPerSecond !== undefined &&
    (failed || (request.tokensPerSecond !== null && request.tokensPerSecond < slo.tokensPerSecond))
  ) {
    missed.push('tps');
  }
  return missed;
}

/**
 * Goodput of one level's records over its active window (LevelSummary.activeMs; the wall time for a level
 * without a duration). The share counts every request; the rate counts the good requests that ended
 * inside the window — with `activeEndAt` (epoch ms, a level that ran for a duration) a request ending
 * later is good but delivered after the window, as its tokens are for throughput.
 */
export function summarizeGoodput(records: readonly JudgedRequest[], activeMs: number, slo: Slo, activeEndAt?: number): GoodputSummary {
  const missed: Record<SloObjective | 'error', number> = { ttft: 0, itl: 0, e2e: 0, tps: 0, error: 0 };
  let good = 0;
  let goodInWindow = 0;
  for (const r of records) {
    if (r.status !== 'ok') {
      missed.error++;
      continue;
    }
    const objectives = missedObjectives(r, slo);
    if (objectives.length === 0) {
      good++;
      if (activeEndAt === undefined || endsBy(r, activeEndAt)) goodInWindow++;
    }
    for (const objective of objectives) missed[objective]++;
  }
  return {
    slo,
    requests: records.length,
    good,
    goodShare: records.length > 0 ? good / records.length : null,
    goodputRequestsPerSecond: perSecond(goodInWindow, activeMs),
    missed,
  };
}

/** Whether a request ended by `atEpochMs` (startedAt + E2E); a record without a start is taken as inside. */
export function endsBy(record: Pick<JudgedRequest, 'startedAt' | 'e2eMs'>, atEpochMs: number): boolean {
  if (record.startedAt === undefined || record.e2eMs === null) return record.startedAt === undefined;
  return record.startedAt + record.e2eMs <= atEpochMs;
}

/** count / window, per second; 0 for an empty window (as throughput). */
export function perSecond(count: number, windowMs: number): number {
  return windowMs > 0 ? count / (windowMs / 1000) : 0;
}

/**
 * Goodput of a summarised level from its records: over its active window (`activeMs`; summaries written
 * before it was recorded: the wall time), closing at startedAt + activeMs when that is before the end.
 */
export function levelGoodput(level: Pick<LevelSummary, 'startedAt' | 'wallMs' | 'activeMs'>, records: readonly JudgedRequest[], slo: Slo): GoodputSummary {
  const activeMs = level.activeMs ?? level.wallMs;
  return summarizeGoodput(records, activeMs, slo, activeMs < level.wallMs ? level.startedAt + activeMs : undefined);
}
