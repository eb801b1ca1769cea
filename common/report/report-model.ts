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
import type { LengthReach, ServerViewLevel, TurnRow } from '../server-view.js';
import { energyView, type EnergyView } from './energy-table.js';
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
    levelCharts: levelChartBlocks([{ name: null, levels, records: requests, dashed: false }]),
    gpuCharts: charts.gpu,
    processCharts: charts.process,
    energy: energyView(levels, manifest.telemetry?.gpu),
    sampleAnswer: sampleAnswer(requests),
    serverView: serverViewBlock(data.serverView),
    turns: turnBlock(data.turns),
    workload: workloadFacts(manifest),
    lengthReach: lengthReachTable(data.lengthReach),
    serverSettings: serverSettingsFacts(manifest, data.parallelism),
  };
}
