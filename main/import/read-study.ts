import { basename, join, resolve } from 'node:path';
import { summarizeLevel } from '../metrics/level-summary.js';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';
import { LegacyFormatError, studyCsvRows, timeCell } from './csv-table.js';
import { isCompleted, lastRun, parseRequestRow, rowE2eMs, rowToRecord, STUDY_REQUEST_COLUMNS, type StudyRequestRow } from './request-rows.js';
import { listLevelFolders, modelFromFolderName, type LevelFolder } from './study-folder.js';
import { assignRoles, PROCESS_FILE_PATTERN, readGpuSamples, readProcessSamples, type KeepSample, type StudySamples } from './telemetry-rows.js';
import { maxOf, minOf } from '../metrics/stats.js';

/**
 * Telemetry kept around a level's reconstructed window: the samplers started with the level (first sample
 * 1–2 s in) and were stopped after duration_metrics.csv was written; timestamps have 1 s resolution.
 */
export const TELEMETRY_SLACK_MS = 5_000;

/** Everything the study's folders tell about one model, in Tokenbench's shapes. */
export interface StudyResults {
  modelDir: string;
  /** The model as the study named it, recovered from the folder name. */
  model: string;
  folderName: string;
  /** Records of the imported run of each level, level by level in the order requests ended. */
  records: RequestRecord[];
  levels: LevelSummary[];
  gpu: GpuSample[];
  process: ProcessSample[];
  /** What the files cannot tell or got wrong, one line each; shown by every reader of the run. */
  warnings: string[];
  startedAt: number;
  endedAt: number;
}

interface LevelImport {
  records: RequestRecord[];
  summary: LevelSummary;
  gpu: GpuSample[];
  process: ProcessSample[];
  droppedGpu: number;
  droppedProcess: number;
  warnings: string[];
}

/**
 * Reads a model folder of the study (`<model>/test_results_N/`). Where a level's files hold several runs
 * appended together, the last run is imported — the one its gpu_metrics.csv (recreated per run) and the
 * newest process files describe — and the earlier rows are counted in a warning, never mixed in.
 */
export async function readStudyResults(modelDir: string): Promise<StudyResults> {
  const dir = resolve(modelDir);
  const folders = await listLevelFolders(dir);
  const folderName = basename(dir);
  const levels: LevelImport[] = [];
  for (const folder of folders) levels.push(await importLevel(folder));

  const records = levels.flatMap((l) => l.records);
  const summaries = levels.map((l) => l.summary);
  const gpu = levels.flatMap((l) => l.gpu).sort((a, b) => a.t - b.t);
  const process = assignRoles(levels.flatMap((l) => l.process)).sort((a, b) => a.t - b.t || a.pid - b.pid);
  const droppedGpu = levels.reduce((n, l) => n + l.droppedGpu, 0);
  const droppedProcess = levels.reduce((n, l) => n + l.droppedProcess, 0);

  const warnings = [
    'Token counts are words, not tokens: the study\'s client split each streamed chunk on spaces (tokenSource "words"), so every tokens/s and throughput figure of this run is words/s and overstates the real rate.',
    'Request times are reconstructed: the files keep no start times, so each level starts at its end (duration_metrics.csv, 1 s resolution) minus its longest request; E2E = TTFB + TotalDuration (the study\'s duration left the wait out).',
    ...levels.flatMap((l) => l.warnings),
  ];
  if (gpu.length > 0) {
    warnings.push(
      'GPU usage is not imported: the study\'s gpu_metrics.csv says 100 % in every sample (its powermetrics parser failed on padded values); GPU power and frequency are kept.',
    );
  }
  if (process.length > 0) {
    warnings.push(
      'Server processes were found by `pgrep ollama`; CPU % is macOS ps\'s decaying average, not per interval; the model runner is taken to be the process with the most memory.',
    );
  }
  if (droppedGpu + droppedProcess > 0) {
    warnings.push(
      `${droppedGpu} GPU and ${droppedProcess} process samples fall outside their level's time and are left out (the study's GPU sampler kept writing after its level ended; process files of earlier runs stayed in the folders).`,
    );
  }
  return {
    modelDir: dir,
    model: modelFromFolderName(folderName),
    folderName,
    records,
    levels: summaries,
    gpu,
    process,
    warnings,
    startedAt: minOf(summaries.map((s) => s.startedAt)),
    endedAt: maxOf(summaries.map((s) => s.endedAt)),
  };
}

