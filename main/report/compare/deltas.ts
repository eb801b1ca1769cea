// Per-level differences between two runs (B − A), for `tokenbench compare`. Pure.
import { failurePercent } from '../../../common/level-outcomes.js';
import type { LevelSummary } from '../../../common/results.js';

export interface DeltaMetric {
  key: string;
  label: string;
  /** Which way is better, so the table can say which run did better. */
  better: 'lower' | 'higher';
  /** Display scale: values are divided by this (ms → s). */
  scale: number;
  digits: number;
  pick: (level: LevelSummary) => number | null | undefined;
}

export const DELTA_METRICS: readonly DeltaMetric[] = [
  { key: 'ttftMean', label: 'TTFT mean (s)', better: 'lower', scale: 1000, digits: 2, pick: (l) => l.ttftMs?.mean },
  { key: 'ttftP95', label: 'TTFT p95 (s)', better: 'lower', scale: 1000, digits: 2, pick: (l) => l.ttftMs?.p95 },
  { key: 'speedMean', label: 'Tokens/s mean', better: 'higher', scale: 1, digits: 1, pick: (l) => l.tokensPerSecond?.mean },
  { key: 'speedP5', label: 'Tokens/s p5 (slow tail)', better: 'higher', scale: 1, digits: 1, pick: (l) => l.tokensPerSecond?.p5 },
  { key: 'throughput', label: 'Throughput t/s', better: 'higher', scale: 1, digits: 1, pick: (l) => l.throughputTokensPerSecond },
  { key: 'e2eMean', label: 'Duration mean (s)', better: 'lower', scale: 1000, digits: 2, pick: (l) => l.e2eMs?.mean },
  { key: 'errorRate', label: 'Errors %', better: 'lower', scale: 1, digits: 1, pick: failurePercent },
  { key: 'joulesPerToken', label: 'GPU J/token', better: 'lower', scale: 1, digits: 3, pick: (l) => l.energy?.joulesPerToken },
];

export interface MetricDelta {
  metric: DeltaMetric;
  a: number | null;
  b: number | null;
  /** b − a, unscaled; null when either is missing. */
  delta: number | null;
  /** (b − a) / a; null when either is missing or a is 0. */
  relative: number | null;
  /** Which run did better on this metric; 'same' when equal; null when either is missing. */
  winner: 'A' | 'B' | 'same' | null;
}

export interface LevelDelta {
  concurrency: number;
  inA: boolean;
  inB: boolean;
  metrics: MetricDelta[];
}

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

export function metricDelta(metric: DeltaMetric, a: LevelSummary | undefined, b: LevelSummary | undefined): MetricDelta {
  const va = a ? finite(metric.pick(a)) : null;
  const vb = b ? finite(metric.pick(b)) : null;
  const delta = va !== null && vb !== null ? vb - va : null;
  const relative = delta !== null && va !== 0 && va !== null ? delta / va : null;
  let winner: MetricDelta['winner'] = null;
  if (delta !== null) winner = delta === 0 ? 'same' : (delta < 0) === (metric.better === 'lower') ? 'B' : 'A';
  return { metric, a: va, b: vb, delta, relative, winner };
}

/** One entry per concurrency tested by either run, ascending; a level only one run has shows its side alone. */
export function levelDeltas(a: readonly LevelSummary[], b: readonly LevelSummary[], metrics: readonly DeltaMetric[] = DELTA_METRICS): LevelDelta[] {
  const levels = [...new Set([...a, ...b].map((l) => l.concurrency))].sort((x, y) => x - y);
  return levels.map((concurrency) => {
    const la = a.find((l) => l.concurrency === concurrency);
    const lb = b.find((l) => l.concurrency === concurrency);
    return { concurrency, inA: la !== undefined, inB: lb !== undefined, metrics: metrics.map((m) => metricDelta(m, la, lb)) };
  });
}

/** Rows for a table: Parallel, Metric, A, B, Δ (B − A), Δ %, Better. Metrics missing in both runs are left out. */
export function deltaRows(deltas: readonly LevelDelta[], missing: string): string[][] {
  const show = (v: number | null, m: DeltaMetric, signed = false): string => {
    if (v === null) return missing;
    const text = (v / m.scale).toFixed(m.digits);
    return signed && v > 0 ? `+${text}` : text;
  };
  return deltas.flatMap((level) =>
    level.metrics
      .filter((d) => d.a !== null || d.b !== null)
      .map((d) => [
        String(level.concurrency),
        d.metric.label,
        show(d.a, d.metric),
        show(d.b, d.metric),
        show(d.delta, d.metric, true),
        d.relative === null ? missing : `${d.relative > 0 ? '+' : ''}${(d.relative * 100).toFixed(1)} %`,
        d.winner === null ? missing : d.winner === 'same' ? 'same' : d.winner,
      ]),
  );
}

export const DELTA_HEADERS = ['Parallel', 'Metric', 'A', 'B', 'Δ (B − A)', 'Δ %', 'Better'];
