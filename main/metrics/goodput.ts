// Goodput of a level: which requests met every objective of an SLO (slo.ts), their share, and how many
// such requests per second the level delivered. Also the level's plain request rate, over the same
// denominator as aggregate throughput (the level's wall time), so all three rates compare.
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import type { Slo, SloObjective } from './slo.js';

/** What judging a request needs of its record. */
export type JudgedRequest = Pick<RequestRecord, 'status' | 'ttftMs' | 'itlMs' | 'e2eMs' | 'tokensPerSecond'>;

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

export interface GoodputSummary {
  slo: Slo;
  /** Every request of the level, errors included. */
  requests: number;
  /** Requests that met every objective. */
  good: number;
  /** good / requests; null for a level without requests. */
  goodShare: number | null;
  /** good / the level's wall time, requests per second; 0 when the wall time is 0 (as throughput). */
  goodputRequestsPerSecond: number;
  /** Ok requests that missed each objective (one request can miss several), and error requests. */
  missed: Record<SloObjective | 'error', number>;
}

/** Goodput of one level's records over its wall time (LevelSummary.wallMs). */
export function summarizeGoodput(records: readonly JudgedRequest[], wallMs: number, slo: Slo): GoodputSummary {
  const missed: Record<SloObjective | 'error', number> = { ttft: 0, itl: 0, e2e: 0, tps: 0, error: 0 };
  let good = 0;
  for (const r of records) {
    if (r.status !== 'ok') {
      missed.error++;
      continue;
    }
    const objectives = missedObjectives(r, slo);
    if (objectives.length === 0) good++;
    for (const objective of objectives) missed[objective]++;
  }
  return {
    slo,
    requests: records.length,
    good,
    goodShare: records.length > 0 ? good / records.length : null,
    goodputRequestsPerSecond: perSecond(good, wallMs),
    missed,
  };
}

/** Ok requests / the level's wall time: the request rate the level achieved, requests per second. */
export function levelRequestRate(level: Pick<LevelSummary, 'ok' | 'wallMs'>): number {
  return perSecond(level.ok, level.wallMs);
}

function perSecond(count: number, wallMs: number): number {
  return wallMs > 0 ? count / (wallMs / 1000) : 0;
}
