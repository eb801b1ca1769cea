// The clips playback exports: speed lanes over one text, or the replay of one recorded request beside its
// level's mean speed. The view's export and `tokenbench playback` build them here, caption included.
import type { Clip } from './frame-state.js';
import { formatSpeed, replayPair, speedLane, type LaneSpec } from './lanes.js';
import { recordedText, replayOffsets, type PlaybackRecord, type PlaybackText } from './playback-text.js';

export type ClipFrame = Pick<Clip, 'seconds' | 'fps' | 'width' | 'height'>;

/** Any lanes over `text` (the view exports the lanes it shows); the caption names their speeds and the text's origin. */
export function laneClip(lanes: readonly LaneSpec[], text: PlaybackText, frame: ClipFrame): Clip {
  return { ...frame, lanes, text, caption: `${lanesCaption(lanes)} — ${text.origin} · Tokenbench` };
}

function lanesCaption(lanes: readonly LaneSpec[]): string {
  const speeds = lanes.flatMap((lane) => (lane.kind === 'speed' ? [formatSpeed(lane.tokensPerSecond)] : []));
  const mean = lanes.find((lane) => lane.kind === 'replay-mean');
  const parts: string[] = [];
  if (lanes.some((lane) => lane.kind === 'replay')) {
    parts.push(`Replay with the recorded timing${mean?.kind === 'replay-mean' ? ` beside the level mean, ${formatSpeed(mean.tokensPerSecond)} tokens/s` : ''}`);
  }
  if (speeds.length > 0) parts.push(`${speeds.join(' · ')} tokens/s`);
  return parts.join('; ');
}

/** Lanes at these speeds (tokens/s) over `text`. */
export function speedClip(speeds: readonly number[], text: PlaybackText, frame: ClipFrame, labels: readonly (string | undefined)[] = []): Clip {
  return laneClip(
    speeds.map((speed, i) => speedLane(speed, labels[i], `speed-${i}`)),
    text,
    frame,
  );
}

/** One recorded request with its recorded timing, and the level's mean speed after the same wait; null when it has no piece. */
export function replayClip(record: PlaybackRecord, runId: string, levelMean: number | null | undefined, frame: ClipFrame): Clip | null {
  const text = recordedText(record, runId);
  if (text === null) return null;
  return laneClip(replayPair(record, replayOffsets(record), levelMean), text, frame);
}

/** A file name that says what the clip shows: `tokenbench-55-19.9-tps.gif`, `tokenbench-replay-4-0.webm`. */
export function clipFileName(clip: Clip, extension: string): string {
  const replay = clip.lanes.find((lane) => lane.kind === 'replay');
  const what = replay ? `replay-${replay.id.replace(/^replay-/, '')}` : `${clip.lanes.map((l) => (l.kind === 'speed' ? formatSpeed(l.tokensPerSecond) : '')).filter(Boolean).join('-')}-tps`;
  return `tokenbench-${what}.${extension}`;
}
