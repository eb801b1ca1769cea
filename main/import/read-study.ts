import { basename, join, resolve } from 'node:path';
import { summarizeLevel } from '../metrics/level-summary.js';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';
import { LegacyFormatError, readStudyCsv, timeCell } from './csv-table.js';
import { isCompleted, parseRequestRow, rowE2eMs, rowToRecord, splitRuns, STUDY_REQUEST_COLUMNS } from './request-rows.js';
import { listLevelFolders, modelFromFolderName, type LevelFolder } from './study-folder.js';
import { assignRoles, PROCESS_FILE_PATTERN, readGpuSamples, readProcessSamples } from './telemetry-rows.js';
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
  const rows = (await readStudyCsv(requestsFile, STUDY_REQUEST_COLUMNS)).map((row) => parseRequestRow(requestsFile, row));
  const runs = splitRuns(requestsFile, rows, concurrency);
  const imported = runs[runs.length - 1] ?? [];
  const warnings: string[] = [];

  const runEnds = folder.files.includes('duration_metrics.csv') ? await readRunEnds(join(folder.dir, 'duration_metrics.csv')) : [];
  if (runs.length > 1) {
    const ends = runEnds.length > 0 ? ` (runs ended ${runEnds.map((e) => e.raw).join(', ')})` : '';
    warnings.push(
      `${name}: ${runs.length} runs were appended into one request_summary.csv${ends}; only the last (${count(imported.length, 'request')}) is imported, ${count(rows.length - imported.length, 'row')} of earlier runs left out.`,
    );
  }
  if (runEnds.length > 0 && runEnds.length !== runs.length) {
    warnings.push(`${name}: duration_metrics.csv records ${runEnds.length} runs but request_summary.csv holds ${runs.length}; the last end time is used.`);
  }

  const { gpu: allGpu, process: allProcess, skipped } = await readLevelTelemetry(folder);
  if (skipped.length > 0) {
    warnings.push(`${name}: ${count(skipped.length, 'damaged telemetry row')} skipped (${skipped[0]}${skipped.length > 1 ? ', …' : ''}).`);
  }

  const lastEnd = runEnds[runEnds.length - 1];
  let endedAt: number;
  if (lastEnd) endedAt = lastEnd.t;
  else if (allProcess.length > 0) {
    endedAt = allProcess.reduce((latest, s) => Math.max(latest, s.t), -Infinity);
    warnings.push(`${name}: no duration_metrics.csv row; the level's end is taken from its last process sample.`);
  } else {
    throw new LegacyFormatError(`${folder.dir}: no duration_metrics.csv row and no process samples; the level's time is unknown`);
  }
  const longestMs = maxOf(imported.map(rowE2eMs), 0);
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

  const from = startedAt - TELEMETRY_SLACK_MS;
  const to = endedAt + TELEMETRY_SLACK_MS;
  const inWindow = (s: { t: number }) => s.t >= from && s.t <= to;
  const gpu = allGpu.filter(inWindow);
  const process = allProcess.filter(inWindow);
  return {
    records,
    summary: summarizeLevel(records, { concurrency, mode: 'burst', startedAt, endedAt }),
    gpu,
    process,
    droppedGpu: allGpu.length - gpu.length,
    droppedProcess: allProcess.length - process.length,
    warnings,
  };
}

/** Every telemetry sample of a level folder, and the damaged rows skipped. */
async function readLevelTelemetry(folder: LevelFolder): Promise<{ gpu: GpuSample[]; process: ProcessSample[]; skipped: string[] }> {
  const processFiles = folder.files.filter((f) => PROCESS_FILE_PATTERN.test(f));
  const processRead = await Promise.all(processFiles.map((f) => readProcessSamples(join(folder.dir, f))));
  const gpuRead = folder.files.includes('gpu_metrics.csv') ? [await readGpuSamples(join(folder.dir, 'gpu_metrics.csv'))] : [];
  return {
    gpu: gpuRead.flatMap((r) => r.samples),
    process: processRead.flatMap((r) => r.samples),
    skipped: [...gpuRead, ...processRead].flatMap((r) => r.skipped),
  };
}

/** End time of each run, in file order: the tool wrote one duration_metrics.csv row as a run finished. */
async function readRunEnds(file: string): Promise<Array<{ t: number; raw: string }>> {
  const rows = await readStudyCsv(file, ['Timestamp']);
  return rows.map((row) => ({ t: timeCell(file, row, 'Timestamp'), raw: row.get('Timestamp') }));
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
