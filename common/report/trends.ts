// Trends: the runs of the same server, model and plan over time, with their headline figures, and where
// the server's version or the model's digest changed between two runs — so a slowdown after an update is
// one glance away. The figures are read from each run's level summaries and verdict (main/metrics), never
// computed again; History draws the view, `tokenbench history` prints it.
import { chartBlock, type ChartBlock, type Series, type TableData } from '../charts/chart-model.js';
import { PALETTE } from '../charts/palette.js';
import type { Verdict, VerdictThresholds } from '../findings.js';
import { fixed, MISSING, rate, seconds } from '../format.js';
import type { LevelSummary } from '../results.js';
import type { RunManifest, RunStatus } from '../run-manifest.js';
import { modelFacts, shortDigest } from './model-facts.js';
import { planKey, planLabel } from './run-plan.js';

/** One run as the trends read it. */
export interface TrendRun {
  manifest: RunManifest;
  /** Level summaries, ascending concurrency. */
  levels: readonly LevelSummary[];
  verdict: Verdict;
}

export interface TrendPoint {
  runId: string;
  startedAt: string;
  status: RunStatus;
  serverVersion: string | null;
  digest: string | null;
  /** The smallest level the plan has (the same for every run of a group). */
  smallestLevel: number | null;
  /** Tokens/s mean of the smallest level (its level summary). */
  tokensPerSecondMean: number | null;
  /** Tokens/s p5 (slow tail) and TTFT p95 of the smallest level (the verdict's level). */
  tokensPerSecondP5: number | null;
  ttftP95Ms: number | null;
  /** The highest aggregate throughput of any level. */
  peakThroughput: number | null;
  /** The verdict: the largest concurrency meeting both thresholds. */
  maxConcurrencyForBoth: number | null;
  /** What changed since the group's run before: "server 0.12.3 → 0.13.0", "model digest 1a2b… → 9f8e…". */
  changes: string[];
}

export interface TrendGroup {
  key: string;
  /** Equal for groups of the same server and plan (other models): the runs a ranking can compare. */
  serverPlanKey: string;
  server: string;
  model: string;
  /** The plan in one line (common/report/run-plan.ts). */
  plan: string;
  /** Oldest first. */
  points: TrendPoint[];
  view: { chart: ChartBlock; table: TableData };
}

export interface TrendsModel {
  thresholds: VerdictThresholds;
  /** The group with the latest run first. */
  groups: TrendGroup[];
  /** Run folders that could not be read, with why; they are not in any group. */
  skipped: Array<{ dir: string; reason: string }>;
}

export function trendsModel(runs: readonly TrendRun[], thresholds: VerdictThresholds, skipped: TrendsModel['skipped'] = []): TrendsModel {
  const byKey = new Map<string, TrendRun[]>();
  for (const run of runs) {
    const { target, config } = run.manifest;
    const key = JSON.stringify([target.url, target.api, target.model, planKey(config)]);
    byKey.set(key, [...(byKey.get(key) ?? []), run]);
  }
  const groups = [...byKey.entries()].map(([key, members]): TrendGroup => {
    const sorted = [...members].sort((a, b) => Date.parse(a.manifest.startedAt) - Date.parse(b.manifest.startedAt) || (a.manifest.id < b.manifest.id ? -1 : 1));
    const points = sorted.map(trendPoint);
    points.forEach((point, i) => (point.changes = i === 0 ? [] : changesBetween(points[i - 1], point)));
    const { target, config } = sorted[0].manifest;
    return {
      key,
      serverPlanKey: JSON.stringify([target.url, target.api, planKey(config)]),
      server: `${target.url} (${target.api})`,
      model: target.model,
      plan: planLabel(config),
      points,
      view: trendView(points),
    };
  });
  groups.sort((a, b) => Date.parse(b.points[b.points.length - 1].startedAt) - Date.parse(a.points[a.points.length - 1].startedAt));
  return { thresholds, groups, skipped };
}

function trendPoint(run: TrendRun): TrendPoint {
  const smallest = run.levels[0];
  const verdictLevel = run.verdict.levels.find((l) => l.concurrency === smallest?.concurrency);
  const throughputs = run.levels.map((l) => l.throughputTokensPerSecond).filter((v) => Number.isFinite(v));
  return {
    runId: run.manifest.id,
    startedAt: run.manifest.startedAt,
    status: run.manifest.status,
    serverVersion: run.manifest.target.serverVersion,
    digest: modelFacts(run.manifest.target.modelDetails).digest,
    smallestLevel: smallest?.concurrency ?? null,
    tokensPerSecondMean: smallest?.tokensPerSecond?.mean ?? null,
    tokensPerSecondP5: verdictLevel?.tokensPerSecond ?? null,
    ttftP95Ms: verdictLevel?.waitMs ?? null,
    peakThroughput: throughputs.length > 0 ? throughputs.reduce((a, b) => Math.max(a, b)) : null,
    maxConcurrencyForBoth: run.verdict.maxConcurrencyForBoth,
    changes: [],
  };
}