async function importLevel(folder: LevelFolder): Promise<LevelImport> {
  const { concurrency, name } = folder;
  if (!folder.files.includes('request_summary.csv')) {
    throw new LegacyFormatError(`${folder.dir} has no request_summary.csv`);
  }
  const requestsFile = join(folder.dir, 'request_summary.csv');
  const { runs, rows, last: imported } = await lastRun(requestsFile, requestRows(requestsFile), concurrency);
  const warnings: string[] = [];

  const runEnds = folder.files.includes('duration_metrics.csv') ? await readRunEnds(join(folder.dir, 'duration_metrics.csv')) : [];
  if (runs > 1) {
    const ends = runEnds.length > 0 ? ` (runs ended ${runEnds.map((e) => e.raw).join(', ')})` : '';
    warnings.push(
      `${name}: ${runs} runs were appended into one request_summary.csv${ends}; only the last (${count(imported.length, 'request')}) is imported, ${count(rows - imported.length, 'row')} of earlier runs left out.`,
    );
  }
  if (runEnds.length > 0 && runEnds.length !== runs) {
    warnings.push(`${name}: duration_metrics.csv records ${runEnds.length} runs but request_summary.csv holds ${runs}; the last end time is used.`);
  }

  const longestMs = maxOf(imported.map(rowE2eMs), 0);
  const lastEnd = runEnds[runEnds.length - 1];
  // With the level's end known, samples outside its window are counted as they stream in, never held.
  const known = lastEnd ? telemetryWindow(Math.round(lastEnd.t - longestMs), lastEnd.t) : null;
  const telemetry = await readLevelTelemetry(folder, known ?? undefined);
  if (telemetry.skipped > 0) {
    warnings.push(`${name}: ${count(telemetry.skipped, 'damaged telemetry row')} skipped (${telemetry.firstSkipped}${telemetry.skipped > 1 ? ', …' : ''}).`);
  }

  let endedAt: number;
  if (lastEnd) endedAt = lastEnd.t;
  else if (telemetry.process.length > 0) {
    endedAt = telemetry.process.reduce((latest, s) => Math.max(latest, s.t), -Infinity);
    warnings.push(`${name}: no duration_metrics.csv row; the level's end is taken from its last process sample.`);
  } else {
    throw new LegacyFormatError(`${folder.dir}: no duration_metrics.csv row and no process samples; the level's time is unknown`);
  }
  const startedAt = Math.round(endedAt - longestMs);

  const records = imported.map((row) => rowToRecord(row, concurrency, startedAt));
  const failed = imported.filter((row) => !isCompleted(row));
  if (failed.length > 0) {
    const kinds = [...new Set(failed.map((r) => `${r.statusCode} "${r.status}"`))].join(', ');
    const tokenless = failed.every((r) => r.tokenCount === 0) ? ', none got a token' : '';
    warnings.push(
      `${name}: ${failed.length} of ${imported.length} requests failed (${kinds}${tokenless}); the study averaged them in as zeros, here they are errors.`,
    );
  }

  const inWindow = known ?? telemetryWindow(startedAt, endedAt);
  const gpu = telemetry.gpu.filter((s) => inWindow(s.t));
  const process = telemetry.process.filter((s) => inWindow(s.t));
  return {
    records,
    summary: summarizeLevel(records, { concurrency, mode: 'burst', startedAt, endedAt }),
    gpu,
    process,
    droppedGpu: telemetry.droppedGpu + telemetry.gpu.length - gpu.length,
    droppedProcess: telemetry.droppedProcess + telemetry.process.length - process.length,
    warnings,
  };
}

/** Whether a sample's time falls within TELEMETRY_SLACK_MS of a level's window. */
function telemetryWindow(startedAt: number, endedAt: number): KeepSample {
  const from = startedAt - TELEMETRY_SLACK_MS;
  const to = endedAt + TELEMETRY_SLACK_MS;
  return (t) => t >= from && t <= to;
}

/** The rows of a request_summary.csv, parsed as they stream in. */
async function* requestRows(file: string): AsyncGenerator<StudyRequestRow> {
  for await (const row of studyCsvRows(file, STUDY_REQUEST_COLUMNS)) yield parseRequestRow(file, row);
}

interface LevelTelemetry {
  gpu: GpuSample[];
  process: ProcessSample[];
  skipped: number;
  firstSkipped: string | null;
  droppedGpu: number;
  droppedProcess: number;
}

/** The telemetry samples of a level folder that `keep` accepts (all without it), and what was left out. */
async function readLevelTelemetry(folder: LevelFolder, keep?: KeepSample): Promise<LevelTelemetry> {
  const processFiles = folder.files.filter((f) => PROCESS_FILE_PATTERN.test(f));
  const processRead: Array<StudySamples<ProcessSample>> = [];
  for (const f of processFiles) processRead.push(await readProcessSamples(join(folder.dir, f), keep));
  const gpuRead = folder.files.includes('gpu_metrics.csv') ? [await readGpuSamples(join(folder.dir, 'gpu_metrics.csv'), keep)] : [];
  const all = [...gpuRead, ...processRead];
  return {
    gpu: gpuRead.flatMap((r) => r.samples),
    process: processRead.flatMap((r) => r.samples),
    skipped: all.reduce((n, r) => n + r.skipped, 0),
    firstSkipped: all.find((r) => r.firstSkipped !== null)?.firstSkipped ?? null,
    droppedGpu: gpuRead.reduce((n, r) => n + r.dropped, 0),
    droppedProcess: processRead.reduce((n, r) => n + r.dropped, 0),
  };
}

/** End time of each run, in file order: the tool wrote one duration_metrics.csv row as a run finished. */
async function readRunEnds(file: string): Promise<Array<{ t: number; raw: string }>> {
  const ends: Array<{ t: number; raw: string }> = [];
  for await (const row of studyCsvRows(file, ['Timestamp'])) ends.push({ t: timeCell(file, row, 'Timestamp'), raw: row.get('Timestamp') });
  return ends;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
