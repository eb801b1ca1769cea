import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { levelKey, levelLabel, recordLevelKey } from '../../common/levels.js';
import { levelWindowFromRecords, summarizeLevel, type LevelWindow } from '../metrics/level-summary.js';
import { runSummary } from '../metrics/run-summary.js';
import type { LevelSummary, RequestRecord, RequestStart, RunSummary } from '../../common/results.js';
import { readJsonl } from './jsonl-reader.js';
import { readRunFile, UnsafeRunFileError } from './run-file.js';
import { DamagedRunFolderError, RUN_FILES, RunFolderError } from './run-folder.js';
import { isProcessAlive, readLockPid } from './run-lock.js';
import { checkLevelSummary, checkManifest, checkRequestRecord, checkRequestStart, checkSummaryFile } from './run-validation.js';
import { errorCode } from './store-fs.js';
import type { RunManifest } from '../../common/run-manifest.js';

export { readJsonl, type JsonlContent } from './jsonl-reader.js';

export interface OpenedRun {
  dir: string;
  /** As run.json says, except a dead `running` run reads `interrupted` (with its endedAt). */
  manifest: RunManifest;
  requests: RequestRecord[];
  /**
   * summary.json, plus — for an interrupted run — the level that was in flight, summarised from its records
   * and marked `interrupted` (how many were sent and lost, from starts.jsonl).
   */
  summary: RunSummary;
  /** Torn last lines skipped in requests.jsonl (0 or 1): the request being written when the run died. */
  tornLines: number;
  /** Damage found while reading, one line each; the UI shows them. */
  warnings: string[];
}

/** A run folder found by `listRuns`: its manifest (status as `openRunFolder` would read it) and where it is. */
export type ListedRun = RunManifest & { dir: string };

/** A folder with a run.json that cannot be used (DamagedRunFolderError): listed so the user sees why. */
export interface DamagedRun {
  /** The folder's name. */
  id: string;
  dir: string;
  /** One line, e.g. `run.json is damaged (target: Invalid input: expected object, received undefined)`. */
  reason: string;
}

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
    check: checkRequestRecord,
    what: 'request record',
  });
  for (const warning of requestsFile.warnings) warnings.push(warning);
  if (requestsFile.missing) warnings.push(`${join(dir, RUN_FILES.requests)} is missing; no requests recorded`);
  const requests = requestsFile.records;
  const storedSummary = await readRunSummary(dir, warnings);

  let manifest = stored;
  let summary = storedSummary;
  if (stored.status === 'running' && !(await writerIsAlive(dir))) {
    manifest = asInterrupted(stored, requests);
    summary = withLevelsInFlight(storedSummary, requests, await readStarts(dir, warnings), manifest);
  }
  return { dir, manifest, requests, summary, tornLines: requestsFile.tornLines, warnings };
}

/**
 * run.json of `dir`, checked against the manifest schema. A `RunFolderError` says why `dir` is not a run
 * folder; a `DamagedRunFolderError` (one of them) that it has a run.json that cannot be used.
 */
