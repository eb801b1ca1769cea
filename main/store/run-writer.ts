import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RequestRecord, RequestStart, RunSummary } from '../../common/results.js';
import { writeFileAtomic, writeJsonAtomic } from './atomic-file.js';
import { JsonlAppender } from './jsonl-appender.js';
import { isValidRunId, suffixedRunId } from './run-id.js';
import { RUN_FILES, RunFolderError, telemetryFile } from './run-folder.js';
import { lockContent } from './run-lock.js';
import { errorCode, realFs, syncDirectory, type StoreFs } from './store-fs.js';
import type { RunManifest, RunStatus } from '../../common/run-manifest.js';

export interface RunWriterOptions {
  /** Tests only: provoke disk faults. */
  fs?: StoreFs;
  /** A background append to requests.jsonl or telemetry failed; the lines stay queued and are retried. */
  onAppendError?: (err: Error) => void;
  /**
   * When `<parentDir>/<id>` exists, take `<id>-2`, `<id>-3` … instead of failing: two runs of one model
   * started in the same second each get a folder. Off for a folder the user named (an import's --out).
   */
  nextFreeId?: boolean;
}

/** Most suffixes tried before giving up: more runs of one model in one second than any machine starts. */
const MAX_ID_SUFFIX = 99;

/** Creates the run's folder with mkdir (atomic: exactly one caller wins a name); returns the id it got. */
async function makeRunDir(parentDir: string, id: string, nextFree: boolean): Promise<string> {
  for (let n = 1; n <= (nextFree ? MAX_ID_SUFFIX : 1); n++) {
    const candidate = n === 1 ? id : suffixedRunId(id, n);
    try {
      await mkdir(join(parentDir, candidate));
      return candidate;
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw err;
    }
  }
  throw new RunFolderError(`${join(parentDir, id)} already exists; a run folder is never overwritten`);
}

/** The one process writing a run folder. Every method is synchronous so a crash can only cut between them. */
export interface RunWriter {
  readonly dir: string;
  /** The manifest as last written to run.json. */
  readonly manifest: Readonly<RunManifest>;
  /** Queues one line in requests.jsonl; it is written and fdatasync'ed at the end of this event-loop turn. */
  appendRequest(record: RequestRecord): void;
  /**
   * Writes one line to starts.jsonl at once, before the request is sent (fdatasync'ed at the end of the turn),
   * so a killed run still tells how many requests each level sent. The file is made on the first start.
   */
  recordStart(start: RequestStart): void;
  /** Makes every queued line durable now (requests and telemetry). */
  flush(): void;
  /** Replaces summary.json atomically. */
  writeSummary(summary: RunSummary): void;
  /** Rewrites run.json atomically. A final status without `endedAt` is stamped with the current time. */
  setStatus(status: RunStatus, extra?: { reason?: string; endedAt?: string }): void;
  updateManifest(patch: Partial<RunManifest>): void;
  /** Adds `line` to run.json's `warnings` (rewriting it) unless it is already there: one note per kind of trouble, not per request. */
  addWarning(line: string): void;
  /** `<dir>/telemetry/<name>.jsonl`; name is [a-z0-9-]+. */
  telemetryPath(name: string): string;
  /** An appender for `telemetryPath(name)` that this writer flushes and closes with the run. */
  openTelemetry(name: string): JsonlAppender;
  /** Flushes, closes every file and removes run.lock. Idempotent. */
  close(): void;
}

/**
 * Creates `<parentDir>/<manifest.id>/` with run.json, run.lock (our pid), telemetry/ and requests.jsonl.
 * Never overwrites: an existing folder is an error. If setting up fails, the half-made folder is removed.
 */
