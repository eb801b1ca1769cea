// What one lane shows at one instant: how many tokens, in which state, with which status line. The one
// function behind the live lanes (renderer/playback/lane-driver.ts) and every exported frame
// (frame-state.ts), so a GIF frame and the screen at the same position say the same thing.
import { formatSeconds, formatSpeed, type LaneSpec } from './lanes.js';
import { dueAfterWait, dueAtSpeed, dueByOffsets } from './token-clock.js';

export type LaneState = 'idle' | 'waiting' | 'streaming' | 'done';

export interface LaneFrame {
  /** Pieces shown: a speed lane counts on past the end of its text (it repeats), a replay stops at its last piece. */
  shown: number;
  state: LaneState;
  status: string;
}

/**
 * `positionMs`: a speed lane's time since it started; a replay lane's position on the replay clock (ms since the
 * request was sent). `pieces`: the length of the lane's text. `playing`: a speed lane at 0 ms reads `idle`
 * until played.
 */
export function laneFrame(spec: LaneSpec, positionMs: number, pieces: number, playing = true): LaneFrame {
  if (spec.kind === 'speed') {
    const shown = pieces === 0 ? 0 : dueAtSpeed(positionMs, spec.tokensPerSecond);
    return {
      shown,
      state: playing || positionMs > 0 ? 'streaming' : 'idle',
      status: `${formatSeconds(positionMs)} · ${shown} tokens · ${formatSpeed(spec.tokensPerSecond)} tokens/s`,
    };
  }
  const first = spec.kind === 'replay' ? (spec.offsetsMs[0] ?? 0) : spec.firstMs;
  const due = spec.kind === 'replay' ? dueByOffsets(positionMs, spec.offsetsMs) : dueAfterWait(positionMs, spec.firstMs, spec.tokensPerSecond, pieces);
  const shown = Math.min(due, pieces);
  const speed =
    spec.kind === 'replay'
      ? spec.recordedTokensPerSecond === null
        ? 'recorded timing'
        : `${formatSpeed(spec.recordedTokensPerSecond)} tokens/s recorded`
      : `${formatSpeed(spec.tokensPerSecond)} tokens/s level mean`;
  if (positionMs < first) return { shown, state: 'waiting', status: `waiting for the first token · ${formatSeconds(positionMs)} · ${speed}` };
  const finished = shown >= pieces;
  const elapsed = finished ? lastTokenMs(spec, pieces) : positionMs;
  return { shown, state: finished ? 'done' : 'streaming', status: `${formatSeconds(elapsed)} · ${shown}/${pieces} tokens · ${speed}` };
}

/** When a replay-side lane showed its last token: the recorded offset, or the wait plus (n − 1) intervals. */
function lastTokenMs(spec: Exclude<LaneSpec, { kind: 'speed' }>, total: number): number {
  if (spec.kind === 'replay') return spec.offsetsMs[spec.offsetsMs.length - 1] ?? 0;
  return spec.firstMs + ((total - 1) * 1000) / spec.tokensPerSecond;
}

/** The first instant a replay-side lane waits for (its first piece), null for a speed lane. */
export function laneFirstMs(spec: LaneSpec): number | null {
  if (spec.kind === 'speed') return null;
  return spec.kind === 'replay' ? (spec.offsetsMs[0] ?? null) : spec.firstMs;
}
