import { itlStats } from './stats.js';
import type { ItlStats, RequestError, RequestRecord, ServerCounters } from '../../common/results.js';

/** What the engine observed of one request, before any metric is derived. */
export interface RawRequest {
  level: number;
  index: number;
  /** Epoch ms at t0. */
  startedAt: number;
  /** ms since t0. */
  firstByteMs: number | null;
  pieces: string[];
  pieceOffsetsMs: number[];
  /** One char per piece: 't' thinking, 'a' answer. */
  pieceKinds: string;
  /** Token chunks that arrived once the stored text had reached MAX_STORED_TEXT_CHARS: counted and timed, not kept. */
  unstored?: UnstoredChunks;
  /** Server counters that were present but not sane, hence left out of `end.counters`. */
  rejectedCounters?: readonly RejectedCounter[];
  /** Time spent reading the response on our side, ms (the record's clientMs). */
  clientMs?: number;
  /** What the workload asked of this request (prompt index, conversation, turn, lengths): copied onto the record. */
  workload?: RequestWorkload;
  end:
    | { kind: 'done'; atMs: number; counters: ServerCounters }
    | { kind: 'error'; atMs: number | null; error: RequestError };
  /** Rate levels: when the schedule said the request was due (epoch ms), and how late the client started it (ms). */
  schedule?: { scheduledAt: number; clientQueueMs: number };
}

/** Which level made a request (docs/run-format.md): added to its record as given. */
export type LevelTags = Pick<RequestRecord, 'mode' | 'levelIndex' | 'repeat' | 'rate'>;
/** The record's workload fields (common/results.ts), as the request plan (main/engine/workload/) sets them. */
export type RequestWorkload = Partial<Pick<RequestRecord, 'promptIndex' | 'conversation' | 'turn' | 'inputTokens' | 'maxTokens'>>;

/** A server counter that was present but not sane, so treated as not reported (main/engine/targets/wire-values.ts). */
export interface RejectedCounter {
  /** As the server names it: `eval_count`, `usage.completion_tokens`. */
  field: string;
  /** "not a non-negative integer", … */
  why: string;
}

export interface UnstoredChunks {
  chunks: number;
  thinkingChunks: number;
  /** ms since t0: the first unstored chunk, the first unstored answer chunk (null if none), the last chunk. */
  firstMs: number;
  firstAnswerMs: number | null;
  lastMs: number;
}

/**
 * Most characters of generated text a record stores (its pieces; `text` is their answer part). Far above
 * any real answer (a million characters is ~250k tokens), far below what breaks a process: a 300 MB answer
 * stored whole made the record's JSON longer than a JavaScript string can be. Every piece holds at least one
 * character, so this also bounds the pieces. Past it, chunks are still counted and timed (outputTokens,
 * chunks, tokens/s, lastTokenMs stay whole) and the record says `truncatedForStorage`.
 */
export const MAX_STORED_TEXT_CHARS = 1024 * 1024;

export const NO_TOKEN_MESSAGE = 'the server ended the response without generating a token';

/**
 * Derives a RequestRecord by the definitions of docs/metrics.md.
 *
 * Rounding: every *Ms value (and each piece offset, and ITL) is rounded to 3 decimals (µs) to keep
 * requests.jsonl small; rates are never rounded and are computed from the unrounded offsets.
 *
 * A 'done' without any token is an error (`server-error`) but keeps the server's counters, since they
 * say why (e.g. `doneReason`). The record takes ownership of `raw.pieces` (not copied).
 *
 * Chunks past the storage cap (`raw.unstored`) count in chunks, thinkingTokens, outputTokens, TTFT, the
 * first answer token, the last token and tokens/s; ITL and playback cover the stored chunks only.
 *
 * `tags` say which level made the request (its mode, place in the plan, repeat, rate); a rate level's
 * schedule (`raw.schedule`) becomes `scheduledAt` and `clientQueueMs`.
 */
