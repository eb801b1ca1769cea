// The report model: everything a report format or the dashboard shows about one run, built once from the
// run folder (main/report/report-model.ts) — the data, the findings main/metrics computed with the
// thresholds, the warnings, and the view (every table and chart, as text and chart specs). Formats and
// screens only lay it out; none computes a metric or formats a number of its own.
import type { ChartBlock, TableData } from '../charts/chart-model.js';
import { levelChartBlocks } from '../charts/level-charts.js';
import { runTimelineChartBlocks } from '../charts/run-timeline-charts.js';
import { telemetryChartBlocks, type TelemetrySamples } from '../charts/telemetry-charts.js';
import type { ParallelismFinding, Verdict } from '../findings.js';
import type { LevelSummary, RepeatedLevel, RequestRecord, SweepOutcome } from '../results.js';
import type { RunManifest } from '../run-manifest.js';
import type { Slo } from '../slo.js';
import { energyView, type EnergyView } from './energy-table.js';
import { loadTable, loadTableLegend } from './load-table.js';
import { REPEATS_LEGEND, repeatsTable } from './repeats-table.js';
import type { LengthReach, ServerViewLevel, TurnRow } from '../server-view.js';
import { lengthReachTable, serverSettingsFacts, serverViewBlock, turnBlock, workloadFacts } from './server-view-table.js';
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

  // ── Load shapes (docs/metrics.md § Load shapes) ──
  /** Request rate and goodput per level; for rate levels the schedule's figures and saturation. */
  loadTable: TableData;
  /** What the load table's columns mean, with the objectives goodput was judged by. */
  loadLegend: string;
  /** `--repeat N`: mean, 95 % CI and CV of each headline figure per level; null for a run that was not repeated. */
  repeats: { table: TableData; legend: string } | null;
  /** Throughput, requests in flight and TTFT over the run's time. */
  timelineCharts: ChartBlock[];
  // --- Workload and the server's view (issue 14) ---
  /** The server's rates beside ours and the mean E2E split per level. */
  serverView: ChartBlock;
  /** TTFT and the prompt cache per turn; null without conversations. */
  turns: ChartBlock | null;
  /** What the run sent (prompt set, lengths, turns, tokenizer, connection), for the header; empty for one fixed prompt. */
  workload: Array<[string, string]>;
  /** Answers that reached their asked length, per level; null when no request asked for a length. */
  lengthReach: TableData | null;
  /** The server's settings and the parallelism measured beside the one set, for the header; empty when not recorded. */
  serverSettings: Array<[string, string]>;
}

export interface ReportModel {
  /** run.json (an interrupted run reads `interrupted`). */
  manifest: RunManifest;
  /** Level summaries in run order (ascending concurrency for burst and sustained runs; common/levels.ts compareLevels). */
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
  /** The objectives goodput was judged by: the run's `--slo`, else the verdict's thresholds. */
  slo: Slo;
  /** Each level of the plan over its repeats (main/metrics/repeats.ts); null for a run that was not repeated. */
  repeats: RepeatedLevel[] | null;
  /** A sweep's course and where it stopped (main/metrics/sweep-outcome.ts); null for other runs. */
  sweep: SweepOutcome | null;
  /** main/metrics/server-view.ts: the server's view per level, the turns, the length reach (issue 14). */
  serverView: ServerViewLevel[];
  turns: TurnRow[];
  lengthReach: LengthReach[];
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
    levelCharts: levelChartBlocks([{ name: null, levels, records: requests, dashed: false, repeats: data.repeats }]),
    gpuCharts: charts.gpu,
    processCharts: charts.process,
    energy: energyView(levels, manifest.telemetry?.gpu),
    sampleAnswer: sampleAnswer(requests),
    loadTable: loadTable(levels),
    loadLegend: loadTableLegend(data.slo),
    repeats: data.repeats ? { table: repeatsTable(data.repeats), legend: REPEATS_LEGEND } : null,
    timelineCharts: runTimelineChartBlocks({ originMs: Date.parse(manifest.startedAt), levels, records: requests }),
    serverView: serverViewBlock(data.serverView),
    turns: turnBlock(data.turns),
    workload: workloadFacts(manifest),
    lengthReach: lengthReachTable(data.lengthReach),
    serverSettings: serverSettingsFacts(manifest, data.parallelism),
  };
}
