// What the verdict and the effective-parallelism finding say about a run: the shapes main/metrics
// computes and every report and screen shows. Types and the constants they are judged by; no logic.
import type { EnergySummary, SaturationReason } from './results.js';
import type { Slo } from './slo.js';

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
  /** Requests that ended in error; cancelled ones are not errors (common/level-outcomes.ts). */
  errors: number;
  meetsWait: boolean;
  meetsSpeed: boolean;
  energy: EnergySummary | null;
  /** Why the level was not judged (it did not run to its end: a killed or cancelled run); null when it was. */
  notJudged: string | null;

  // ── Load shapes (docs/metrics.md § Load shapes) ──
  /** The level's short name (common/levels.ts levelLabel): "4", "2/s", "sync". */
  label?: string;
  /** Rate levels: the nominal rate, requests/s. */
  rate?: number;
  /** Repeats judged together (`--repeat N`): the wait is their worst, the speed their slowest, errors their sum. */
  repeats?: number;
  /** A rate level (in any repeat) saturated: it meets neither threshold. */
  saturated?: true;
  /** Share of the level's requests that met every objective of the SLO (all repeats pooled). */
  goodShare?: number | null;
  /** Good requests per second of the active window (the mean over repeats). */
  goodputRequestsPerSecond?: number | null;
}

export interface Verdict {
  thresholds: VerdictThresholds;
  levels: LevelVerdict[];
  /**
   * The largest concurrency up to which every level meets the threshold (levels in increasing order).
   * A level past a failing one does not count: "you can go up to N" must hold for every load below N.
   * A level not judged ends the count likewise. null when even the smallest level fails.
   */
  maxConcurrencyForWait: number | null;
  maxConcurrencyForSpeed: number | null;
  maxConcurrencyForBoth: number | null;
  /** Energy of the level `maxConcurrencyForBoth` names; null without one or without power samples. */
  energyAtBoth: EnergySummary | null;
  /** The level with the fewest joules per output token, among levels with energy. */
  mostEfficient: { concurrency: number; joulesPerToken: number } | null;

  // ── Load shapes (docs/metrics.md § Load shapes); absent for runs without rate levels or goodput ──
  /** Rate levels, in increasing rate: the largest rate up to which every rate level meets the threshold. */
  maxRateForWait?: number | null;
  maxRateForSpeed?: number | null;
  maxRateForBoth?: number | null;
  /** Sweeps: the highest rate before the first saturated rate level, "sustains R requests/s with TTFT p95 ≤ T". */
  sustained?: { rate: number; ttftP95Ms: number | null } | null;
  /** Sweeps: the first saturated rate level, where the sweep stopped. */
  sweepStoppedAt?: { rate: number; reasons: SaturationReason[] } | null;
  /** The objectives goodput was judged by: the run's `--slo`, else the thresholds (common/slo.ts defaultSlo). */
  slo?: Slo;
  /** The level that delivered the most good requests per second. */
  bestGoodput?: { label: string; goodputRequestsPerSecond: number; goodShare: number | null } | null;
}

export interface LevelQueueing {
  concurrency: number;
  /** Ok requests of the level with a TTFT. */
  ok: number;
  /** How many of them got their first token within the limit (got a slot at once). */
  near: number;
  maxTtftMs: number | null;
}

export interface ParallelismFinding {
  /** Requests the server decodes at once; null when the data cannot tell. */
  slots: number | null;
  /** True when no tested level showed queueing: the server decodes at least `slots` at a time. */
  atLeast: boolean;
  /** The first level where some requests waited in a queue. */
  firstQueuedLevel: number | null;
  /** Median TTFT of the single-request level, ms. */
  baselineTtftMs: number | null;
  /** A TTFT above this (ms) counts as having waited in a queue. */
  limitMs: number | null;
  levels: LevelQueueing[];
  /** One sentence for people, e.g. "requests beyond 4 waited in a queue: the server decodes 4 at a time". */
  summary: string;
}
