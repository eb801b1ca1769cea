// The page model of one run's HTML report: sections in the order a reader asks their questions.
import { effectiveParallelism } from '../../metrics/parallelism.js';
import { computeVerdict } from '../../metrics/verdict.js';
import { DEFAULT_THRESHOLDS, type VerdictThresholds } from '../../../common/findings.js';
import type { OpenedRun } from '../../store/run-reader.js';
import type { ReportOptions } from '../formats.js';
import type { RunTelemetry } from '../run-telemetry.js';
import type { Block, ReportPage } from './blocks.js';
import { levelChartBlocks } from './level-charts.js';
import { definitionsBlock, energyBlock, manifestFacts, sampleAnswerBlock, verdictBlocks } from './run-blocks.js';
import { telemetryChartBlocks } from './telemetry-charts.js';

export function thresholdsOf(options: ReportOptions): VerdictThresholds {
  return {
    maxWaitMs: options.maxWaitMs ?? DEFAULT_THRESHOLDS.maxWaitMs,
    minTokensPerSecond: options.minTokensPerSecond ?? DEFAULT_THRESHOLDS.minTokensPerSecond,
  };
}

export function warningBlocks(warnings: readonly string[]): Block[] {
  return [...new Set(warnings)].map((text) => ({ type: 'paragraph', tone: 'warning', text }));
}

export function runReportPage(run: OpenedRun, telemetry: RunTelemetry, options: ReportOptions): ReportPage {
  const { manifest, summary, requests } = run;
  const levels = [...summary.levels].sort((a, b) => a.concurrency - b.concurrency);
  const verdict = computeVerdict(levels, thresholdsOf(options));
  const parallelism = effectiveParallelism(levels, requests);
  const series = [{ name: null, levels, records: requests, dashed: false }];
  const charts = telemetryChartBlocks([
    {
      name: null,
      dashed: false,
      originMs: Date.parse(manifest.startedAt),
      telemetry,
      levels,
      status: manifest.telemetry ?? {},
    },
  ]);
  const warnings = warningBlocks([...(manifest.warnings ?? []), ...run.warnings, ...telemetry.warnings]);
  const noLevels: Block[] = levels.length === 0 ? [{ type: 'paragraph', tone: 'warning', text: 'No level finished: there are no results to show.' }] : [];
  return {
    title: `Tokenbench report: ${manifest.target.model}`,
    subtitle: `Run ${manifest.id}, ${manifest.status}, ${manifest.startedAt}; ${manifest.target.url} (${manifest.target.api})`,
    sections: [
      { id: 'verdict', title: 'Verdict', blocks: [...warnings, ...noLevels, ...verdictBlocks(verdict, parallelism)] },
      { id: 'levels', title: 'Wait, speed and throughput per level', blocks: levelChartBlocks(series) },
      { id: 'gpu', title: 'GPU over time', blocks: charts.gpu },
      { id: 'process', title: 'Server process over time', blocks: charts.process },
      { id: 'energy', title: 'Energy', blocks: [energyBlock(levels)] },
      { id: 'answer', title: 'Sample answer', blocks: [sampleAnswerBlock(requests)] },
      { id: 'setup', title: 'Configuration, target and host', blocks: [manifestFacts([manifest], null)] },
      { id: 'definitions', title: 'Definitions', blocks: [definitionsBlock()] },
    ],
  };
}
