// The app's view of <userData>/runs: list, read, delete run folders, by id only. Ids are checked
// against the run-id pattern and resolved inside the runs folder, so no payload can reach another path.
import { rm } from 'node:fs/promises';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import type { RequestRecord } from '../../common/results.js';
import { type VerdictThresholds } from '../../common/findings.js';
import { buildReportModel } from '../report/report-model.js';
import { DamagedRunFolderError, RUN_FILES } from '../store/run-folder.js';
import { isValidRunId } from '../store/run-id.js';
import { isProcessAlive, readLockPid } from '../store/run-lock.js';
import { openRunFolder, readManifest, readRunSummary, scanRunFolders, type OpenedRun } from '../store/run-reader.js';
import type { RunDetail, RunListItem } from '../../common/api.js';
import type { TargetInfo } from '../../common/run-manifest.js';
import { headline } from '../../common/level-headline.js';
import { withoutPlayback } from './run-events.js';
import { isDemoTarget } from '../../common/demo-model.js';
import { isOfPlacement, type LevelPlacement } from '../../common/levels.js';

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

  /** Every run folder, newest first, then the damaged ones (a run.json that cannot be used), each with its reason. */
  async list(): Promise<RunListItem[]> {
    const { runs, damaged } = await scanRunFolders(this.runsDir);
    const readable = await Promise.all(
      runs.map(async (run): Promise<RunListItem> => {
        // Damage in summary.json shows when the run is opened; the list only needs its last level.
        const { levels } = await readRunSummary(run.dir, []);
        return {
          id: run.id,
          status: run.status,
          startedAt: run.startedAt,
          model: run.target.model,
          url: run.target.url,
          levels: run.config.concurrency,
          headline: headline(levels.at(-1), isDemoTarget(run.target)),
          imported: isImported(run.target),
          damaged: null,
        };
      }),
    );
    // Only folders the app can address (a valid run id) are listed: the others could be neither opened nor deleted.
    const unreadable = damaged
      .filter((run) => isValidRunId(run.id))
      .map(
        (run): RunListItem => ({
          id: run.id,
          status: 'damaged',
          startedAt: '',
          model: '',
          url: '',
          levels: [],
          headline: null,
          imported: false,
          damaged: run.reason,
        }),
      );
    return [...readable, ...unreadable];
  }

  async open(runId: string): Promise<OpenedRun> {
    const dir = this.dirOf(runId);
    try {
      return await openRunFolder(dir);
    } catch (err) {
      throw libraryError(runId, err);
    }
  }

  /** Throws RunLibraryError unless `runId` names a run folder (valid run.json). */
  async assertExists(runId: string): Promise<void> {
    const dir = this.dirOf(runId);
    try {
      await readManifest(dir);
    } catch (err) {
      throw libraryError(runId, err);
    }
  }

  /** The run's report model for the UI (the same one every report is rendered from), its records without playback. */
  async detail(runId: string, thresholds: VerdictThresholds): Promise<RunDetail> {
    const model = await buildReportModel(await this.open(runId), thresholds);
    return { ...model, requests: model.requests.map(withoutPlayback) };
  }

  /**
   * One request by its level and index; `placement` (its level's place in the plan and its repeat) tells
   * apart levels that share a concurrency — rate levels, repeats (common/levels.ts recordLevelKey).
   * Without it, the first request with that level and index (a run whose levels differ in concurrency).
   */
  async request(runId: string, level: number, index: number, placement?: LevelPlacement): Promise<RequestRecord> {
    const run = await this.open(runId);
    const found = run.requests.find((r) => r.level === level && r.index === index && isOfPlacement(r, placement));
    if (!found) throw new RunLibraryError(`run ${runId} has no request ${index} at level ${level}`);
    return found;
  }

  /**
   * Removes the folder; only a run folder (a valid run.json, or a damaged one) directly inside runsDir, and never one
   * whose run.lock names a live process: that run is still being written (by `tokenbench run`, another
   * app window's run), and deleting it would pull the folder from under its writer.
   */
  async delete(runId: string): Promise<void> {
    const dir = this.dirOf(runId);
    try {
      await readManifest(dir);
    } catch (err) {
      // A damaged run is still a run folder (it has a run.json): the user must be able to clear it away.
      if (!(err instanceof DamagedRunFolderError)) throw libraryError(runId, err);
    }
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

/** The app's one line for a run it cannot open: damaged (and why), or not there. */
function libraryError(runId: string, err: unknown): RunLibraryError {
  if (err instanceof DamagedRunFolderError) return new RunLibraryError(`run ${runId} is damaged: ${err.reason}`);
  return new RunLibraryError(`no run ${runId}: ${err instanceof Error ? err.message : String(err)}`);
}
