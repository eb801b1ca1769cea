// The ranking of several runs (usually one per model, from `tokenbench run --model a,b,c`): which model
// serves the most parallel users within the thresholds, read from each run's report model — its verdict
// (TTFT p95 and tokens/s p5 per level, the largest load meeting both, energy per token) and what the server
// said of the model. Nothing is measured or computed again here: the ranking only orders and lays out.
import { chartBlock, type ChartBlock, type Series, type TableData } from '../charts/chart-model.js';
import { seriesColor } from '../charts/palette.js';
import { VERDICT_STATISTICS, type LevelVerdict, type VerdictThresholds } from '../findings.js';
import { fixed, gibibytes, MISSING, rate, seconds } from '../format.js';
import type { RunStatus } from '../run-manifest.js';
import { modelFacts, type ModelFacts } from './model-facts.js';
import type { ReportModel } from './report-model.js';
import { planKey, planLabel } from './run-plan.js';

export interface RankedRun {
  /** 1 = best; null for a run with no finished level (it cannot be ranked). */
  rank: number | null;
  runId: string;
  model: string;
  status: RunStatus;
  startedAt: string;
  serverUrl: string;
  serverVersion: string | null;
  facts: ModelFacts;
  /** The verdict's answers (common/findings.ts): the largest concurrency meeting the wait, the speed, both. */
  maxConcurrencyForWait: number | null;
  maxConcurrencyForSpeed: number | null;
  maxConcurrencyForBoth: number | null;
  /** GPU joules per output token at `maxConcurrencyForBoth`; null without power samples. */
  joulesPerTokenAtBoth: number | null;
  /** The verdict's levels: TTFT p95 (`waitMs`), tokens/s p5 (`tokensPerSecond`), errors, energy. */
  levels: LevelVerdict[];
}

export interface RankingView {
  /** How the runs are ordered, one sentence. */
  rule: string;
  /** One row per run, in rank order. */
  table: TableData;
  /** One row per run and level. */
  levelsTable: TableData;
  /** TTFT p95 and tokens/s p5 against concurrency, one line per run, the threshold dashed. */
  charts: ChartBlock[];
}

export interface RankingModel {
  thresholds: VerdictThresholds;
  /** In rank order; runs that cannot be ranked last. */
  runs: RankedRun[];
  /** Each once: plans, servers or hosts that differ, runs that did not complete, the runs' own warnings. */
  warnings: string[];
  view: RankingView;
}

/**
 * Orders the runs: the largest load meeting both thresholds first; then the faster slow tail (tokens/s p5) at
 * the smallest level; then the shorter TTFT p95 there. A run without a finished level is not ranked.
 * The reports must all be built with the same thresholds (the first one's are shown).
 */
export function rankingModel(reports: readonly ReportModel[]): RankingModel {
  if (reports.length === 0) throw new RangeError('a ranking needs at least one run');
  const thresholds = reports[0].verdict.thresholds;
  const entries = reports.map(rankedRun);
  const order = [...entries].sort(compareRuns);
  let next = 1;
  for (const run of order) run.rank = run.levels.length > 0 ? next++ : null;
  const runs = order.sort((a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY));
  return { thresholds, runs, warnings: rankingWarnings(reports), view: rankingView(runs, thresholds) };
}

function rankedRun(report: ReportModel): RankedRun {
  const { manifest, verdict } = report;
  return {
    rank: null,
    runId: manifest.id,
    model: manifest.target.model,
    status: manifest.status,
    startedAt: manifest.startedAt,
    serverUrl: manifest.target.url,
    serverVersion: manifest.target.serverVersion,
    facts: modelFacts(manifest.target.modelDetails),
    maxConcurrencyForWait: verdict.maxConcurrencyForWait,
    maxConcurrencyForSpeed: verdict.maxConcurrencyForSpeed,
    maxConcurrencyForBoth: verdict.maxConcurrencyForBoth,
    joulesPerTokenAtBoth: verdict.energyAtBoth?.joulesPerToken ?? null,
    levels: verdict.levels,
  };
}

const first = (run: RankedRun): LevelVerdict | undefined => run.levels[0];

/** Higher first; a missing value after any present one. */
function higherFirst(a: number | null | undefined, b: number | null | undefined): number {
  if (a == null || b == null) return Number(a == null) - Number(b == null);
  return b - a;
}

function compareRuns(a: RankedRun, b: RankedRun): number {
  return (
    Number(b.levels.length > 0) - Number(a.levels.length > 0) ||
    higherFirst(a.maxConcurrencyForBoth, b.maxConcurrencyForBoth) ||
    higherFirst(first(a)?.tokensPerSecond, first(b)?.tokensPerSecond) ||
    // Lower wait first: the negated values, higher first.
    higherFirst(neg(first(a)?.waitMs), neg(first(b)?.waitMs)) ||
    (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0)
  );
}

const neg = (value: number | null | undefined): number | null => (value == null ? null : -value);

