// A level's active window (docs/metrics.md § Active window): the span during which the load was applied.
// A level that runs for a duration (sustained or rate, `--duration`) stops starting requests when its
// duration is up and then waits for the ones in flight: that drain is no longer the load the level was
// asked to hold, so throughput, request rate and goodput count what arrived inside the window and divide
// by its length. A level without a duration (burst, a request count) has its wall time as its window.
import type { RequestRecord } from '../../common/results.js';

export interface ActiveWindow {
  /** Length, ms. */
  ms: number;
  /** Epoch ms when the window closed before the level's end; null when it is the whole wall time. */
  endAt: number | null;
}

/** [startedAt, startedAt + min(duration, wall time)]: a level cancelled early ends its window with it. */
export function activeWindow(level: { startedAt: number; endedAt: number; durationMs?: number }): ActiveWindow {
  const wallMs = level.endedAt - level.startedAt;
  if (level.durationMs === undefined || level.durationMs >= wallMs) return { ms: wallMs, endAt: null };
  return { ms: level.durationMs, endAt: level.startedAt + level.durationMs };
}

/**
 * Output tokens of `ok` requests that arrived by `endAt` (epoch ms). A request that ended by then counts
 * whole; one still streaming counts its token chunks that arrived by then, scaled to its token count
 * (outputTokens / chunks, which is 1 unless the server's count differs from the chunks). Chunks past the
 * record's storage cap have no offsets: they all arrived after the stored ones, so they count only when
 * the whole request ended by `endAt`.
 */
export function tokensInWindow(ok: readonly RequestRecord[], endAt: number): number {
  let tokens = 0;
  for (const r of ok) {
    const lastAt = r.lastTokenMs === null ? null : r.startedAt + r.lastTokenMs;
    if (lastAt !== null && lastAt <= endAt) {
      tokens += r.outputTokens;
      continue;
    }
    if (r.chunks === 0) continue;
    const cutoff = endAt - r.startedAt;
    let inside = 0;
    for (const offset of r.pieceOffsetsMs) {
      if (offset > cutoff) break;
      inside++;
    }
    tokens += (inside * r.outputTokens) / r.chunks;
  }
  return tokens;
}

/** How many of `ok` ended (t0 + E2E) by `endAt`, epoch ms. */
export function okEndedBy(ok: readonly RequestRecord[], endAt: number): number {
  let count = 0;
  for (const r of ok) if (r.e2eMs !== null && r.startedAt + r.e2eMs <= endAt) count++;
  return count;
}
