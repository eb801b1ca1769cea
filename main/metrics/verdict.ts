// The verdict panel of PRODUCT.md § "Read the results": with the user's thresholds, the largest
// concurrency that meets each and both, and what a token costs in energy there. Pure, so the CLI
// reports and the app compute the same answer.
import type { EnergySummary, LevelSummary } from './types.js';

export interface VerdictThresholds {
  /** The longest acceptable wait (TTFT), ms. */
  maxWaitMs: number;
  /** The slowest acceptable decode speed, tokens/s. */
  minTokensPerSecond: number;
}

export const DEFAULT_THRESHOLDS: VerdictThresholds = { maxWaitMs: 10_000, minTokensPerSecond: 20 };

/**
 * Which statistic each threshold is held against. A threshold met only "on average" would leave one
 * user in twenty waiting longer, so the wait is judged at p95 and the speed at its slow tail p5.
 */
export const VERDICT_STATISTICS = { wait: 'p95', speed: 'p5' } as const;

export interface LevelVerdict {
  concurrency: number;
  /** TTFT p95, ms; null when the level has no ok request. */
  waitMs: number | null;
  /** Tokens/s p5 (slow tail); null when the level has no ok request with a speed. */
  tokensPerSecond: number | null;
  errors: number;
  meetsWait: boolean;
  meetsSpeed: boolean;
  energy: EnergySummary | null;
}

export interface Verdict {
  thresholds: VerdictThresholds;
  levels: LevelVerdict[];
  /**
   * The largest concurrency up to which every level meets the threshold (levels in increasing order).
   * A level past a failing one does not count: "you can go up to N" must hold for every load below N.
   * null when even the smallest level fails.
   */
  maxConcurrencyForWait: number | null;
  maxConcurrencyForSpeed: number | null;
  maxConcurrencyForBoth: number | null;
  /** Energy of the level `maxConcurrencyForBoth` names; null without one or without power samples. */
  energyAtBoth: EnergySummary | null;
  /** The level with the fewest joules per output token, among levels with energy. */
  mostEfficient: { concurrency: number; joulesPerToken: number } | null;
}

/**
 * A level meets a threshold only if none of its requests failed: a failed request waited forever and
 * decoded nothing, so a level with errors meets neither.
 */
export function judgeLevel(level: LevelSummary, thresholds: VerdictThresholds): LevelVerdict {
  const waitMs = level.ok > 0 && level.ttftMs ? level.ttftMs[VERDICT_STATISTICS.wait] : null;
  const tokensPerSecond = level.ok > 0 && level.tokensPerSecond ? level.tokensPerSecond[VERDICT_STATISTICS.speed] : null;
  const clean = level.errors === 0 && level.requests > 0;
  return {
    concurrency: level.concurrency,
    waitMs,
    tokensPerSecond,
    errors: level.errors,
    meetsWait: clean && waitMs !== null && waitMs <= thresholds.maxWaitMs,
    meetsSpeed: clean && tokensPerSecond !== null && tokensPerSecond >= thresholds.minTokensPerSecond,
    energy: level.energy ?? null,
  };
}

export function computeVerdict(levels: readonly LevelSummary[], thresholds: VerdictThresholds = DEFAULT_THRESHOLDS): Verdict {
  const judged = [...levels].sort((a, b) => a.concurrency - b.concurrency).map((l) => judgeLevel(l, thresholds));
  const both = largestPassing(judged, (l) => l.meetsWait && l.meetsSpeed);
  let mostEfficient: Verdict['mostEfficient'] = null;
  for (const l of judged) {
    const jpt = l.energy?.joulesPerToken;
    if (jpt === null || jpt === undefined || !Number.isFinite(jpt)) continue;
    if (!mostEfficient || jpt < mostEfficient.joulesPerToken) mostEfficient = { concurrency: l.concurrency, joulesPerToken: jpt };
  }
  return {
    thresholds,
    levels: judged,
    maxConcurrencyForWait: largestPassing(judged, (l) => l.meetsWait),
    maxConcurrencyForSpeed: largestPassing(judged, (l) => l.meetsSpeed),
    maxConcurrencyForBoth: both,
    energyAtBoth: both === null ? null : (judged.find((l) => l.concurrency === both)?.energy ?? null),
    mostEfficient,
  };
}

/** The last level of the passing run that starts at the smallest level. */
function largestPassing(levels: readonly LevelVerdict[], passes: (level: LevelVerdict) => boolean): number | null {
  let largest: number | null = null;
  for (const level of levels) {
    if (!passes(level)) break;
    largest = level.concurrency;
  }
  return largest;
}
