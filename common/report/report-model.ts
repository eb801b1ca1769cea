// The report model: everything a report format or the dashboard shows about one run, built once from the
// run folder (main/report/report-model.ts) — the data, the findings main/metrics computed with the
// thresholds, the warnings, and the view (every table and chart, as text and chart specs). Formats and
// screens only lay it out; none computes a metric or formats a number of its own.
import type { ChartBlock, TableData } from '../charts/chart-model.js';
import { levelChartBlocks } from '../charts/level-charts.js';
import { telemetryChartBlocks, type TelemetrySamples } from '../charts/telemetry-charts.js';
import type { ParallelismFinding, Verdict } from '../findings.js';
import type { LevelSummary, RequestRecord } from '../results.js';
import type { RunManifest } from '../run-manifest.js';
import { energyView, type EnergyView } from './energy-table.js';
import { sampleAnswer, type SampleAnswer } from './sample-answer.js';
import { studyTable } from './study-table.js';
import { verdictView, type VerdictView } from './verdict-view.js';

export interface ReportView {
  verdict: VerdictView;
  /** The study's table, one row per level. */
  studyTable: TableData;
  /** TTFT, speed, throughput, duration, combined, errors, token distribution. */
  levelCharts: ChartBlock[];
  /** GPU power, frequency, usage over time. */
  gpuCharts: ChartBlock[];
  /** Server process CPU, RAM, threads, FDs over time. */
  processCharts: ChartBlock[];
  energy: EnergyView;
  sampleAnswer: SampleAnswer;
}

export interface ReportModel {
  /** run.json (an interrupted run reads `interrupted`). */
  manifest: RunManifest;
  /** Level summaries in ascending concurrency. */
  levels: LevelSummary[];
  /** Every request record; the app's copy has no playback payload (pieces and offsets emptied). */
  requests: RequestRecord[];
  /** Telemetry samples, validated and in time order; empty where none was recorded. */
  telemetry: TelemetrySamples;
  /** main/metrics/verdict.ts with the thresholds the model was built with (verdict.thresholds). */
  verdict: Verdict;
  /** main/metrics/parallelism.ts over the levels and records. */
  parallelism: ParallelismFinding;
  /** Notes every reader must show, each once: run.json's, damage found reading the folder, bad telemetry lines. */
  warnings: string[];
  view: ReportView;
}

/** What the view is made from: the model without its view. */
export type ReportData = Omit<ReportModel, 'view'>;

export function reportView(data: ReportData): ReportView {
  const { manifest, levels, requests, telemetry } = data;
  const charts = telemetryChartBlocks([
    { name: null, dashed: false, originMs: Date.parse(manifest.startedAt), telemetry, levels, status: manifest.telemetry ?? {} },
  ]);
  return {
    verdict: verdictView(data.verdict, data.parallelism),
    studyTable: studyTable(levels),
    levelCharts: levelChartBlocks([{ name: null, levels, records: requests, dashed: false }]),
    gpuCharts: charts.gpu,
    processCharts: charts.process,
    energy: energyView(levels, manifest.telemetry?.gpu),
    sampleAnswer: sampleAnswer(requests),
  };
}
