import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import type { Dispatcher } from 'undici';
import type { RawRequest } from '../metrics/record.js';
import type { ErrorKind, RequestError, ServerCounters } from '../../common/results.js';
import type { GenerationParams, StreamSink, TargetApi } from './targets/target.js';

export interface StreamRequestOptions {
  dispatcher: Dispatcher;
  origin: string;
  target: TargetApi;
  params: GenerationParams;
  level: number;
  index: number;
  /** Whole request, from t0 to the end of the response. */
  timeoutMs: number;
  /**
   * Silence allowed once the response has started (headers received). Before the first byte only
   * `timeoutMs` applies: a queueing server (Ollama) legitimately sends nothing while a request waits.
   */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  /** Hook for the live view: called on every token chunk with the running count. Keep it cheap. */
  onToken?: (index: number, tokens: number) => void;
}

/** Longest error body we keep from a non-200 answer. */
const MAX_ERROR_BODY = 2048;

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

class EngineAbort extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One streamed generation, measured. Resolves (never rejects) with everything observed; the caller
 * turns it into a RequestRecord. Implements StreamSink itself so the per-token path allocates nothing
 * but the recorded piece.
 */
class StreamingRequest implements StreamSink, Dispatcher.DispatchHandler {
  private readonly t0: number;
  private readonly startedAt: number;
  private readonly decoder = new StringDecoder('utf8');
  private readonly pieces: string[] = [];
  private readonly offsets: number[] = [];
  /**
   * pieceKinds as runs: the closed runs' text, then the open run. One `+=` per token would leave a
   * 2,000-deep rope of young strings per request for the GC to copy and promote.
   */
  private kinds = '';
  private runThinking = false;
  private runLength = 0;
  private chunkAt = 0;
  private firstByteMs: number | null = null;
  private lastByteAt = 0;
  private status = 0;
  private errorBody = '';
  private counters: ServerCounters | null = null;
  private doneAtMs = 0;
  private failure: RequestError | null = null;
  private controller: Dispatcher.DispatchController | null = null;
  private pendingAbort: EngineAbort | null = null;
  private finished = false;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly parser;
  private readonly onAbortSignal = (): void => this.abort(new EngineAbort('cancelled', 'cancelled by the user'));

  constructor(
    private readonly opts: StreamRequestOptions,
    private readonly resolve: (raw: RawRequest) => void,
  ) {
    this.parser = opts.target.createParser(this);
    this.t0 = performance.now();
    this.startedAt = performance.timeOrigin + this.t0;
  }