export async function createRunFolder(
  parentDir: string,
  manifest: RunManifest,
  options: RunWriterOptions = {},
): Promise<RunWriter> {
  if (!isValidRunId(manifest.id)) {
    throw new RunFolderError(`invalid run id ${JSON.stringify(manifest.id)}: use [A-Za-z0-9._-], at most 80 characters`);
  }
  const fs = options.fs ?? realFs;
  await mkdir(parentDir, { recursive: true });
  const id = await makeRunDir(parentDir, manifest.id, options.nextFreeId === true);
  if (id !== manifest.id) manifest = { ...manifest, id };
  const dir = join(parentDir, id);
  try {
    await mkdir(join(dir, RUN_FILES.telemetryDir));
    // Lock first: run.json must never say "running" without a lock, or a reader would call a live run dead.
    writeFileAtomic(join(dir, RUN_FILES.lock), lockContent(), fs);
    writeJsonAtomic(join(dir, RUN_FILES.manifest), manifest, fs);
    const requests = new JsonlAppender(join(dir, RUN_FILES.requests), { fs, onError: options.onAppendError });
    syncDirectory(fs, dir);
    syncDirectory(fs, parentDir);
    return new FolderWriter(dir, structuredClone(manifest), requests, fs, options.onAppendError);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

class FolderWriter implements RunWriter {
  private readonly telemetry = new Map<string, JsonlAppender>();
  private starts: JsonlAppender | null = null;
  private closed = false;

  constructor(
    readonly dir: string,
    private current: RunManifest,
    private readonly requests: JsonlAppender,
    private readonly fs: StoreFs,
    private readonly onAppendError: ((err: Error) => void) | undefined,
  ) {}

  get manifest(): Readonly<RunManifest> {
    return this.current;
  }

  appendRequest(record: RequestRecord): void {
    this.assertOpen();
    this.requests.append(record);
  }

  recordStart(start: RequestStart): void {
    this.assertOpen();
    if (this.starts === null) {
      this.starts = new JsonlAppender(join(this.dir, RUN_FILES.starts), { fs: this.fs, onError: this.onAppendError });
      syncDirectory(this.fs, this.dir);
    }
    this.starts.appendWritten(start);
  }

  flush(): void {
    this.requests.flush();
    this.starts?.flush();
    for (const appender of this.telemetry.values()) appender.flush();
  }

  writeSummary(summary: RunSummary): void {
    this.assertOpen();
    writeJsonAtomic(join(this.dir, RUN_FILES.summary), summary, this.fs);
  }

  setStatus(status: RunStatus, extra: { reason?: string; endedAt?: string } = {}): void {
    const patch: Partial<RunManifest> = { status };
    if (extra.reason !== undefined) patch.reason = extra.reason;
    if (extra.endedAt !== undefined) patch.endedAt = extra.endedAt;
    else if (status !== 'running' && this.current.endedAt === null) patch.endedAt = new Date().toISOString();
    this.updateManifest(patch);
  }

  updateManifest(patch: Partial<RunManifest>): void {
    this.assertOpen();
    if (patch.id !== undefined && patch.id !== this.current.id) {
      throw new RunFolderError(`a run's id is its folder name and cannot change (${this.current.id} → ${patch.id})`);
    }
    const next: RunManifest = { ...this.current, ...structuredClone(patch) };
    writeJsonAtomic(join(this.dir, RUN_FILES.manifest), next, this.fs);
    this.current = next;
  }

  addWarning(line: string): void {
    const warnings = this.current.warnings ?? [];
    if (warnings.includes(line)) return;
    this.updateManifest({ warnings: [...warnings, line] });
  }

  telemetryPath(name: string): string {
    return telemetryFile(this.dir, name);
  }

  openTelemetry(name: string): JsonlAppender {
    this.assertOpen();
    const existing = this.telemetry.get(name);
    if (existing) return existing;
    const appender = new JsonlAppender(this.telemetryPath(name), { fs: this.fs, onError: this.onAppendError });
    this.telemetry.set(name, appender);
    return appender;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const failures: unknown[] = [];
    for (const appender of [this.requests, ...(this.starts ? [this.starts] : []), ...this.telemetry.values()]) {
      try {
        appender.close();
      } catch (err) {
        failures.push(err);
      }
    }
    try {
      this.fs.unlinkSync(join(this.dir, RUN_FILES.lock));
      syncDirectory(this.fs, this.dir);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') failures.push(err);
    }
    if (failures.length > 0) throw failures[0];
  }

  private assertOpen(): void {
    if (this.closed) throw new RunFolderError(`${this.dir}: the run writer is closed`);
  }
}