export function buildRecord(raw: RawRequest, tags: LevelTags = {}): RequestRecord {
  const { pieces, pieceOffsetsMs: offsets, pieceKinds: kinds, end } = raw;
  if (offsets.length !== pieces.length || kinds.length !== pieces.length) {
    throw new RangeError(
      `request ${raw.level}/${raw.index}: ${pieces.length} pieces, ${offsets.length} offsets, ${kinds.length} kinds`,
    );
  }
  if (!/^[ta]*$/.test(kinds)) throw new RangeError(`request ${raw.level}/${raw.index}: piece kinds must be 't' or 'a'`);

  const stored = pieces.length;
  const unstored = raw.unstored;
  const chunks = stored + (unstored?.chunks ?? 0);
  const counters = end.kind === 'done' ? end.counters : null;
  const status = end.kind === 'done' && chunks > 0 ? 'ok' : 'error';
  const error: RequestError | null =
    end.kind === 'error' ? end.error : chunks === 0 ? { kind: 'server-error', message: NO_TOKEN_MESSAGE } : null;

  const serverCount = counters?.outputTokens;
  const outputTokens = serverCount ?? chunks;
  const ttft = stored > 0 ? offsets[0] : (unstored?.firstMs ?? null);
  const lastToken = unstored ? unstored.lastMs : stored > 0 ? offsets[stored - 1] : null;
  const firstAnswerIndex = kinds.indexOf('a');
  const firstAnswer = firstAnswerIndex >= 0 ? offsets[firstAnswerIndex] : (unstored?.firstAnswerMs ?? null);

  let thinkingChunks = unstored?.thinkingChunks ?? 0;
  let text = '';
  if (kinds.indexOf('t') === -1) {
    // No reasoning: one join instead of a rope of one `+=` per piece.
    text = pieces.join('');
  } else {
    for (let i = 0; i < stored; i++) {
      if (kinds.charCodeAt(i) === T_CODE) thinkingChunks++;
      else text += pieces[i];
    }
  }

  return {
    level: raw.level,
    index: raw.index,
    status,
    error,
    startedAt: raw.startedAt,
    firstByteMs: roundMs(raw.firstByteMs),
    ttftMs: roundMs(ttft),
    firstAnswerMs: roundMs(firstAnswer),
    lastTokenMs: roundMs(lastToken),
    e2eMs: roundMs(end.atMs),
    outputTokens,
    tokenSource: serverCount !== undefined ? 'server' : 'chunks',
    chunks,
    thinkingTokens: counters?.reasoningTokens ?? thinkingChunks,
    tokensPerSecond: decodeSpeed(outputTokens, ttft, lastToken),
    itlMs: roundItl(itlStats(offsets)),
    queueMs: roundMs(queueEstimate(ttft, counters)),
    server: counters,
    text,
    pieces,
    pieceOffsetsMs: offsets.map(round3),
    pieceKinds: kinds,
    ...(unstored ? { truncatedForStorage: true } : {}),
    ...tags,
    ...(raw.schedule ? { scheduledAt: raw.schedule.scheduledAt, clientQueueMs: round3(raw.schedule.clientQueueMs) } : {}),
    ...raw.workload,
    ...(raw.clientMs === undefined ? {} : { clientMs: raw.clientMs }),
  };
}

const T_CODE = 't'.charCodeAt(0);

/** (outputTokens − 1) / (lastToken − TTFT): the first token's wait is not decode time. */
function decodeSpeed(outputTokens: number, ttftMs: number | null, lastTokenMs: number | null): number | null {
  if (outputTokens < 2 || ttftMs === null || lastTokenMs === null || !(lastTokenMs > ttftMs)) return null;
  return (outputTokens - 1) / ((lastTokenMs - ttftMs) / 1000);
}

/** TTFT − prompt_eval − load: the part of the wait spent queued, when the server tells its own durations. */
function queueEstimate(ttftMs: number | null, counters: ServerCounters | null): number | null {
  if (ttftMs === null || counters === null) return null;
  if (counters.promptEvalMs === undefined && counters.loadMs === undefined) return null;
  return Math.max(0, ttftMs - (counters.promptEvalMs ?? 0) - (counters.loadMs ?? 0));
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function roundMs(ms: number | null): number | null {
  return ms === null ? null : round3(ms);
}

function roundItl(itl: ItlStats | null): ItlStats | null {
  return itl === null ? null : { p50: round3(itl.p50), p90: round3(itl.p90), p99: round3(itl.p99), max: round3(itl.max) };
}