export async function readManifest(dir: string): Promise<RunManifest> {
  const file = join(dir, RUN_FILES.manifest);
  let text: string;
  try {
    text = await readRunFile(file);
  } catch (err) {
    if (err instanceof UnsafeRunFileError) throw new DamagedRunFolderError(dir, `run.json ${err.why}`, { cause: err });
    const code = errorCode(err);
    if (code === 'ENOENT') throw new RunFolderError(`${dir} is not a Tokenbench run folder: run.json is missing`, { cause: err });
    if (code === 'ENOTDIR') throw new RunFolderError(`${dir} is not a Tokenbench run folder: not a folder`, { cause: err });
    throw new DamagedRunFolderError(dir, `cannot read run.json (${code || String(err)})`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DamagedRunFolderError(dir, 'run.json is not valid JSON', { cause: err });
  }
  const checked = checkManifest(value);
  if (!checked.ok) throw new DamagedRunFolderError(dir, `run.json is damaged (${checked.problem})`);
  return checked.value;
}

/** Manifests of the run folders directly under `parentDir`, newest first; other folders are skipped. Never writes. */
export async function listRuns(parentDir: string): Promise<ListedRun[]> {
  return (await scanRunFolders(parentDir)).runs;
}

/**
 * Every folder directly under `parentDir` that has a run.json: the readable runs newest first (as `listRuns`),
 * and the damaged ones by name, each with its reason. One bad folder never hides the others. Never writes.
 */
export async function scanRunFolders(parentDir: string): Promise<{ runs: ListedRun[]; damaged: DamagedRun[] }> {
  let names: string[];
  try {
    const entries = await readdir(parentDir, { withFileTypes: true });
    names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { runs: [], damaged: [] };
    throw err;
  }
  const runs: ListedRun[] = [];
  const damaged: DamagedRun[] = [];
  await Promise.all(
    names.map(async (name) => {
      const dir = join(parentDir, name);
      let manifest: RunManifest;
      try {
        manifest = await readManifest(dir);
      } catch (err) {
        if (err instanceof DamagedRunFolderError) damaged.push({ id: name, dir, reason: err.reason });
        else if (!(err instanceof RunFolderError)) throw err;
        return;
      }
      if (manifest.status === 'running' && !(await writerIsAlive(dir))) manifest = { ...manifest, status: 'interrupted' };
      runs.push({ ...manifest, dir });
    }),
  );
  runs.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  damaged.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { runs, damaged };
}

/**
 * summary.json of `dir`, each level checked against the schema. Damage is a warning, never a throw: a file
 * that is not a plain file, not JSON or not `{levels: […]}` is ignored; a damaged level, or one given twice,
 * is left out and the others kept. No summary.json (no level finished yet) is no levels.
 */
export async function readRunSummary(dir: string, warnings: string[]): Promise<RunSummary> {
  const file = join(dir, RUN_FILES.summary);
  let text: string;
  try {
    text = await readRunFile(file);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { levels: [] };
    if (err instanceof UnsafeRunFileError) {
      warnings.push(`${err.message}; ignored`);
      return { levels: [] };
    }
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    warnings.push(`${file} is not valid JSON; ignored`);
    return { levels: [] };
  }
  const outer = checkSummaryFile(value);
  if (!outer.ok) {
    warnings.push(`${file} is damaged (${outer.problem}); ignored`);
    return { levels: [] };
  }
  const levels: LevelSummary[] = [];
  const seen = new Set<string>();
  outer.value.levels.forEach((entry, i) => {
    const level = checkLevelSummary(entry);
    if (!level.ok) warnings.push(`${file}: level entry ${i + 1} is damaged (${level.problem}); left out`);
    else if (seen.has(levelKey(level.value))) warnings.push(`${file}: level ${levelLabel(level.value)} appears twice; the first is kept`);
    else {
      seen.add(levelKey(level.value));
      levels.push(level.value);
    }
  });
  // What is read across levels (repeats, a sweep's course) is rebuilt from the checked levels, never taken on trust.
  return runSummary(levels);
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

/** What starts.jsonl says of one level: how many distinct requests started, and when the first and last did. */
interface LevelStarts {
  /** The first start line of the level: its concurrency and, for planned levels, its place and repeat. */
  identity: RequestStart;
  indexes: Set<number>;
  first: number;
  last: number;
}

/** starts.jsonl by level (recordLevelKey); null when the run folder has none (written before starts were recorded). */
async function readStarts(dir: string, warnings: string[]): Promise<Map<string, LevelStarts> | null> {
  const file = await readJsonl<RequestStart>(join(dir, RUN_FILES.starts), { check: checkRequestStart, what: 'request start' });
  for (const warning of file.warnings) warnings.push(warning);
  if (file.missing) return null;
  const byLevel = new Map<string, LevelStarts>();
  for (const start of file.records) {
    const key = recordLevelKey(start);
    const level = byLevel.get(key);
    if (!level) byLevel.set(key, { identity: start, indexes: new Set([start.index]), first: start.startedAt, last: start.startedAt });
    else {
      level.indexes.add(start.index);
      level.first = Math.min(level.first, start.startedAt);
      level.last = Math.max(level.last, start.startedAt);
    }
  }
  return byLevel;
}

/**
 * summary.json's levels, then each level that started but has no summary — the one in flight when the run
 * died — summarised from the records that reached the disk and marked `interrupted`: how many requests were
 * sent (starts.jsonl) and how many of those left no record (lost in flight, outcome unknown). Levels are
 * told apart by their key (common/levels.ts): rate levels that share a cap by their place in the plan.
 */
function withLevelsInFlight(
  summary: RunSummary,
  requests: RequestRecord[],
  starts: Map<string, LevelStarts> | null,
  manifest: RunManifest,
): RunSummary {
  const summarised = new Set(summary.levels.map(levelKey));
  const unsummarised = new Map<string, RequestRecord[]>();
  for (const record of requests) {
    const key = recordLevelKey(record);
    if (summarised.has(key)) continue;
    const records = unsummarised.get(key);
    if (records) records.push(record);
    else unsummarised.set(key, [record]);
  }
  // A level killed before any of its requests ended has starts and no record.
  for (const key of starts?.keys() ?? []) {
    if (!summarised.has(key) && !unsummarised.has(key)) unsummarised.set(key, []);
  }
  if (unsummarised.size === 0) return summary;
  const { config } = manifest;
  const mode: LevelWindow['mode'] = config.mode === 'burst' || config.mode === 'rate' ? config.mode : 'sustained';
  const added: LevelSummary[] = [];
  for (const [key, records] of unsummarised) {
    const started = starts?.get(key);
    const window = inFlightWindow(records, started, mode);
    // Lines of starts.jsonl a power loss took would make records outnumber starts: every record was sent.
    const sent = starts ? Math.max(started?.indexes.size ?? 0, records.length) : null;
    const interrupted = { sent, lost: sent === null ? null : sent - records.length };
    added.push({ ...summarizeLevel(records, window, { slo: config.slo }), interrupted });
  }
  added.sort((a, b) => (a.levelIndex ?? a.concurrency) - (b.levelIndex ?? b.concurrency) || (a.repeat ?? 0) - (b.repeat ?? 0));
  return runSummary([...summary.levels, ...added]);
}

/** The records' window, opened back to the first start and, with no record, closed at the last start. */
function inFlightWindow(records: readonly RequestRecord[], started: LevelStarts | undefined, mode: LevelWindow['mode']): LevelWindow {
  const concurrency = records[0]?.level ?? started?.identity.level ?? 0;
  const window = levelWindowFromRecords(records, concurrency, mode);
  if (!started) return window;
  if (records.length === 0) {
    const { identity } = started;
    const empty: LevelWindow = { concurrency, mode: identity.mode ?? mode, startedAt: started.first, endedAt: started.last };
    if (identity.levelIndex !== undefined) empty.levelIndex = identity.levelIndex;
    if (identity.repeat !== undefined) empty.repeat = identity.repeat;
    if (identity.rate !== undefined) empty.rate = identity.rate;
    return empty;
  }
  return { ...window, startedAt: Math.min(window.startedAt, started.first) };
}
