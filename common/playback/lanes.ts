// What a lane plays. Speed lanes share the main clock; the replay and the lane beside it share the
// replay clock, which carries the speed multiplier and "skip the wait".

/** The study's speeds (docs/study.md): from one request alone down to 256 parallel. */
export const PRESET_SPEEDS: readonly number[] = [100, 55, 30.7, 19.9, 9.1, 6.3];

export type LaneSpec =
  | { id: string; kind: 'speed'; label: string; tokensPerSecond: number }
  /** One recorded request: each piece at its recorded offset (ms since the request started). */
  | { id: string; kind: 'replay'; label: string; offsetsMs: readonly number[]; recordedTokensPerSecond: number | null }
  /** Beside the replay: the same wait, then the level's mean decode speed. */
  | { id: string; kind: 'replay-mean'; label: string; firstMs: number; tokensPerSecond: number };

export function speedLane(tokensPerSecond: number, label: string | undefined, id: string): LaneSpec {
  return {
    id,
    kind: 'speed',
    label: label ?? `${formatSpeed(tokensPerSecond)} tokens/s`,
    tokensPerSecond,
  };
}

/** A speed as typed in the custom field: positive and at most 10 000 tokens/s, else null. */
export function parseSpeed(input: string): number | null {
  const value = Number(input.trim().replace(',', '.'));
  return Number.isFinite(value) && value > 0 && value <= 10_000 ? value : null;
}

export function formatSpeed(tokensPerSecond: number): string {
  return tokensPerSecond >= 100 ? tokensPerSecond.toFixed(0) : String(Math.round(tokensPerSecond * 10) / 10);
}

export function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/**
 * The replay of one recorded request, and beside it (when the level has a mean decode speed) a lane with
 * the same wait, then that speed. Empty when the request has nothing to play.
 */
export function replayPair(record: { level: number; index: number; tokensPerSecond: number | null }, offsetsMs: readonly number[], levelMean: number | null | undefined): LaneSpec[] {
  if (offsetsMs.length === 0) return [];
  const id = `${record.level}-${record.index}`;
  const lanes: LaneSpec[] = [
    {
      id: `replay-${id}`,
      kind: 'replay',
      label: `Replay · ${record.level} parallel · request #${record.index}`,
      offsetsMs,
      recordedTokensPerSecond: record.tokensPerSecond,
    },
  ];
  if (levelMean !== undefined && levelMean !== null && levelMean > 0) {
    lanes.push({ id: `mean-${id}`, kind: 'replay-mean', label: `Level mean · ${formatSpeed(levelMean)} tokens/s`, firstMs: offsetsMs[0], tokensPerSecond: levelMean });
  }
  return lanes;
}
