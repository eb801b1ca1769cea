// What the lanes stream: token pieces with their kind ('t' thinking, 'a' answer), from a recorded
// request or from our own sample answer (pre-tokenized by gpt-tokenizer, see generate-sample-tokens.mjs).
// Shared by the playback view, its export and `tokenbench playback`.
import type { RequestRecord } from '../results.js';
import { SAMPLE_ANSWER_PIECES, SAMPLE_ENCODING, SAMPLE_THINKING_PIECES } from './sample-tokens.js';

/** What playback reads of a recorded request: its pieces, their offsets and kinds, and where it sits in the run. */
export type PlaybackRecord = Pick<RequestRecord, 'level' | 'index' | 'pieces' | 'pieceOffsetsMs' | 'pieceKinds' | 'tokensPerSecond'>;

export interface PlaybackText {
  pieces: readonly string[];
  /** One character per piece: 't' thinking, 'a' answer. */
  kinds: string;
  /** Shown under the lanes: where the text comes from. */
  origin: string;
}

export function sampleText(): PlaybackText {
  return {
    pieces: [...SAMPLE_THINKING_PIECES, ...SAMPLE_ANSWER_PIECES],
    kinds: 't'.repeat(SAMPLE_THINKING_PIECES.length) + 'a'.repeat(SAMPLE_ANSWER_PIECES.length),
    origin: `sample answer, ${SAMPLE_THINKING_PIECES.length + SAMPLE_ANSWER_PIECES.length} tokens (${SAMPLE_ENCODING})`,
  };
}

/** A recorded request's real token chunks; null when it has none to play. */
export function recordedText(record: PlaybackRecord, runId: string): PlaybackText | null {
  if (record.pieces.length === 0) return null;
  const kinds = record.pieces.map((_, i) => (record.pieceKinds[i] === 't' ? 't' : 'a')).join('');
  return {
    pieces: record.pieces,
    kinds,
    origin: `run ${runId}, ${record.level} parallel, request #${record.index} — ${record.pieces.length} token chunks as recorded`,
  };
}

/** Offsets of a replay must be ascending: the recorder writes them so, but an imported file may not. */
export function replayOffsets(record: PlaybackRecord): number[] {
  const out: number[] = [];
  let last = 0;
  for (let i = 0; i < record.pieces.length; i++) {
    const raw = record.pieceOffsetsMs[i];
    last = Math.max(last, Number.isFinite(raw) ? raw : last);
    out.push(last);
  }
  return out;
}
