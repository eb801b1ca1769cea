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
  end:
    | { kind: 'done'; atMs: number; counters: ServerCounters }
    | { kind: 'error'; atMs: number | null; error: RequestError };
}

export const NO_TOKEN_MESSAGE = 'the server ended the response without generating a token';

/**
 * Derives a RequestRecord by the definitions of docs/metrics.md.
 *
 * Rounding: every *Ms value (and each piece offset, and ITL) is rounded to 3 decimals (µs) to keep
 * requests.jsonl small; rates are never rounded and are computed from the unrounded offsets.
 *
 * A 'done' without any token is an error (`server-error`) but keeps the server's counters, since they
 * say why (e.g. `doneReason`). The record takes ownership of `raw.pieces` (not copied).
 */
export function buildRecord(raw: RawRequest): RequestRecord {
  const { pieces, pieceOffsetsMs: offsets, pieceKinds: kinds, end } = raw;
  if (offsets.length !== pieces.length || kinds.length !== pieces.length) {
    throw new RangeError(
      `request ${raw.level}/${raw.index}: ${pieces.length} pieces, ${offsets.length} offsets, ${kinds.length} kinds`,
    );
  }
  if (!/^[ta]*$/.test(kinds)) throw new RangeError(`request ${raw.level}/${raw.index}: piece kinds must be 't' or 'a'`);

  const chunks = pieces.length;
  const counters = end.kind === 'done' ? end.counters : null;
  const status = end.kind === 'done' && chunks > 0 ? 'ok' : 'error';
  const error: RequestError | null =
    end.kind === 'error' ? end.error : chunks === 0 ? { kind: 'server-error', message: NO_TOKEN_MESSAGE } : null;

  const serverCount = counters?.outputTokens;
  const outputTokens = serverCount ?? chunks;
  const ttft = chunks > 0 ? offsets[0] : null;
  const lastToken = chunks > 0 ? offsets[chunks - 1] : null;
  const firstAnswerIndex = kinds.indexOf('a');

  let thinkingChunks = 0;
  let text = '';
  if (kinds.indexOf('t') === -1) {
    // No reasoning: one join instead of a rope of one `+=` per piece.
    text = pieces.join('');
  } else {
    for (let i = 0; i < chunks; i++) {
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
    firstAnswerMs: roundMs(firstAnswerIndex >= 0 ? offsets[firstAnswerIndex] : null),
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