function changesBetween(before: TrendPoint, after: TrendPoint): string[] {
  const out: string[] = [];
  if (before.serverVersion !== after.serverVersion) out.push(`server ${before.serverVersion ?? 'unknown'} → ${after.serverVersion ?? 'unknown'}`);
  if (before.digest !== after.digest) out.push(`model digest ${shortDigest(before.digest) ?? 'unknown'} → ${shortDigest(after.digest) ?? 'unknown'}`);
  if (out.length === 0) return out;
  // How the single-request speed moved across the change: the one number a reader checks first.
  if (before.tokensPerSecondMean !== null && after.tokensPerSecondMean !== null && before.tokensPerSecondMean > 0) {
    const change = ((after.tokensPerSecondMean - before.tokensPerSecondMean) / before.tokensPerSecondMean) * 100;
    out.push(`t/s mean ${change >= 0 ? '+' : '−'}${fixed(Math.abs(change), 1)} % (${rate(before.tokensPerSecondMean)} → ${rate(after.tokensPerSecondMean)})`);
  }
  return out;
}

/** "2026-01-20 10:00" (UTC), the same wherever the view is drawn. */
const when = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/** The run's date, and after a change what changed: "2026-01-21 10:00 ⚑ server 0.13.0". */
function axisLabel(point: TrendPoint): string {
  const what = [
    ...(point.changes.some((c) => c.startsWith('server ')) ? [`server ${point.serverVersion ?? 'unknown'}`] : []),
    ...(point.changes.some((c) => c.startsWith('model digest ')) ? ['new model digest'] : []),
  ];
  return what.length === 0 ? when(point.startedAt) : `${when(point.startedAt)} ⚑ ${what.join(', ')}`;
}

function trendView(points: readonly TrendPoint[]): TrendGroup['view'] {
  const level = points[0]?.smallestLevel;
  const at = level === null || level === undefined ? '' : ` at ${level} parallel`;
  const table: TableData = {
    headers: ['Started (UTC)', 'Run', 'Server version', 'Model digest', `t/s mean${at}`, `t/s p5${at}`, `TTFT p95${at} (s)`, 'Peak throughput t/s', 'Max parallel (both)', 'Changed since the run before'],
    rows: points.map((p) => [
      when(p.startedAt),
      p.runId,
      p.serverVersion ?? MISSING,
      shortDigest(p.digest) ?? MISSING,
      rate(p.tokensPerSecondMean),
      rate(p.tokensPerSecondP5),
      seconds(p.ttftP95Ms),
      rate(p.peakThroughput),
      p.maxConcurrencyForBoth === null ? 'none' : String(p.maxConcurrencyForBoth),
      p.changes.length === 0 ? '' : p.changes.join('; '),
    ]),
  };
  const line = (label: string, data: Array<number | null>, color: string, axis: 'y' | 'y2' = 'y'): Series => ({ label, data, color, axis });
  const series: Series[] = [
    line(`t/s mean${at}`, points.map((p) => p.tokensPerSecondMean), PALETTE[0]),
    line(`t/s p5${at}`, points.map((p) => p.tokensPerSecondP5), PALETTE[3]),
    line('peak throughput t/s', points.map((p) => p.peakThroughput), PALETTE[2]),
    line(`TTFT p95${at} (s)`, points.map((p) => (p.ttftP95Ms === null ? null : p.ttftP95Ms / 1000)), PALETTE[1], 'y2'),
  ];
  const chart = chartBlock(
    'trend',
    'Headline figures over time',
    'Each run of this server, model and plan: decode speed at the smallest level (mean and slow tail), peak throughput, and TTFT p95 (right axis). A run after a server-version or model-digest change says so under its date.',
    points.length === 0 ? null : { kind: 'line', x: { type: 'category', title: 'Run started (UTC)', labels: points.map(axisLabel) }, y: { title: 'tokens/s', min: 0 }, y2: { title: 'TTFT p95 (s)', min: 0 }, series },
    table,
    'No run.',
  );
  return { chart, table };
}
