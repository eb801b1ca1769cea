import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import type { Dispatcher } from 'undici';
import { MAX_STORED_TEXT_CHARS, type RawRequest, type RejectedCounter, type UnstoredChunks } from '../metrics/record.js';
import type { ErrorKind, RequestError, ServerCounters } from '../../common/results.js';
import type { GenerationParams, StreamSink, TargetApi } from './targets/target.js';
import { clip, MAX_ERROR_MESSAGE_CHARS } from './targets/wire-values.js';
import { errorCodeOf, tlsFailure } from './tls-failure.js';

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
  /** Sent with the request besides content-type and accept (`--header`, the API key): secrets, never recorded. */
  headers?: Readonly<Record<string, string>>;
  /** Hook for the live view: called on every token chunk with the running count. Keep it cheap. */
  onToken?: (index: number, tokens: number) => void;
}

/** Most of a non-200 answer's body we keep: enough for a JSON error object to parse; the rest is counted. */
const MAX_ERROR_BODY = 16 * 1024;

/**
 * How long a response may stay open after its end marker before we close it. An honest server ends the
 * response right after (the chunked terminator is written with or just behind the last line); waiting this
 * long lets its connection return to the pool instead of being torn down, and bounds what a server that
 * holds the connection open costs: the request itself ended at the marker.
 */
const END_MARKER_GRACE_MS = 200;

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
 * The one way a request's error is built: server and library texts are clipped to about 2 KB (a 7 MB
 * `{"error": …}` line was stored whole in every record). `totalChars` is the message's whole length when
 * only its start is at hand (an HTTP error body is not kept past MAX_ERROR_BODY).
 */
