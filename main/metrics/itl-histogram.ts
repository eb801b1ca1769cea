// The ITL distribution of a level (docs/metrics.md § Load shapes → ITL distribution): every gap between
// consecutive token chunks of its ok requests, pooled, counted in fixed bins so that levels and runs
// compare bin by bin. Pure.
import type { ItlHistogram, RequestRecord } from '../../common/results.js';

/** Lower edges of the bins, ms: roughly logarithmic, from batched chunks (< 1 ms) to multi-second stalls. */
export const ITL_EDGES_MS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] as const;

/** Null when no ok request has two stored chunks (one chunk has no gap; records without playback have none). */
export function itlHistogram(records: readonly Pick<RequestRecord, 'status' | 'pieceOffsetsMs'>[]): ItlHistogram | null {
  const counts = new Array<number>(ITL_EDGES_MS.length).fill(0);
  let gaps = 0;
  for (const r of records) {
    if (r.status !== 'ok') continue;
    const offsets = r.pieceOffsetsMs;
    for (let i = 1; i < offsets.length; i++) {
      counts[binOf(offsets[i] - offsets[i - 1])]++;
      gaps++;
    }
  }
  return gaps > 0 ? { edgesMs: [...ITL_EDGES_MS], counts } : null;
}

function binOf(gapMs: number): number {
  let bin = 0;
  while (bin + 1 < ITL_EDGES_MS.length && gapMs >= ITL_EDGES_MS[bin + 1]) bin++;
  return bin;
}
