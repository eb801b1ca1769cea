import { realFs, writeFully, type StoreFs } from './store-fs.js';

export interface JsonlAppenderOptions {
  fs?: StoreFs;
  /**
   * Called when a background group commit fails. The lines stay queued and the next flush retries them;
   * without a handler the failure becomes a process warning (a benchmark should not die for a full disk).
   */
  onError?: (err: Error) => void;
}

/** What the appender has made durable so far: tests and benchmarks read these instead of guessing. */
export interface AppenderCounters {
  /** Lines written and fdatasync'ed. */
  lines: number;
  /** Group commits: one `write` of whole lines each. */
  writes: number;
  /** fdatasync calls. */
  syncs: number;
}

/**
 * Appends JSON lines to a file durably, with group commit: lines appended in the same event-loop turn are
 * written with one `write` and one `fdatasync` in a `setImmediate`, because a thousand requests can end
 * within milliseconds and one fdatasync each would make the disk the bottleneck. A crash therefore loses
 * at most the lines of the current turn, and never leaves a partial line of ours behind: a failed write is
 * truncated back to the last durable size.
 */
export class JsonlAppender {
  readonly counters: AppenderCounters = { lines: 0, writes: 0, syncs: 0 };
  private readonly fs: StoreFs;
  private readonly onError: ((err: Error) => void) | undefined;
  private fd: number | null;
  private pending: string[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  /**
   * File size up to which every byte is a complete line (or was there before we opened it): synced, except
   * the last `unsyncedLines` lines, written by `appendWritten` and synced with the next commit.
   */
  private durableSize: number;
  private unsyncedLines = 0;
  /** The file already ended in a torn line: separate ours from it so both stay parseable. */
  private needsLeadingNewline: boolean;

  constructor(
    readonly file: string,
    options: JsonlAppenderOptions = {},
  ) {
    this.fs = options.fs ?? realFs;
    this.onError = options.onError;
    this.fd = this.fs.openSync(file, 'a+', 0o644);
    this.durableSize = this.fs.fstatSync(this.fd).size;
    this.needsLeadingNewline = this.durableSize > 0 && !this.endsWithNewline(this.fd, this.durableSize);
    openAppenders.add(this);
    ensureExitHook();
  }

  /** Queues `value` as one JSON line; it reaches the disk at the end of this event-loop turn (or on `flush`). */
  append(value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`cannot append ${typeof value} as a JSON line`);
    this.appendLine(json);
  }

  /**
   * Writes `value` as one line now (one `write`, no fdatasync): from here on it survives this process being
   * killed. It is fdatasync'ed, so that it also survives a power loss, with the group commit at the end of
   * this turn. For what must be on disk before the next step is taken (a request's start before it is sent).
   * A failed write is reported like a failed background commit; the line stays queued and is retried.
   */
  appendWritten(value: unknown): void {
    this.append(value);
    const fd = this.fd as number;
    try {
      this.writePending(fd);
    } catch (err) {
      this.report(err);
    }
  }

  /** Queues one line of already-serialised JSON (no newline inside). */
  appendLine(json: string): void {
    if (this.fd === null) throw new Error(`${this.file}: appender is closed`);
    if (json.includes('\n')) throw new Error('a JSON line must not contain a newline');
    this.pending.push(json);
    if (this.scheduled === null) this.scheduled = setImmediate(() => this.backgroundFlush());
  }

  get pendingLines(): number {
    return this.pending.length;
  }

  /** Writes and fdatasyncs every queued line now. Throws if the disk refuses; the lines stay queued. */
  flush(): void {
    this.cancelScheduled();
    if ((this.pending.length === 0 && this.unsyncedLines === 0) || this.fd === null) return;
    const fd = this.fd;
    const before = this.durableSize;
    const queued = this.pending;
    this.writePending(fd);
    try {
      this.fs.fdatasyncSync(fd);
      this.counters.syncs++;
    } catch (err) {
      // Lines written by appendWritten stay (a later commit syncs them); this batch is cut and queued again.
      if (queued.length > 0) {
        this.durableSize = before;
        this.unsyncedLines -= queued.length;
        this.pending = queued;
        this.rollBack(fd);
      }
      throw err;
    }
    this.counters.lines += this.unsyncedLines;
    this.unsyncedLines = 0;
  }

  /** Writes the queued lines with one `write`, unsynced. On failure the file is cut back and the lines stay queued. */
  private writePending(fd: number): void {
    if (this.pending.length === 0) return;
    const text = (this.needsLeadingNewline ? '\n' : '') + this.pending.join('\n') + '\n';
    const bytes = Buffer.from(text, 'utf8');
    try {
      writeFully(this.fs, fd, bytes);
    } catch (err) {
      this.rollBack(fd);
      throw err;
    }
    this.counters.writes++;
    this.durableSize += bytes.length;
    this.unsyncedLines += this.pending.length;
    this.pending = [];
    this.needsLeadingNewline = false;
  }

  /** Flushes, then closes the file. Idempotent. The file is closed even when the last flush fails. */
  close(): void {
    if (this.fd === null) return;
    try {
      this.flush();
    } finally {
      this.fs.closeSync(this.fd);
      this.fd = null;
      openAppenders.delete(this);
    }
  }

  private backgroundFlush(): void {
    this.scheduled = null;
    try {
      this.flush();
    } catch (err) {
      this.report(err);
    }
  }

  private report(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    if (this.onError) this.onError(error);
    else process.emitWarning(`${this.file}: could not append ${this.pending.length} line(s): ${error.message}`);
  }

  private cancelScheduled(): void {
    if (this.scheduled !== null) {
      clearImmediate(this.scheduled);
      this.scheduled = null;
    }
  }

  /** A failed write may have left part of the batch on disk: cut it so the file keeps only whole lines. */
  private rollBack(fd: number): void {
    try {
      this.fs.ftruncateSync(fd, this.durableSize);
    } catch {
      // The disk is failing; the reader treats a torn last line as lost, which is what it is.
    }
  }

  private endsWithNewline(fd: number, size: number): boolean {
    const last = new Uint8Array(1);
    this.fs.readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  }
}

// `process.exit()` skips pending setImmediate callbacks; flush what is queued so a normal exit loses nothing.
const openAppenders = new Set<JsonlAppender>();
let exitHookInstalled = false;

function ensureExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const appender of openAppenders) {
      try {
        appender.flush();
      } catch {
        // Nothing can be reported once the process is exiting.
      }
    }
  });
}
