import { describe, expect, it } from 'vitest';
import { levelWindowFromRecords, summarizeLevel, summarizeRun, type LevelWindow } from '../../main/metrics/level-summary.js';
import { buildRecord } from '../../main/metrics/record.js';
import type { RequestError, RequestRecord, ServerCounters } from '../../common/results.js';

const T0 = 1_700_000_000_000;

/** An ok request whose n tokens arrive every `gapMs` after `ttftMs`. */
function ok(level: number, index: number, ttftMs: number, n: number, gapMs: number, counters: ServerCounters = {}): RequestRecord {
  const offsets = Array.from({ length: n }, (_, i) => ttftMs + i * gapMs);
  return buildRecord({
    level,
    index,
    startedAt: T0 + index,
    firstByteMs: ttftMs,
    pieces: offsets.map((_, i) => `t${i}`),
    pieceOffsetsMs: offsets,
    pieceKinds: 'a'.repeat(n),
    end: { kind: 'done', atMs: offsets[n - 1] + 5, counters },
  });
}

function failed(level: number, index: number, error: RequestError, offsets: number[] = []): RequestRecord {
  return buildRecord({
    level,
    index,
    startedAt: T0 + index,
    firstByteMs: offsets[0] ?? null,
    pieces: offsets.map(() => 'x'),
    pieceOffsetsMs: offsets,
    pieceKinds: 'a'.repeat(offsets.length),
    end: { kind: 'error', atMs: offsets.length > 0 ? offsets[offsets.length - 1] + 1 : null, error },
  });
}

const window = (concurrency: number, startedAt = T0, endedAt = T0 + 10_000): LevelWindow => ({
  concurrency,
  mode: 'burst',
  startedAt,
  endedAt,
});

describe('summarizeLevel', () => {
  // 3 ok requests: TTFT 1, 2, 3 s; 11 chunks at 100/50/25 ms gaps → decode spans 1000/500/250 ms;
  // request 1's server counts 21 tokens. Speeds: 10/1.0 = 10, 20/0.5 = 40, 10/0.25 = 40 t/s.
  // and 3 errors: two that never produced a token, one truncated fast stream.
  const records = [
    ok(5, 0, 1000, 11, 100, { promptEvalMs: 400, loadMs: 100, tokensPerSecond: 11 }),
    ok(5, 1, 2000, 11, 50, { outputTokens: 21, tokensPerSecond: 22 }),
    ok(5, 2, 3000, 11, 25),
    failed(5, 3, { kind: 'http', message: 'HTTP 503', httpStatus: 503 }),
    failed(5, 4, { kind: 'http', message: 'HTTP 503', httpStatus: 503 }),
    failed(5, 5, { kind: 'truncated', message: 'no end marker' }, [10, 11, 12, 13]),
  ];
  const s = summarizeLevel(records, window(5, T0, T0 + 4000));

  it('counts requests, ok, errors and errors by kind', () => {
    expect(s).toMatchObject({ concurrency: 5, mode: 'burst', requests: 6, ok: 3, errors: 3, wallMs: 4000 });
    expect(s.errorsByKind).toEqual({ http: 2, truncated: 1 });
  });

  it('never averages errors in: TTFT is over ok requests only', () => {
    // The study averaged failed requests in as TTFT 0 → (1+2+3+0+0)/5 = 1.2 s; with the 10 ms partial, 1.0 s.
    expect(s.ttftMs?.mean).toBe(2000);
    expect(s.ttftMs?.min).toBe(1000);
    expect(s.ttftMs?.max).toBe(3000);
  });

  it('keeps the fast partial stream of an error out of tokens/s', () => {
    expect(s.tokensPerSecond?.min).toBeCloseTo(10, 10);
    expect(s.tokensPerSecond?.max).toBeCloseTo(40, 10);
    expect(s.tokensPerSecond?.mean).toBeCloseTo(30, 10); // (10 + 40 + 40) / 3; the truncated one ran at 3000 t/s
    expect(s.tokensPerSecond?.p5).toBeCloseTo(13, 10); // sorted 10,40,40: h=0.1 → 10 + 0.1·30
  });

  it('sums output tokens of ok requests only into throughput', () => {
    expect(s.outputTokensTotal).toBe(11 + 21 + 11);
    expect(s.throughputTokensPerSecond).toBeCloseTo(43 / 4, 10);
    expect(s.outputTokens?.mean).toBeCloseTo(43 / 3, 10);
  });

  it('summarises E2E, queue, ITL p99 and server rates where present', () => {
    expect(s.e2eMs?.min).toBe(1000 + 1000 + 5);
    expect(s.queueMs).toEqual(expect.objectContaining({ mean: 500, min: 500, max: 500 })); // only request 0 reported durations
    expect(s.itlP99Ms?.min).toBe(25);
    expect(s.itlP99Ms?.max).toBe(100);
    expect(s.serverTokensPerSecond?.mean).toBe(16.5); // 11 and 22; request 2 reported none
    expect(s.firstAnswerMs?.mean).toBe(2000);
  });

  it('has null stats and zero throughput when nothing succeeded', () => {
    const none = summarizeLevel([failed(2, 0, { kind: 'connect', message: 'ECONNREFUSED' })], window(2));
    expect(none).toMatchObject({ requests: 1, ok: 0, errors: 1, errorsByKind: { connect: 1 }, outputTokensTotal: 0 });
    expect(none.throughputTokensPerSecond).toBe(0);
    for (const key of ['ttftMs', 'firstAnswerMs', 'tokensPerSecond', 'e2eMs', 'outputTokens', 'queueMs', 'itlP99Ms', 'serverTokensPerSecond'] as const) {
      expect(none[key], key).toBeNull();
    }
  });

  it('reports zero throughput for a zero-length window instead of Infinity', () => {
    const zero = summarizeLevel([ok(1, 0, 10, 3, 1)], window(1, T0, T0));
    expect(zero.wallMs).toBe(0);
    expect(zero.throughputTokensPerSecond).toBe(0);
  });

  it('summarises an empty level', () => {
    const empty = summarizeLevel([], window(8));
    expect(empty).toMatchObject({ requests: 0, ok: 0, errors: 0, errorsByKind: {}, ttftMs: null });
  });
});

