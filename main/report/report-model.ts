// Builds the report model (common/report/report-model.ts) of one run: once, from the opened run folder,
// with the verdict's thresholds. Every format (formats.ts), compare and the app's run detail start here.
import { DEFAULT_THRESHOLDS, type VerdictThresholds } from '../../common/findings.js';
import { compareLevels, levelKey } from '../../common/levels.js';
import { reportView, type ReportData, type ReportModel } from '../../common/report/report-model.js';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import { defaultSlo, type Slo } from '../../common/slo.js';
import { levelGoodput } from '../metrics/goodput.js';
import { itlHistogram } from '../metrics/itl-histogram.js';
import { groupByLevel } from '../metrics/level-summary.js';
import { effectiveParallelism } from '../metrics/parallelism.js';
import { repeatedLevels } from '../metrics/repeats.js';
import { sweepOutcome } from '../metrics/sweep-outcome.js';
import { computeVerdict } from '../metrics/verdict.js';
import { lengthReach, serverViewByLevel, turnRows } from '../metrics/server-view.js';
import type { OpenedRun } from '../store/run-reader.js';
import { readRunTelemetry } from './run-telemetry.js';

/** The verdict's thresholds as `--max-wait` / `--min-speed` give them; absent ones take the defaults. */
export interface ThresholdOptions {
  /** Wait threshold, ms (default 10 s). */
  maxWaitMs?: number;
  /** Speed threshold, tokens/s (default 20). */
  minTokensPerSecond?: number;
}

export function thresholdsOf(options: ThresholdOptions): VerdictThresholds {
  return {
    maxWaitMs: options.maxWaitMs ?? DEFAULT_THRESHOLDS.maxWaitMs,
    minTokensPerSecond: options.minTokensPerSecond ?? DEFAULT_THRESHOLDS.minTokensPerSecond,
  };
}

/** What a run folder holds, before any finding: the model's data. */
export type RunData = Omit<ReportData, 'verdict' | 'parallelism' | 'slo' | 'repeats' | 'sweep' | 'serverView' | 'turns' | 'lengthReach'>;

/**
 * Pure: sorts the levels into run order, judges goodput against the run's SLO (its `--slo`, else these
 * thresholds), computes the statistics over repeats, the sweep's course, verdict and parallelism, merges
 * the warnings, builds the view.
 */
export function reportModel(run: RunData, thresholds: VerdictThresholds): ReportModel {
  const slo = run.manifest.config.slo ?? defaultSlo(thresholds);
  const levels = withRecordFigures([...run.levels].sort(compareLevels), run.requests, slo);
  const data: ReportData = {
    manifest: run.manifest,
    levels,
    requests: run.requests,
    telemetry: run.telemetry,
    verdict: computeVerdict(levels, thresholds, slo),
    parallelism: effectiveParallelism(levels, run.requests),
    warnings: [...new Set([...(run.manifest.warnings ?? []), ...run.warnings])],
    slo,
    repeats: repeatedLevels(levels),
    sweep: sweepOutcome(levels),
    serverView: serverViewByLevel(run.requests),
    turns: turnRows(run.requests),
    lengthReach: lengthReach(run.requests, typeof run.manifest.config.maxTokens === 'number' ? run.manifest.config.maxTokens : undefined),
  };
  return { ...data, view: reportView(data) };
}

/**
 * Figures read from a level's records with what the report was asked: goodput against `slo` (the
 * thresholds may differ from the run's defaults), and the ITL histogram for levels summarised before it
 * was recorded. A level whose records are not at hand keeps what its summary says.
 */
function withRecordFigures(levels: LevelSummary[], requests: readonly RequestRecord[], slo: Slo): LevelSummary[] {
  const byLevel = groupByLevel(requests);
  return levels.map((level) => {
    const records = byLevel.get(levelKey(level));
    if (!records) return level;
    const histogram = level.itlHistogram ?? itlHistogram(records);
    return { ...level, goodput: levelGoodput(level, records, slo), ...(histogram ? { itlHistogram: histogram } : {}) };
  });
}

/** Reads the run's telemetry through the one validated reader, then builds the model. */
export async function buildReportModel(run: OpenedRun, thresholds: VerdictThresholds): Promise<ReportModel> {
  const telemetry = await readRunTelemetry(run.dir);
  return reportModel(
    {
      manifest: run.manifest,
      levels: run.summary.levels,
      requests: run.requests,
      telemetry: { gpu: telemetry.gpu, process: telemetry.process },
      warnings: [...run.warnings, ...telemetry.warnings],
    },
    thresholds,
  );
}
