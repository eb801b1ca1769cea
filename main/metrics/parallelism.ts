// The server's effective parallelism, read from the data: how many requests it decodes at once before
// the rest wait in a queue (Ollama's OLLAMA_NUM_PARALLEL, llama-server's --parallel). A queued request
// waits for a whole generation to end, so its TTFT leaves the single-request TTFT far behind, while a
// request that got a slot at once starts near it.
import type { LevelQueueing, ParallelismFinding } from '../../common/findings.js';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import { incompleteReason, notJudgedNote } from './incomplete-level.js';

/** A request is "near" the single-request TTFT when it waited less than half a generation longer than that. */
export const QUEUE_WAIT_SHARE_OF_GENERATION = 0.5;

export function effectiveParallelism(levels: readonly LevelSummary[], records: readonly RequestRecord[]): ParallelismFinding {
  const unknown = (summary: string, partial: Partial<ParallelismFinding> = {}): ParallelismFinding => ({
    slots: null,
    atLeast: false,
    firstQueuedLevel: null,
    baselineTtftMs: null,
    limitMs: null,
    levels: [],
    summary,
    ...partial,
  });
  if (levels.some((l) => l.mode === 'sustained')) {
    return unknown('effective parallelism is read from burst levels; this run kept requests in flight (sustained mode)');
  }
  // A level that did not run to its end lost exactly the requests that waited (they ended last): read
  // alone, its finished ones would say "no queue" of a server that queued. Such levels are left out, and said.
  const notes: string[] = [];
  const complete = levels.filter((level) => {
    const reason = incompleteReason(level);
    if (reason !== null) notes.push(notJudgedNote(level, reason));
    return reason === null;
  });
  const finding = judgeParallelism(complete, records, unknown);
  return notes.length === 0 ? finding : { ...finding, summary: `${finding.summary}; ${notes.join('; ')}` };
}

function judgeParallelism(
  levels: readonly LevelSummary[],
  records: readonly RequestRecord[],
  unknown: (summary: string) => ParallelismFinding,
): ParallelismFinding {
  const sorted = [...levels].sort((a, b) => a.concurrency - b.concurrency);
  const okByLevel = new Map<number, RequestRecord[]>();
  for (const r of records) {
    if (r.status !== 'ok' || r.ttftMs === null) continue;
    const list = okByLevel.get(r.level);
    if (list) list.push(r);
    else okByLevel.set(r.level, [r]);
  }
  const single = okByLevel.get(1) ?? [];
  if (sorted[0]?.concurrency !== 1 || single.length === 0) {
    return unknown('effective parallelism needs a level of 1 request with an ok answer (the single-request TTFT)');
  }
  const baselineTtftMs = median(single.map((r) => r.ttftMs ?? 0));
  const generationMs = median(single.map((r) => (r.e2eMs ?? r.ttftMs ?? 0) - (r.ttftMs ?? 0)));
  // A queued request waits at least one whole generation; half of one separates it from batching jitter.
  const limitMs = baselineTtftMs + Math.max(baselineTtftMs, QUEUE_WAIT_SHARE_OF_GENERATION * generationMs);

  const seen: LevelQueueing[] = [];
  let largestUnqueued = 1;
  for (const level of sorted) {
    const ok = okByLevel.get(level.concurrency) ?? [];
    // One pass, no spread: Math.max(...ttfts) throws past ~100k arguments, and a level can hold more requests.
    let near = 0;
    let maxTtftMs: number | null = null;
    for (const r of ok) {
      const ttft = r.ttftMs ?? 0;
      if (ttft <= limitMs) near++;
      if (maxTtftMs === null || ttft > maxTtftMs) maxTtftMs = ttft;
    }
    seen.push({ concurrency: level.concurrency, ok: ok.length, near, maxTtftMs });
    if (ok.length === 0) continue;
    if (near === ok.length) {
      largestUnqueued = Math.max(largestUnqueued, level.concurrency);
      continue;
    }
    const slots = Math.max(near, largestUnqueued);
    return {
      slots,
      atLeast: false,
      firstQueuedLevel: level.concurrency,
      baselineTtftMs,
      limitMs,
      levels: seen,
      summary:
        `requests beyond ${slots} waited in a queue: the server decodes ${slots} at a time ` +
        `(at ${level.concurrency} parallel, ${near} of ${ok.length} ok requests had their first token within ` +
        `${formatSeconds(limitMs)} s, the others waited for a slot)`,
    };
  }
  return {
    slots: largestUnqueued,
    atLeast: true,
    firstQueuedLevel: null,
    baselineTtftMs,
    limitMs,
    levels: seen,
    summary: `no request waited in a queue up to ${largestUnqueued} parallel: the server decodes at least ${largestUnqueued} at a time`,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 1000 ? 3 : 2);
}