  start(): void {
    const { opts } = this;
    if (opts.signal?.aborted) {
      this.failure = { kind: 'cancelled', message: 'cancelled by the user' };
      this.finish(null);
      return;
    }
    opts.signal?.addEventListener('abort', this.onAbortSignal, { once: true });
    this.timeoutTimer = setTimeout(
      () => this.abort(new EngineAbort('timeout', `no complete response within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    const spec = opts.target.buildRequest(opts.params);
    opts.dispatcher.dispatch(
      {
        origin: opts.origin,
        path: spec.path,
        method: spec.method,
        headers: { 'content-type': 'application/json', accept: 'application/x-ndjson, text/event-stream' },
        body: spec.body,
        // Our own timers classify timeouts; undici's would race them with other error codes.
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      this,
    );
  }

  // --- undici handler -------------------------------------------------------------------------

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.pendingAbort) controller.abort(this.pendingAbort);
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number): void {
    const now = performance.now();
    this.status = statusCode;
    this.firstByteMs = now - this.t0;
    this.lastByteAt = now;
    this.armIdleTimer(this.opts.idleTimeoutMs);
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    const now = performance.now();
    this.lastByteAt = now;
    if (this.failure) return;
    if (this.status !== 200) {
      if (this.errorBody.length < MAX_ERROR_BODY) this.errorBody += this.decoder.write(chunk);
      return;
    }
    this.chunkAt = now - this.t0;
    this.parser.push(this.decoder.write(chunk));
  }

  onResponseEnd(): void {
    if (this.failure) return this.finish(null);
    const now = performance.now();
    if (this.status !== 200) {
      this.failure = httpFailure(this.status, this.errorBody + this.decoder.end());
      return this.finish(now - this.t0);
    }
    this.chunkAt = now - this.t0;
    const rest = this.decoder.end();
    if (rest) this.parser.push(rest);
    this.parser.end();
    if (!this.failure && !this.counters) {
      this.failure = { kind: 'truncated', message: 'the stream ended without the server end marker' };
    }
    this.finish(this.counters ? this.doneAtMs : now - this.t0);
  }

  onResponseError(_c: Dispatcher.DispatchController | undefined, err: Error): void {
    const now = performance.now();
    if (!this.failure) {
      if (err instanceof EngineAbort) this.failure = { kind: err.kind, message: err.message };
      else this.failure = this.classifyTransportError(err);
    }
    // A response that had already ended with the end marker stays ok (some servers reset after it).
    if (this.counters && this.failure.kind === 'truncated') this.failure = null;
    this.finish(this.counters ? this.doneAtMs : now - this.t0);
  }

  // --- StreamSink: the parser's verdicts --------------------------------------------------------

  token(text: string, thinking: boolean): void {
    if (this.counters) return; // anything after the end marker is not part of the answer
    this.pieces.push(text);
    this.offsets.push(this.chunkAt);
    if (thinking !== this.runThinking) {
      this.closeKindRun();
      this.runThinking = thinking;
    }
    this.runLength++;
    this.opts.onToken?.(this.opts.index, this.pieces.length);
  }

  done(counters: ServerCounters): void {
    if (this.counters) return;
    this.counters = counters;
    this.doneAtMs = this.chunkAt;
  }

  serverError(message: string): void {
    this.abort(new EngineAbort('server-error', message));
  }

  malformed(detail: string): void {
    this.abort(new EngineAbort('malformed', detail));
  }

  // --- internals ---------------------------------------------------------------------------------

  private closeKindRun(): void {
    if (this.runLength === 0) return;
    this.kinds += (this.runThinking ? 't' : 'a').repeat(this.runLength);
    this.runLength = 0;
  }

  private classifyTransportError(err: Error): RequestError {
    const code = errorCode(err);
    if (this.firstByteMs === null && CONNECT_CODES.has(code)) {
      return { kind: 'connect', message: `cannot connect to ${this.opts.origin}: ${code || err.message}` };
    }
    const where = this.firstByteMs === null ? 'before the response started' : 'mid-stream';
    return { kind: 'truncated', message: `connection lost ${where} (${code || err.message})` };
  }

  private abort(reason: EngineAbort): void {
    if (this.finished || this.failure) return;
    this.failure = { kind: reason.kind, message: reason.message };
    if (this.controller) this.controller.abort(reason);
    else this.pendingAbort = reason;
  }

  /** Re-arms lazily: one timer per idle period instead of one reset per chunk. */
  private armIdleTimer(delay: number): void {
    this.idleTimer = setTimeout(() => {
      const silentFor = performance.now() - this.lastByteAt;
      if (silentFor >= this.opts.idleTimeoutMs) {
        this.abort(
          new EngineAbort('idle-timeout', `no byte for ${Math.round(silentFor)} ms (idle timeout ${this.opts.idleTimeoutMs} ms)`),
        );
      } else {
        this.armIdleTimer(this.opts.idleTimeoutMs - silentFor);
      }
    }, delay);
  }

  private finish(endMs: number | null): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.opts.signal?.removeEventListener('abort', this.onAbortSignal);
    const end: RawRequest['end'] =
      this.failure === null && this.counters
        ? { kind: 'done', atMs: endMs ?? this.doneAtMs, counters: this.counters }
        : {
            kind: 'error',
            atMs: endMs,
            error: this.failure ?? { kind: 'truncated', message: 'the stream ended without the server end marker' },
          };
    this.closeKindRun();
    this.resolve({
      level: this.opts.level,
      index: this.opts.index,
      startedAt: this.startedAt,
      firstByteMs: this.firstByteMs,
      pieces: this.pieces,
      pieceOffsetsMs: this.offsets,
      pieceKinds: this.kinds,
      end,
    });
  }
}

function errorCode(err: Error): string {
  const code = (err as { code?: unknown }).code;
  const causeCode = (err as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
  if (typeof causeCode === 'string') return causeCode;
  return typeof code === 'string' ? code : '';
}

function httpFailure(status: number, body: string): RequestError {
  let message = body.trim().slice(0, 300);
  try {
    const parsed: unknown = JSON.parse(body);
    const error = (parsed as { error?: unknown }).error;
    if (typeof error === 'string') message = error;
    else if (error && typeof (error as { message?: unknown }).message === 'string') {
      message = (error as { message: string }).message;
    }
  } catch {
    // not JSON: keep the raw text
  }
  return { kind: 'http', httpStatus: status, message: `HTTP ${status}${message ? `: ${message}` : ''}` };
}

/** Sends one streamed generation and measures it. Never rejects: every outcome is a RawRequest. */
export function streamRequest(opts: StreamRequestOptions): Promise<RawRequest> {
  return new Promise((resolve) => new StreamingRequest(opts, resolve).start());
}
