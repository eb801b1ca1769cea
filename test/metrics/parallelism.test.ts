import { describe, expect, it } from 'vitest';
import { effectiveParallelism } from '../../main/metrics/parallelism.js';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import { level } from '../report/sample-run.js';

/** An ok request of `levelOf` whose first token came after `ttftMs` and which decoded for `decodeMs`. */
function request(levelOf: number, index: number, ttftMs: number, decodeMs = 1000, status: 'ok' | 'error' = 'ok'): RequestRecord {
  return {
    level: levelOf,
    index,
    status,
    error: status === 'ok' ? null : { kind: 'http', message: '503', httpStatus: 503 },
    startedAt: 0,
    firstByteMs: ttftMs,
    ttftMs: status === 'ok' ? ttftMs : null,
    firstAnswerMs: ttftMs,
    lastTokenMs: ttftMs + decodeMs,
    e2eMs: ttftMs + decodeMs,
    outputTokens: 100,
    tokenSource: 'server',
    chunks: 100,
    thinkingTokens: 0,
    tokensPerSecond: 99 / (decodeMs / 1000),
    itlMs: null,
    queueMs: null,
    server: null,
    text: '',
    pieces: [],
    pieceOffsetsMs: [],
    pieceKinds: '',
  };
}

/** A burst level whose requests had these TTFTs (ms). */
function burst(concurrency: number, ttfts: number[]): { summary: LevelSummary; records: RequestRecord[] } {
  return { summary: level(concurrency), records: ttfts.map((t, i) => request(concurrency, i, t)) };
}

function find(levels: Array<ReturnType<typeof burst>>) {
  return effectiveParallelism(
    levels.map((l) => l.summary),
    levels.flatMap((l) => l.records),
  );
}

describe('effectiveParallelism', () => {
  // Single request: TTFT 200 ms, 1 s of decoding. A queued request waits about one generation per round.
  const cases: Array<[string, Array<ReturnType<typeof burst>>, number | null, boolean, number | null]> = [
    ['4 slots: at 8, four start at once and four wait a generation', [burst(1, [200]), burst(2, [210, 220]), burst(4, [230, 240, 250, 260]), burst(8, [250, 260, 270, 280, 1300, 1310, 1320, 1330])], 4, false, 8],
    ['1 slot (the old Ollama default): the second request of 2 waits', [burst(1, [200]), burst(2, [210, 1250])], 1, false, 2],
    ['2 slots, between tested levels: 4 parallel shows 2 started and 2 waited', [burst(1, [200]), burst(2, [200, 210]), burst(4, [205, 215, 1200, 1210])], 2, false, 4],
    ['no queueing seen: at least the largest level', [burst(1, [200]), burst(2, [220, 230]), burst(4, [260, 280, 300, 320])], 4, true, null],
    // Batched prefill makes TTFT grow with load, but far less than a whole generation.
    ['slower prefill under load is not queueing', [burst(1, [200]), burst(8, [300, 350, 400, 450, 500, 550, 600, 650])], 8, true, null],
    ['a level smaller than what ran unqueued does not lower the count', [burst(1, [200]), burst(4, [210, 220, 230, 240]), burst(8, [210, 220, 230, 1300, 1400, 1500, 1600, 1700])], 4, false, 8],
  ];
  it.each(cases)('%s', (_name, levels, slots, atLeast, firstQueued) => {
    const finding = find(levels);
    expect(finding.slots).toBe(slots);
    expect(finding.atLeast).toBe(atLeast);
    expect(finding.firstQueuedLevel).toBe(firstQueued);
  });

  it('says it in one sentence', () => {
    expect(find(cases[0][1]).summary).toMatch(/^requests beyond 4 waited in a queue: the server decodes 4 at a time \(at 8 parallel, 4 of 8 ok requests/);
    expect(find(cases[3][1]).summary).toBe('no request waited in a queue up to 4 parallel: the server decodes at least 4 at a time');
  });

  it('the limit is the single-request TTFT plus half a generation (or plus itself, when larger)', () => {
    const f = find([burst(1, [200]), burst(2, [200, 200])]);
    expect(f.baselineTtftMs).toBe(200);
    expect(f.limitMs).toBe(200 + 500);
    const slowPrefill = find([{ summary: level(1), records: [request(1, 0, 2000, 400)] }]);
    expect(slowPrefill.limitMs).toBe(4000);
  });

  it('ignores failed requests (a 503 from a full queue is not a slot)', () => {
    const l2 = { summary: level(2), records: [request(2, 0, 210), request(2, 1, 0, 0, 'error')] };
    const f = find([burst(1, [200]), l2, burst(4, [210, 220, 1300, 1310])]);
    expect(f.levels.find((l) => l.concurrency === 2)).toMatchObject({ ok: 1, near: 1 });
    expect(f.slots).toBe(2);
  });

  it('cannot tell without a single-request level, or in sustained mode', () => {
    const noSingle = find([burst(2, [200, 210]), burst(4, [200, 210, 1200, 1300])]);
    expect(noSingle.slots).toBeNull();
    expect(noSingle.summary).toMatch(/needs a level of 1 request/);
    const sustained = effectiveParallelism([level(1, { mode: 'sustained' })], [request(1, 0, 200)]);
    expect(sustained.slots).toBeNull();
    expect(sustained.summary).toMatch(/sustained/);
    expect(find([{ summary: level(1), records: [request(1, 0, 0, 0, 'error')] }]).slots).toBeNull();
  });

  it('leaves out a level that did not run to its end, and says so (killed: the queued requests were the ones lost)', () => {
    // 2 slots; at 4 parallel the two that got a slot finished, the two that waited were in flight when the run died.
    const killed = { summary: level(4, { requests: 2, ok: 2, interrupted: { sent: 4, lost: 2 } }), records: [request(4, 0, 205), request(4, 1, 215)] };
    const f = find([burst(1, [200]), burst(2, [200, 210]), killed]);
    expect([f.slots, f.atLeast, f.firstQueuedLevel]).toEqual([2, true, null]);
    expect(f.levels.map((l) => l.concurrency)).toEqual([1, 2]);
    expect(f.summary).toBe(
      'no request waited in a queue up to 2 parallel: the server decodes at least 2 at a time; ' +
        '4 parallel not judged (the run was killed during it: 4 sent, 2 finished, 2 lost in flight)',
    );
  });

  it('a cancelled level is not judged either; without a complete single-request level nothing is', () => {
    const cancelled = { summary: level(1, { requests: 1, ok: 0, errors: 1, errorsByKind: { cancelled: 1 } }), records: [] };
    const f = find([cancelled, burst(2, [200, 210])]);
    expect(f.slots).toBeNull();
    expect(f.summary).toBe(
      'effective parallelism needs a level of 1 request with an ok answer (the single-request TTFT); ' +
        '1 parallel not judged (the run was cancelled during it: 1 of 1 requests cancelled)',
    );
  });
});