describe('summarizeRun', () => {
  const records = [ok(2, 0, 100, 3, 10), ok(1, 0, 50, 3, 10), ok(2, 1, 300, 3, 10), ok(4, 0, 70, 3, 10)];

  it('groups by level in window order', () => {
    const run = summarizeRun(records, [window(2), window(1)], 'sustained');
    expect(run.levels.map((l) => [l.concurrency, l.requests])).toEqual([
      [2, 2],
      [1, 1],
      [4, 1], // no window: derived, appended
    ]);
    expect(run.levels[0].ttftMs?.mean).toBe(200);
    expect(run.levels[2].mode).toBe('sustained');
  });

  it('derives a window from the records of a level that has none', () => {
    const level4 = summarizeRun(records, []).levels.find((l) => l.concurrency === 4);
    // started T0 + 0, ended t0 + e2e = 70 + 20 + 5
    expect(level4).toMatchObject({ startedAt: T0, endedAt: T0 + 95, wallMs: 95, mode: 'burst' });
  });

  it('keeps a window with no records as an empty level', () => {
    const run = summarizeRun([], [window(16)]);
    expect(run.levels).toHaveLength(1);
    expect(run.levels[0]).toMatchObject({ concurrency: 16, requests: 0 });
  });

  it('refuses two windows for one concurrency', () => {
    expect(() => summarizeRun(records, [window(2), window(2)])).toThrow(/concurrency 2/);
  });
});

describe('levelWindowFromRecords', () => {
  it('spans first start to the latest moment seen, including requests that never ended', () => {
    const broken = failed(3, 7, { kind: 'idle-timeout', message: 'no byte for 60 s' }, [500, 900]);
    const w = levelWindowFromRecords([ok(3, 0, 10, 2, 10), { ...broken, e2eMs: null }], 3, 'burst');
    expect(w).toEqual({ concurrency: 3, mode: 'burst', startedAt: T0, endedAt: T0 + 7 + 900 });
  });
});
