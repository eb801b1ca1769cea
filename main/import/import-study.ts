import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { DEFAULT_PROMPT, recordedRunConfigSchema, type RunConfig } from '../../common/run-config.js';
import { isValidRunId } from '../store/run-id.js';
import { RunFolderError } from '../store/run-folder.js';
import { createRunFolder } from '../store/run-writer.js';
import type { HostInfo, RunManifest, TargetInfo } from '../../common/run-manifest.js';
import { readStudyResults, type StudyResults } from './read-study.js';
import { STUDY_GPU_SOURCE } from './telemetry-rows.js';

/** The study's client always called this server (hard-coded in its Go source), with this prompt. */
const STUDY_URL = 'http://localhost:11434';
/** The study's tool paused 10 s between levels. */
const STUDY_COOLDOWN_MS = 10_000;
/**
 * `target.modelDetails.importedFrom` of every imported run: the format it was read from. Its presence is
 * what marks a run as imported (the app's history badge); the study's folder name goes beside it.
 */
export const STUDY_FOLDER_FORMAT = "the study's test_results_N folders";

/** The files record nothing of the machine; the study's write-up names one, but its data does not. */
const UNKNOWN_HOST: HostInfo = {
  os: 'unknown',
  osVersion: 'unknown',
  arch: 'unknown',
  cpuModel: 'unknown',
  cpuCores: 0,
  ramBytes: 0,
  gpu: null,
};

export interface ImportedStudy {
  /** The run folder written. */
  dir: string;
  manifest: RunManifest;
  results: StudyResults;
}

/**
 * Imports one model folder of the study into a new run folder at `outDir` (its name is the run id).
 * Never overwrites: an existing `outDir` is a RunFolderError. On any failure after the folder was created,
 * the folder is removed, so the import leaves either a complete run or nothing.
 */
export async function importStudy(modelDir: string, outDir: string, toolVersion: string): Promise<ImportedStudy> {
  const target = resolve(outDir);
  const id = basename(target);
  if (!isValidRunId(id)) {
    throw new RunFolderError(`--out: the folder name ${JSON.stringify(id)} is not a valid run id; use [A-Za-z0-9._-], at most 80 characters`);
  }
  // Refuse before reading the study; createRunFolder refuses again if the folder appears meanwhile.
  if (existsSync(target)) throw new RunFolderError(`${target} already exists; a run folder is never overwritten`);
  const results = await readStudyResults(modelDir);
  const manifest = buildManifest(results, id, dirname(target), toolVersion);

  const writer = await createRunFolder(dirname(target), { ...manifest, status: 'running', endedAt: null });
  try {
    for (const record of results.records) writer.appendRequest(record);
    if (results.gpu.length > 0) {
      const gpu = writer.openTelemetry('gpu');
      for (const sample of results.gpu) gpu.append(sample);
    }
    if (results.process.length > 0) {
      const processOut = writer.openTelemetry('process');
      for (const sample of results.process) processOut.append(sample);
    }
    writer.flush();
    writer.writeSummary({ levels: results.levels });
    writer.setStatus('completed', { endedAt: manifest.endedAt ?? undefined });
    writer.close();
  } catch (err) {
    try {
      writer.close();
    } finally {
      await rm(writer.dir, { recursive: true, force: true });
    }
    throw err;
  }
  return { dir: writer.dir, manifest: writer.manifest, results };
}

function buildManifest(results: StudyResults, id: string, parentDir: string, toolVersion: string): RunManifest {
  // Every field said here (nothing from today's defaults: no sample interval or endpoint is known).
  const config = recordedRunConfigSchema.parse({
    url: STUDY_URL,
    api: 'ollama',
    model: results.model,
    concurrency: results.levels.map((l) => l.concurrency),
    mode: 'burst',
    prompt: DEFAULT_PROMPT,
    cooldownMs: STUDY_COOLDOWN_MS,
    warmup: false,
    // 0 = none: the study's client had neither a request nor an idle timeout.
    timeoutMs: 0,
    idleTimeoutMs: 0,
    telemetry: 'auto',
    outDir: parentDir,
  } satisfies RunConfig);
  const target: TargetInfo = {
    url: STUDY_URL,
    api: 'ollama',
    serverVersion: null,
    model: results.model,
    modelDetails: { importedFrom: STUDY_FOLDER_FORMAT, studyFolder: results.folderName },
  };
  return {
    id,
    tool: { name: 'tokenbench', version: toolVersion },
    status: 'completed',
    startedAt: new Date(results.startedAt).toISOString(),
    endedAt: new Date(results.endedAt).toISOString(),
    config,
    target,
    host: UNKNOWN_HOST,
    telemetry: {
      gpu:
        results.gpu.length > 0
          ? { available: true, source: STUDY_GPU_SOURCE, reason: 'power and frequency only; the study\'s usage column is a parsing bug (always 100 %)' }
          : { available: false, reason: 'no gpu_metrics.csv samples in the study\'s folders' },
      process:
        results.process.length > 0
          ? { available: true, source: 'ps/lsof (study, pgrep ollama)' }
          : { available: false, reason: 'no process_<pid>_metrics.csv samples in the study\'s folders' },
    },
    warnings: results.warnings,
  };
}
