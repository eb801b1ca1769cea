// An exported clip and what each of its frames shows. Frames are taken at fixed virtual times — frame k at
// k / fps seconds — never screen-recorded, so every frame holds exactly the tokens due at its instant:
// ⌊t × speed⌋ in a speed lane, the pieces whose recorded offset ≤ t in a replay (lane-frame.ts).
import { laneFrame, type LaneFrame } from './lane-frame.js';
import type { LaneSpec } from './lanes.js';
import type { PlaybackText } from './playback-text.js';

export interface Clip {
  /** Played on one clock from 0: speed lanes from their start, a replay from the moment its request was sent. */
  lanes: readonly LaneSpec[];
  text: PlaybackText;
  /** The band under the lanes: the speeds and where the text comes from. */
  caption: string;
  seconds: number;
  fps: number;
  width: number;
  height: number;
}

export interface LaneFrameState {
  spec: LaneSpec;
  frame: LaneFrame;
}

export interface FrameState {
  index: number;
  timeMs: number;
  lanes: LaneFrameState[];
}

/** Frames in the clip: one every 1/fps s over its length. */
export function frameCount(clip: Pick<Clip, 'seconds' | 'fps'>): number {
  return Math.max(1, Math.round(clip.seconds * clip.fps));
}

/** The virtual instant frame `index` shows, ms. */
export function frameTimeMs(clip: Pick<Clip, 'fps'>, index: number): number {
  return (index * 1000) / clip.fps;
}

/** What the clip shows at `timeMs`. */
export function frameState(clip: Pick<Clip, 'lanes' | 'text'>, timeMs: number, index = 0): FrameState {
  return { index, timeMs, lanes: clip.lanes.map((spec) => ({ spec, frame: laneFrame(spec, timeMs, clip.text.pieces.length) })) };
}

/** Frame `index` of the clip. */
export function frameAt(clip: Clip, index: number): FrameState {
  return frameState(clip, frameTimeMs(clip, index), index);
}
