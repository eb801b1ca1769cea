// What `tokenbench compare` says about two runs, computed once for both the HTML and Markdown renderers.
import { effectiveParallelism } from '../../metrics/parallelism.js';
import { type ParallelismFinding } from '../../../common/findings.js';
import { computeVerdict } from '../../metrics/verdict.js';
import { type Verdict, type VerdictThresholds } from '../../../common/findings.js';
import type { OpenedRun } from '../../store/run-reader.js';
import { fixed, MISSING } from '../cells.js';
import { levelDeltas, type LevelDelta } from './deltas.js';

export const RUN_NAMES = ['A', 'B'] as const;

export interface ComparedRun {
  name: (typeof RUN_NAMES)[number];
  run: OpenedRun;
  verdict: Verdict;
  parallelism: ParallelismFinding;
}

export interface Comparison {
  runs: [ComparedRun, ComparedRun];
  deltas: LevelDelta[];
}

export function compareRuns(a: OpenedRun, b: OpenedRun, thresholds: VerdictThresholds): Comparison {
  const side = (name: ComparedRun['name'], run: OpenedRun): ComparedRun => {
    const levels = [...run.summary.levels].sort((x, y) => x.concurrency - y.concurrency);
    return { name, run, verdict: computeVerdict(levels, thresholds), parallelism: effectiveParallelism(levels, run.requests) };
  };
  return { runs: [side('A', a), side('B', b)], deltas: levelDeltas(a.summary.levels, b.summary.levels) };
}

/** The verdict of each run side by side: rows are questions, columns the runs. */
export function verdictRows(comparison: Comparison): Array<[string, ...string[]]> {
  const upTo = (c: number | null): string => (c === null ? 'no level' : `up to ${c} parallel`);
  const { maxWaitMs, minTokensPerSecond } = comparison.runs[0].verdict.thresholds;
  const row = (label: string, cell: (r: ComparedRun) => string): [string, ...string[]] => [label, ...comparison.runs.map(cell)];
  return [
    row(`Wait ≤ ${fixed(maxWaitMs / 1000, 1)} s (TTFT p95)`, (r) => upTo(r.verdict.maxConcurrencyForWait)),
    row(`Speed ≥ ${fixed(minTokensPerSecond, 1)} t/s (p5)`, (r) => upTo(r.verdict.maxConcurrencyForSpeed)),
    row('Both', (r) => upTo(r.verdict.maxConcurrencyForBoth)),
    row('GPU J/token at that level', (r) => fixed(r.verdict.energyAtBoth?.joulesPerToken, 3)),
    row('Effective parallelism', (r) => (r.parallelism.slots === null ? `${MISSING} (${r.parallelism.summary})` : r.parallelism.summary)),
  ];
}