function rankingWarnings(reports: readonly ReportModel[]): string[] {
  const out: string[] = [];
  const distinct = (pick: (r: ReportModel) => string): string[] => [...new Set(reports.map(pick))];
  const plans = distinct((r) => planKey(r.manifest.config));
  if (plans.length > 1) {
    out.push(`The runs used different plans, so their figures are not measured alike: ${reports.map((r) => `${r.manifest.target.model}: ${planLabel(r.manifest.config)}`).join('; ')}.`);
  }
  const servers = distinct((r) => r.manifest.target.url);
  if (servers.length > 1) out.push(`The runs measured different servers: ${servers.join(', ')}.`);
  const hosts = distinct((r) => `${r.manifest.host.os} ${r.manifest.host.cpuModel} ${r.manifest.host.gpu?.name ?? 'no GPU'}`);
  if (hosts.length > 1) out.push(`The runs ran on different machines: ${hosts.join('; ')}.`);
  for (const r of reports) {
    if (r.manifest.status !== 'completed') out.push(`${r.manifest.target.model} (${r.manifest.id}) is ${r.manifest.status}: only its finished levels count.`);
    if (r.levels.length === 0) out.push(`${r.manifest.target.model} (${r.manifest.id}) has no finished level and is not ranked.`);
    for (const w of r.warnings) out.push(`${r.manifest.target.model}: ${w}`);
  }
  return [...new Set(out)];
}

const upTo = (c: number | null): string => (c === null ? 'none' : String(c));

export function rankingView(runs: readonly RankedRun[], thresholds: VerdictThresholds): RankingView {
  const wait = `TTFT ${VERDICT_STATISTICS.wait}`;
  const speed = `t/s ${VERDICT_STATISTICS.speed}`;
  const rule =
    `Ranked by the most parallel requests served within both thresholds — wait (${wait}) ≤ ${fixed(thresholds.maxWaitMs / 1000, 1)} s and speed ` +
    `(${speed}, the slow tail) ≥ ${fixed(thresholds.minTokensPerSecond, 1)} tokens/s at that level and every smaller one — then by the faster ` +
    `slow tail at the smallest level, then by the shorter wait there.`;
  const table: TableData = {
    headers: ['Rank', 'Model', 'Size', 'Parameters', 'Quantization', 'Max parallel (both)', 'Wait ok up to', 'Speed ok up to', 'Smallest level', `${speed} there`, `${wait} there (s)`, 'J/token at max', 'Run'],
    rows: runs.map((run) => [
      run.rank === null ? MISSING : String(run.rank),
      run.model,
      gibibytes(run.facts.sizeBytes),
      run.facts.parameters ?? MISSING,
      run.facts.quantization ?? MISSING,
      upTo(run.maxConcurrencyForBoth),
      upTo(run.maxConcurrencyForWait),
      upTo(run.maxConcurrencyForSpeed),
      first(run) ? String(first(run)?.concurrency) : MISSING,
      rate(first(run)?.tokensPerSecond),
      seconds(first(run)?.waitMs),
      fixed(run.joulesPerTokenAtBoth, 3),
      run.runId,
    ]),
  };
  const levelsTable: TableData = {
    headers: ['Model', 'Parallel', `${wait} (s)`, speed, 'Errors', 'Meets both', 'J/token'],
    rows: runs.flatMap((run) =>
      run.levels.map((l) => [run.model, String(l.concurrency), seconds(l.waitMs), rate(l.tokensPerSecond), String(l.errors), l.meetsWait && l.meetsSpeed ? 'yes' : 'no', fixed(l.energy?.joulesPerToken, 3)]),
    ),
  };
  return { rule, table, levelsTable, charts: rankingCharts(runs, thresholds, levelsTable) };
}

function rankingCharts(runs: readonly RankedRun[], thresholds: VerdictThresholds, table: TableData): ChartBlock[] {
  const axis = [...new Set(runs.flatMap((r) => r.levels.map((l) => l.concurrency)))].sort((a, b) => a - b);
  const perLevel = (run: RankedRun, pick: (l: LevelVerdict) => number | null): Array<number | null> =>
    axis.map((c) => {
      const level = run.levels.find((l) => l.concurrency === c);
      return level ? pick(level) : null;
    });
  const lines = (pick: (l: LevelVerdict) => number | null): Series[] => runs.map((run, i) => ({ label: run.model, data: perLevel(run, pick), color: seriesColor(i) }));
  const limit = (value: number, label: string): Series => ({ label, data: axis.map(() => value), color: '#9ca3af', dashed: true });
  const x = { type: 'category' as const, title: 'Parallel requests (concurrency)', labels: axis.map(String) };
  const has = axis.length > 0;
  return [
    chartBlock(
      'ranking-wait',
      `Wait (${`TTFT ${VERDICT_STATISTICS.wait}`}) per model`,
      'TTFT p95 of each level, one line per model; the dashed line is the wait threshold.',
      has
        ? { kind: 'line', x, y: { title: 'TTFT p95 (s)', min: 0 }, series: [...lines((l) => (l.waitMs === null ? null : l.waitMs / 1000)), limit(thresholds.maxWaitMs / 1000, 'wait threshold')] }
        : null,
      table,
      'No run has a finished level.',
    ),
    chartBlock(
      'ranking-speed',
      `Slow-tail speed (t/s ${VERDICT_STATISTICS.speed}) per model`,
      'Tokens/s p5 of each level (what the slowest requests felt), one line per model; the dashed line is the speed threshold.',
      has ? { kind: 'line', x, y: { title: 'tokens/s p5', min: 0 }, series: [...lines((l) => l.tokensPerSecond), limit(thresholds.minTokensPerSecond, 'speed threshold')] } : null,
      table,
      'No run has a finished level.',
    ),
  ];
}