export function requestError(kind: ErrorKind, message: string, httpStatus?: number, totalChars?: number): RequestError {
  const clipped = clip(message, MAX_ERROR_MESSAGE_CHARS, totalChars);
  return httpStatus === undefined ? { kind, message: clipped } : { kind, message: clipped, httpStatus };
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
  /** Every token chunk, stored or not (the live view's count). */
  private chunkCount = 0;
  /** Characters in `pieces`, up to MAX_STORED_TEXT_CHARS. */
  private storedChars = 0;
  private unstored: UnstoredChunks | null = null;
  private rejectedCounters: readonly RejectedCounter[] = [];
  private chunkAt = 0;
  /** Time spent in our own reading of the body (decode + parse), ms: the record's clientMs. */
  private clientMs = 0;
  private firstByteMs: number | null = null;
  private lastByteAt = 0;
  private status = 0;
  private errorBody = '';
  private errorBodyChars = 0;
  /** The response ended (or failed) at the HTTP level: nothing left to close. */
  private responseClosed = false;
  private graceTimer: NodeJS.Timeout | null = null;
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
      this.failure = requestError('cancelled', 'cancelled by the user');
      this.finish(null);
      return;
    }
    opts.signal?.addEventListener('abort', this.onAbortSignal, { once: true });
    this.timeoutTimer = setTimeout(
      () => this.abort(new EngineAbort('timeout', `no complete response within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    try {
      const spec = opts.target.buildRequest(opts.params);
      opts.dispatcher.dispatch(
        {
          origin: opts.origin,
          path: spec.path,
          method: spec.method,
          headers: { ...opts.headers, 'content-type': 'application/json', accept: 'application/x-ndjson, text/event-stream' },
          body: spec.body,
          // Our own timers classify timeouts; undici's would race them with other error codes.
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        this,
      );
    } catch (err) {
      this.failure ??= failedInside(err);
      this.finish(null);
    }
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
    // After the end marker (the request is finished) nothing more is read.
    if (this.failure || this.finished) return;
    if (this.status !== 200) {
      const text = this.decoder.write(chunk);
      this.errorBodyChars += text.length;
      if (this.errorBody.length < MAX_ERROR_BODY) this.errorBody += text;
      return;
    }
    this.chunkAt = now - this.t0;
    try {
      this.parser.push(this.decoder.write(chunk));
    } catch (err) {
      this.readFailed(err);
    }
    this.clientMs += performance.now() - now;
  }

  onResponseEnd(): void {
    this.responseClosed = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.finished) return;
    if (this.failure) return this.finish(null);
    const now = performance.now();
    if (this.status !== 200) {
      const rest = this.decoder.end();
      this.failure = httpFailure(this.status, this.errorBody + rest, this.errorBodyChars + rest.length);
      return this.finish(now - this.t0);
    }
    this.chunkAt = now - this.t0;
    try {
      const rest = this.decoder.end();
      if (rest) this.parser.push(rest);
      this.parser.end();
    } catch (err) {
      this.readFailed(err);
    }
    if (this.finished) return;
    if (!this.failure && !this.counters) {
      this.failure = requestError('truncated', 'the stream ended without the server end marker');
    }
    this.finish(this.counters ? this.doneAtMs : now - this.t0);
  }

  onResponseError(_c: Dispatcher.DispatchController | undefined, err: Error): void {
    this.responseClosed = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.finished) return;
    const now = performance.now();
    if (!this.failure) {
      if (err instanceof EngineAbort) this.failure = requestError(err.kind, err.message);
      else this.failure = this.classifyTransportError(err);
    }
    // A response that had already ended with the end marker stays ok (some servers reset after it).
    if (this.counters && this.failure.kind === 'truncated') this.failure = null;
    this.finish(this.counters ? this.doneAtMs : now - this.t0);
  }

  // --- StreamSink: the parser's verdicts --------------------------------------------------------

  token(text: string, thinking: boolean): void {
    if (this.counters) return; // anything after the end marker is not part of the answer
    this.chunkCount++;
    if (this.unstored === null && this.storedChars + text.length <= MAX_STORED_TEXT_CHARS) {
      this.storedChars += text.length;
      this.pieces.push(text);
      this.offsets.push(this.chunkAt);
      if (thinking !== this.runThinking) {
        this.closeKindRun();
        this.runThinking = thinking;
      }
      this.runLength++;
    } else {
      this.countUnstored(thinking);
    }
    this.opts.onToken?.(this.opts.index, this.chunkCount);
  }

  /**
   * The end marker ends the request: it is recorded now, nothing more is read, and the response is closed
   * if the server has not ended it within END_MARKER_GRACE_MS (a server that sends its marker and holds the
   * connection open must not make every request wait out the idle timeout).
   */
  done(counters: ServerCounters, rejected: readonly RejectedCounter[] = []): void {
    if (this.counters) return;
    this.counters = counters;
    this.rejectedCounters = rejected;
    this.doneAtMs = this.chunkAt;
    this.finish(this.doneAtMs);
    if (this.responseClosed) return;
    this.graceTimer = setTimeout(() => {
      if (!this.responseClosed) this.controller?.abort(new EngineAbort('cancelled', 'closed after the end marker'));
    }, END_MARKER_GRACE_MS);
    this.graceTimer.unref();
  }

  serverError(message: string): void {
    this.abort(new EngineAbort('server-error', message));
  }

  malformed(detail: string): void {
    this.abort(new EngineAbort('malformed', detail));
  }

  // --- internals ---------------------------------------------------------------------------------

  /**
   * Something thrown by the parser (or a hook it calls) must not escape into undici or the level: the
   * request ends as `malformed` with the reason.
   */
  private readFailed(err: unknown): void {
    this.abort(new EngineAbort('malformed', `the answer could not be read (${describeError(err)})`));
  }

  private countUnstored(thinking: boolean): void {
    const at = this.chunkAt;
    const unstored = (this.unstored ??= { chunks: 0, thinkingChunks: 0, firstMs: at, firstAnswerMs: null, lastMs: at });
    unstored.chunks++;
    if (thinking) unstored.thinkingChunks++;
    else if (unstored.firstAnswerMs === null) unstored.firstAnswerMs = at;
    unstored.lastMs = at;
  }

  private closeKindRun(): void {
    if (this.runLength === 0) return;
    this.kinds += (this.runThinking ? 't' : 'a').repeat(this.runLength);
    this.runLength = 0;
  }

  private classifyTransportError(err: Error): RequestError {
    const code = errorCodeOf(err);
    const tls = this.firstByteMs === null ? tlsFailure(err) : null;
    if (tls !== null) return requestError('connect', `cannot connect to ${this.opts.origin}: ${tls}`);
    if (this.firstByteMs === null && CONNECT_CODES.has(code)) {
      return requestError('connect', `cannot connect to ${this.opts.origin}: ${code || err.message}`);
    }
    const where = this.firstByteMs === null ? 'before the response started' : 'mid-stream';
    return requestError('truncated', `connection lost ${where} (${code || err.message})`);
  }

  private abort(reason: EngineAbort): void {
    if (this.finished || this.failure) return;
    this.failure = requestError(reason.kind, reason.message);
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
            error: this.failure ?? requestError('truncated', 'the stream ended without the server end marker'),
          };
    this.closeKindRun();
    const raw: RawRequest = {
      level: this.opts.level,
      index: this.opts.index,
      startedAt: this.startedAt,
      firstByteMs: this.firstByteMs,
      pieces: this.pieces,
      pieceOffsetsMs: this.offsets,
      pieceKinds: this.kinds,
      end,
    };
    if (this.unstored) raw.unstored = this.unstored;
    raw.clientMs = Math.round(this.clientMs * 1000) / 1000;
    if (this.rejectedCounters.length > 0) raw.rejectedCounters = this.rejectedCounters;
    this.resolve(raw);
  }
}

/** `body` is what was kept of the error body, `bodyChars` the whole body's length. */
function httpFailure(status: number, body: string, bodyChars: number): RequestError {
  const complete = bodyChars === body.length;
  let message = body.trim();
  let messageChars = complete ? message.length : bodyChars;
  if (complete) {
    try {
      const parsed: unknown = JSON.parse(body);
      const error = (parsed as { error?: unknown }).error;
      if (typeof error === 'string') message = error;
      else if (error && typeof (error as { message?: unknown }).message === 'string') {
        message = (error as { message: string }).message;
      }
      messageChars = message.length;
    } catch {
      // not JSON: keep the raw text
    }
  }
  const head = `HTTP ${status}${message ? ': ' : ''}`;
  return requestError('http', head + message, status, head.length + messageChars);
}

export function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** A request that failed on our side before it could be sent (a bug, not the server's doing). */
export function failedInside(err: unknown): RequestError {
  return requestError('malformed', `the request failed inside Tokenbench (${describeError(err)})`);
}

/** Sends one streamed generation and measures it. Never rejects: every outcome is a RawRequest. */
export function streamRequest(opts: StreamRequestOptions): Promise<RawRequest> {
  return new Promise((resolve) => new StreamingRequest(opts, resolve).start());
}
