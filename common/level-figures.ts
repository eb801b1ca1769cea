// The figures of a level summary by name: which number each one is, which way is better. One table for
// everything that treats "a figure of a level" generically — the statistics over repeats
// (main/metrics/repeats.ts), compare's deltas and noise tests (main/report/compare/), the charts' means
// and confidence intervals (common/charts/level-charts.ts). Selection only; every number was computed
// by main/metrics.
import type { LevelSummary } from './results.js';
import { levelOutcomes, shareOfFinished } from './level-outcomes.js';

export interface LevelFigureSpec {
  label: string;
  better: 'lower' | 'higher';
  /** How it reads: ms (shown as s), a rate, a share (0–1, shown as %), a count, J/token. */
  unit: 'ms' | 'tokens/s' | 'requests/s' | 'share' | 'tokens' | 'J/token';
  pick: (level: LevelSummary) => number | null;
}

const value = (v: number | null | undefined): number | null => (v === undefined || v === null || !Number.isFinite(v) ? null : v);

/**
 * Request rate of a level: ok requests that ended inside its active window / the window (the summary's
 * `requestsPerSecond`); summaries written before it was recorded: ok requests / wall time, which is the
 * same for every level that had no duration.
 */
export function levelRequestRate(level: Pick<LevelSummary, 'ok' | 'wallMs' | 'requestsPerSecond'>): number {
  if (level.requestsPerSecond !== undefined) return level.requestsPerSecond;
  return level.wallMs > 0 ? level.ok / (level.wallMs / 1000) : 0;
}

export const LEVEL_FIGURES = {
  throughputTokensPerSecond: { label: 'Throughput t/s', better: 'higher', unit: 'tokens/s', pick: (l) => value(l.throughputTokensPerSecond) },
  requestsPerSecond: { label: 'Request rate (req/s)', better: 'higher', unit: 'requests/s', pick: (l) => levelRequestRate(l) },
  ttftMeanMs: { label: 'TTFT mean', better: 'lower', unit: 'ms', pick: (l) => value(l.ttftMs?.mean) },
  ttftP50Ms: { label: 'TTFT p50', better: 'lower', unit: 'ms', pick: (l) => value(l.ttftMs?.p50) },
  ttftP95Ms: { label: 'TTFT p95', better: 'lower', unit: 'ms', pick: (l) => value(l.ttftMs?.p95) },
  ttftP99Ms: { label: 'TTFT p99', better: 'lower', unit: 'ms', pick: (l) => value(l.ttftMs?.p99) },
  firstAnswerMeanMs: { label: 'First answer token mean', better: 'lower', unit: 'ms', pick: (l) => value(l.firstAnswerMs?.mean) },
  tokensPerSecondMean: { label: 'Tokens/s mean', better: 'higher', unit: 'tokens/s', pick: (l) => value(l.tokensPerSecond?.mean) },
  tokensPerSecondP50: { label: 'Tokens/s p50', better: 'higher', unit: 'tokens/s', pick: (l) => value(l.tokensPerSecond?.p50) },
  tokensPerSecondP5: { label: 'Tokens/s p5 (slow tail)', better: 'higher', unit: 'tokens/s', pick: (l) => value(l.tokensPerSecond?.p5) },
  tokensPerSecondP1: { label: 'Tokens/s p1 (slow tail)', better: 'higher', unit: 'tokens/s', pick: (l) => value(l.tokensPerSecond?.p1) },
  e2eMinMs: { label: 'Duration min', better: 'lower', unit: 'ms', pick: (l) => value(l.e2eMs?.min) },
  e2eMeanMs: { label: 'Duration mean', better: 'lower', unit: 'ms', pick: (l) => value(l.e2eMs?.mean) },
  e2eP95Ms: { label: 'Duration p95', better: 'lower', unit: 'ms', pick: (l) => value(l.e2eMs?.p95) },
  e2eP99Ms: { label: 'Duration p99', better: 'lower', unit: 'ms', pick: (l) => value(l.e2eMs?.p99) },
  e2eMaxMs: { label: 'Duration max', better: 'lower', unit: 'ms', pick: (l) => value(l.e2eMs?.max) },
  thinkingTokensMean: { label: 'Thinking tokens mean', better: 'lower', unit: 'tokens', pick: (l) => value(l.thinkingTokens?.mean) },
  clientQueueP95Ms: { label: 'Client queue p95', better: 'lower', unit: 'ms', pick: (l) => value(l.clientQueueMs?.p95) },
  // Cancelled requests are not errors: the share is over the requests that ran their course (level-outcomes.ts).
  errorRate: { label: 'Errors', better: 'lower', unit: 'share', pick: (l) => shareOfFinished(l, levelOutcomes(l).failed) },
  goodShare: { label: 'Good (met the SLO)', better: 'higher', unit: 'share', pick: (l) => value(l.goodput?.goodShare) },
  goodputRequestsPerSecond: { label: 'Goodput (req/s)', better: 'higher', unit: 'requests/s', pick: (l) => value(l.goodput?.goodputRequestsPerSecond) },
  joulesPerToken: { label: 'GPU J/token', better: 'lower', unit: 'J/token', pick: (l) => value(l.energy?.joulesPerToken) },
} as const satisfies Record<string, LevelFigureSpec>;

export type LevelFigure = keyof typeof LEVEL_FIGURES;

export const LEVEL_FIGURE_KEYS = Object.keys(LEVEL_FIGURES) as LevelFigure[];

/**
 * The figures a level is summed up by over repeats, in the order tables list them: what the study's
 * table and the verdict read (throughput, request rate, the wait, the speed and its slow tail, the
 * duration's tail, errors) and the goodput.
 */
export const HEADLINE_FIGURES = [
  'throughputTokensPerSecond',
  'requestsPerSecond',
  'ttftP50Ms',
  'ttftP95Ms',
  'tokensPerSecondP50',
  'tokensPerSecondP5',
  'e2eP95Ms',
  'errorRate',
  'goodShare',
  'goodputRequestsPerSecond',
] as const satisfies readonly LevelFigure[];

export type HeadlineFigure = (typeof HEADLINE_FIGURES)[number];
