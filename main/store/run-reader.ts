import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { levelKey, recordLevelKey } from '../../common/levels.js';
import { summarizeRun } from '../metrics/level-summary.js';
import type { RequestRecord, RunSummary } from '../../common/results.js';
import { readJsonl } from './jsonl-reader.js';
import { readRunFile, UnsafeRunFileError } from './run-file.js';
import { RUN_FILES, RunFolderError } from './run-folder.js';
import { isProcessAlive, readLockPid } from './run-lock.js';
import { isRequestRecord, isRunSummary, manifestProblem } from './run-validation.js';
import { errorCode } from './store-fs.js';
import type { RunManifest } from '../../common/run-manifest.js';

export { readJsonl, type JsonlContent } from './jsonl-reader.js';

export interface OpenedRun {
  dir: string;
  /** As run.json says, except a dead `running` run reads `interrupted` (with its endedAt). */
  manifest: RunManifest;
  requests: RequestRecord[];
  /** summary.json, plus — for an interrupted run — the level that was in flight, summarised from its records. */
  summary: RunSummary;
  /** Torn last lines skipped in requests.jsonl (0 or 1): the request being written when the run died. */
  tornLines: number;
  /** Damage found while reading, one line each; the UI shows them. */
  warnings: string[];
}

/** A run folder found by `listRuns`: its manifest (status as `openRunFolder` would read it) and where it is. */
export type ListedRun = RunManifest & { dir: string };

/**
 * Reads a run folder, whatever state a crash left it in. A `running` run whose writer is gone (lock missing,
 * or its pid dead) is `interrupted`: everything that finished is kept, and the level in flight is summarised
 * from its records.
 *
 * Never writes: a run folder may come from anyone, and reading one must not turn into writing through
 * whatever its names point at. An interrupted run is interrupted in what this returns, every time it is
 * read; its run.json keeps saying `running` (docs/run-format.md § Interrupted runs).
 */
export async function openRunFolder(dir: string): Promise<OpenedRun> {
  const stored = await readManifest(dir);
  const warnings: string[] = [];
  const requestsFile = await readJsonl<RequestRecord>(join(dir, RUN_FILES.requests), {
    accept: isRequestRecord,
    what: 'request record',
  });
  for (const warning of requestsFile.warnings) warnings.push(warning);
  if (requestsFile.missing) warnings.push(`${join(dir, RUN_FILES.requests)} is missing; no requests recorded`);
  const requests = requestsFile.records;
  const storedSummary = await readSummary(dir, warnings);

  let manifest = stored;
  if (stored.status === 'running' && !(await writerIsAlive(dir))) manifest = asInterrupted(stored, requests);

  let summary = storedSummary;
  if (manifest.status === 'interrupted') summary = withLevelsInFlight(storedSummary, requests, manifest);
  return { dir, manifest, requests, summary, tornLines: requestsFile.tornLines, warnings };
}

/** run.json of `dir`, validated; a `RunFolderError` says why `dir` is not a run folder. */
export async function readManifest(dir: string): Promise<RunManifest> {
  const file = join(dir, RUN_FILES.manifest);
  let text: string;
  try {
    text = await readRunFile(file);
  } catch (err) {
    const code = errorCode(err);
    const why =
      err instanceof UnsafeRunFileError
        ? `run.json ${err.why}`
        : code === 'ENOENT'
          ? 'run.json is missing'
          : code === 'ENOTDIR'
            ? 'not a folder'
            : `cannot read run.json (${code || String(err)})`;
    throw new RunFolderError(`${dir} is not a Tokenbench run folder: ${why}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new RunFolderError(`${dir} is not a Tokenbench run folder: run.json is not valid JSON`, { cause: err });
  }
  const problem = manifestProblem(value);
  if (problem) throw new RunFolderError(`${dir} is not a Tokenbench run folder: ${problem}`);
  return value as RunManifest;
}

/** Manifests of the run folders directly under `parentDir`, newest first; other folders are skipped. Never writes. */
export async function listRuns(parentDir: string): Promise<ListedRun[]> {
  let names: string[];
  try {
    const entries = await readdir(parentDir, { withFileTypes: true });
    names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return [];
    throw err;
  }
  const found = await Promise.all(
    names.map(async (name): Promise<ListedRun | null> => {
      const dir = join(parentDir, name);
      let manifest: RunManifest;
      try {
        manifest = await readManifest(dir);
      } catch (err) {
        if (err instanceof RunFolderError) return null;
        throw err;
      }
      if (manifest.status === 'running' && !(await writerIsAlive(dir))) manifest = { ...manifest, status: 'interrupted' };
      return { ...manifest, dir };
    }),
  );
  return found
    .filter((run): run is ListedRun => run !== null)
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

async function readSummary(dir: string, warnings: string[]): Promise<RunSummary> {
  const file = join(dir, RUN_FILES.summary);
  let text: string;
  try {
    text = await readRunFile(file);
  } catch (err) {
    // No level finished yet.
    if (errorCode(err) === 'ENOENT') return { levels: [] };
    if (err instanceof UnsafeRunFileError) {
      warnings.push(`${err.message}; ignored`);
      return { levels: [] };
    }
    throw err;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (isRunSummary(value)) return value;
    warnings.push(`${file} has no "levels" list; ignored`);
  } catch {
    warnings.push(`${file} is not valid JSON; ignored`);
  }
  return { levels: [] };
}

async function writerIsAlive(dir: string): Promise<boolean> {
  const pid = await readLockPid(join(dir, RUN_FILES.lock));
  return pid !== null && isProcessAlive(pid);
}

/** The run ended when its last finished request did (or, with none, when it started). */
function asInterrupted(manifest: RunManifest, requests: RequestRecord[]): RunManifest {
  let endedAt = Date.parse(manifest.startedAt);
  for (const record of requests) endedAt = Math.max(endedAt, recordEnd(record));
  return {
    ...manifest,
    status: 'interrupted',
    endedAt: new Date(endedAt).toISOString(),
    reason: manifest.reason ?? 'the process writing the run stopped before the run finished',
  };
}

/** t0 + E2E; for a request that never ended (an error), the last moment it was seen, as level windows do. */
function recordEnd(record: RequestRecord): number {
  return record.startedAt + (record.e2eMs ?? record.lastTokenMs ?? record.ttftMs ?? record.firstByteMs ?? 0);
}

/** summary.json's levels, then a summary of each level that has records but no summary (the one in flight). */
function withLevelsInFlight(summary: RunSummary, requests: RequestRecord[], manifest: RunManifest): RunSummary {
  const summarised = new Set(summary.levels.map(levelKey));
  const unsummarised = requests.filter((record) => !summarised.has(recordLevelKey(record)));
  if (unsummarised.length === 0) return summary;
  const { config } = manifest;
  const added = summarizeRun(unsummarised, [], config.mode === 'burst' || config.mode === 'rate' ? config.mode : 'sustained', { slo: config.slo }).levels;
  return { ...summary, levels: [...summary.levels, ...added] };
}
