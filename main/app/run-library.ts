// The app's view of <userData>/runs: list, read, delete run folders, by id only. Ids are checked
// against the run-id pattern and resolved inside the runs folder, so no payload can reach another path.
import { readFile, rm } from 'node:fs/promises';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import { levelDescription } from '../../common/levels.js';
import type { LevelSummary, RequestRecord, RunSummary } from '../../common/results.js';
import { type VerdictThresholds } from '../../common/findings.js';
import { buildReportModel } from '../report/report-model.js';
import { RUN_FILES } from '../store/run-folder.js';
import { isValidRunId } from '../store/run-id.js';
import { isProcessAlive, readLockPid } from '../store/run-lock.js';
import { listRuns, openRunFolder, readJsonl, readManifest, type OpenedRun } from '../store/run-reader.js';
import { isRunSummary } from '../store/run-validation.js';
import type { RunDetail, RunListItem } from '../../common/api.js';
import type { TargetInfo } from '../../common/run-manifest.js';
import { withoutPlayback } from './run-events.js';

/** A request the app refuses (unknown run, bad id); the message is one line for the UI. */
export class RunLibraryError extends Error {
  override name = 'RunLibraryError';
}

export class RunLibrary {
  readonly runsDir: string;

  constructor(runsDir: string) {
    this.runsDir = resolve(runsDir);
  }

  /** `<runsDir>/<id>`, only for a well-formed id that stays inside runsDir. */
  dirOf(runId: string): string {
    if (!isValidRunId(runId) || runId === '.' || runId === '..') throw new RunLibraryError(`invalid run id ${JSON.stringify(runId)}`);
    const dir = resolve(this.runsDir, runId);
    const rel = relative(this.runsDir, dir);
    if (rel === '' || rel.startsWith('..') || rel.includes(sep) || isAbsolute(rel)) {
      throw new RunLibraryError(`invalid run id ${JSON.stringify(runId)}`);
    }
    return dir;
  }

  async list(): Promise<RunListItem[]> {
    const runs = await listRuns(this.runsDir);
    return Promise.all(
      runs.map(async (run): Promise<RunListItem> => {
        const levels = await readSummaryLevels(run.dir);
        return {
          id: run.id,
          status: run.status,
          startedAt: run.startedAt,
          model: run.target.model,
          url: run.target.url,
          levels: run.config.concurrency,
          headline: headline(levels.at(-1)),
          imported: isImported(run.target),
        };
      }),
    );
  }

  async open(runId: string): Promise<OpenedRun> {
    const dir = this.dirOf(runId);
    try {
      return await openRunFolder(dir);
    } catch (err) {
      throw new RunLibraryError(`no run ${runId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Throws RunLibraryError unless `runId` names a run folder (valid run.json). */
  async assertExists(runId: string): Promise<void> {
    const dir = this.dirOf(runId);
    try {
      await readManifest(dir);
    } catch (err) {
      throw new RunLibraryError(`no run ${runId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The run's report model for the UI (the same one every report is rendered from), its records without playback. */
  async detail(runId: string, thresholds: VerdictThresholds): Promise<RunDetail> {
    const model = await buildReportModel(await this.open(runId), thresholds);
    return { ...model, requests: model.requests.map(withoutPlayback) };
  }

  async request(runId: string, level: number, index: number): Promise<RequestRecord> {
    const run = await this.open(runId);
    const found = run.requests.find((r) => r.level === level && r.index === index);
    if (!found) throw new RunLibraryError(`run ${runId} has no request ${index} at level ${level}`);
    return found;
  }

  /**
   * Removes the folder; only a real run folder (valid run.json) directly inside runsDir, and never one
   * whose run.lock names a live process: that run is still being written (by `tokenbench run`, another
   * app window's run), and deleting it would pull the folder from under its writer.
   */
  async delete(runId: string): Promise<void> {
    await this.assertExists(runId);
    const dir = this.dirOf(runId);
    const writer = await readLockPid(join(dir, RUN_FILES.lock));
    if (writer !== null && isProcessAlive(writer)) {
      throw new RunLibraryError(`run ${runId} is still being written by process ${writer}; stop that run first`);
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * An importer records what a run was read from in `target.modelDetails.importedFrom` (docs/run-format.md);
 * a measured run's details come from the server, which has no such key. Every version of `import-legacy`
 * wrote it, so older imports need no other sign.
 */
function isImported(target: TargetInfo): boolean {
  return typeof target.modelDetails?.['importedFrom'] === 'string';
}

async function readSummaryLevels(dir: string): Promise<LevelSummary[]> {
  try {
    const value: unknown = JSON.parse(await readFile(join(dir, RUN_FILES.summary), 'utf8'));
    return isRunSummary(value) ? (value as RunSummary).levels : [];
  } catch {
    return [];
  }
}

/** "4 parallel · 19.9 t/s · TTFT 0.38 s" of a level (the last one in the list). */
export function headline(level: LevelSummary | undefined): string | null {
  if (!level) return null;
  const parts = [levelDescription(level)];
  if (level.tokensPerSecond) parts.push(`${level.tokensPerSecond.mean.toFixed(1)} t/s`);
  if (level.ttftMs) parts.push(`TTFT ${(level.ttftMs.mean / 1000).toFixed(2)} s`);
  if (level.errors > 0) parts.push(`${level.errors} errors`);
  return parts.join(' · ');
}
