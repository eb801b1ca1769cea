// Per-level differences between two runs (B − A), for `tokenbench compare`. Pure. Levels are matched by
// what they are (common/levels.ts levelMatchKey: a concurrency, a rate, a sweep's step); a repeated level
// compares its means over the repeats (the noise test is noise.ts).
import { compareMatchedLevels, groupBy, levelLabel, levelMatchKey, onlyConcurrencyLevels } from '../../../common/levels.js';
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
  /** The level's name in tables: its concurrency, or its label for a rate or sweep level. */
  label: string;
  inA: boolean;
  inB: boolean;
  metrics: MetricDelta[];
}

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** The metric of a level: its one summary's value, or the mean over its repeats (those that have it). */
function valueOf(metric: DeltaMetric, repeats: readonly LevelSummary[]): number | null {
  let sum = 0;
  let n = 0;
  for (const level of repeats) {
    const v = finite(metric.pick(level));
    if (v === null) continue;
    sum += v;
    n++;
  }
  return n > 0 ? sum / n : null;
}

export function metricDelta(metric: DeltaMetric, a: readonly LevelSummary[], b: readonly LevelSummary[]): MetricDelta {
  const va = valueOf(metric, a);
  const vb = valueOf(metric, b);
  const delta = va !== null && vb !== null ? vb - va : null;
  const relative = delta !== null && va !== 0 && va !== null ? delta / va : null;
  let winner: MetricDelta['winner'] = null;
  if (delta !== null) winner = delta === 0 ? 'same' : (delta < 0) === (metric.better === 'lower') ? 'B' : 'A';
  return { metric, a: va, b: vb, delta, relative, winner };
}

/** A run's levels by levelMatchKey, each with its repeats. */
function matchedLevels(levels: readonly LevelSummary[]): Map<string, LevelSummary[]> {
  return groupBy(levels, levelMatchKey);
}

/** Every level either run tested, in axis order (common/levels.ts compareMatchedLevels), with each side's repeats. */
export function pairLevels(a: readonly LevelSummary[], b: readonly LevelSummary[]): Array<{ level: LevelSummary; label: string; a: LevelSummary[]; b: LevelSummary[] }> {
  const byA = matchedLevels(a);
  const byB = matchedLevels(b);
  const named = !onlyConcurrencyLevels([...a, ...b]);
  const firsts = new Map<string, LevelSummary>();
  for (const level of [...a, ...b]) if (!firsts.has(levelMatchKey(level))) firsts.set(levelMatchKey(level), level);
  return [...firsts.entries()]
    .sort((x, y) => compareMatchedLevels(x[1], y[1]))
    .map(([key, level]) => ({ level, label: named ? levelLabel(level) : String(level.concurrency), a: byA.get(key) ?? [], b: byB.get(key) ?? [] }));
}

/** One entry per level tested by either run, in axis order; a level only one run has shows its side alone. */
export function levelDeltas(a: readonly LevelSummary[], b: readonly LevelSummary[], metrics: readonly DeltaMetric[] = DELTA_METRICS): LevelDelta[] {
  return pairLevels(a, b).map(({ level, label, a: la, b: lb }) => ({
    concurrency: level.concurrency,
    label,
    inA: la.length > 0,
    inB: lb.length > 0,
    metrics: metrics.map((m) => metricDelta(m, la, lb)),
  }));
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
        level.label,
        d.metric.label,
        show(d.a, d.metric),
        show(d.b, d.metric),
        show(d.delta, d.metric, true),
        d.relative === null ? missing : `${d.relative > 0 ? '+' : ''}${(d.relative * 100).toFixed(1)} %`,
        d.winner === null ? missing : d.winner === 'same' ? 'same' : d.winner,
      ]),
  );
}

/** The deltas table's headers: "Parallel" first while every level is a concurrency level, else "Level". */
export function deltaHeaders(deltas: readonly LevelDelta[]): string[] {
  const named = deltas.some((d) => d.label !== String(d.concurrency));
  return [named ? 'Level' : 'Parallel', 'Metric', 'A', 'B', 'Δ (B − A)', 'Δ %', 'Better'];
}
