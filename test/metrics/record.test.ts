import { describe, expect, it } from 'vitest';
import { buildRecord, NO_TOKEN_MESSAGE, type RawRequest } from '../../main/metrics/record.js';
import { ERROR_KINDS, type RequestError, type ServerCounters } from '../../common/results.js';

const STARTED = 1_700_000_000_000;

function raw(overrides: Partial<RawRequest> = {}): RawRequest {
  return {
    level: 4,
    index: 2,
    startedAt: STARTED,
    firstByteMs: 80.1234567,
    pieces: ['Hello', ',', ' world', '!'],
    pieceOffsetsMs: [100, 150, 200, 400],
    pieceKinds: 'aaaa',
    end: { kind: 'done', atMs: 410.0004, counters: {} },
    ...overrides,
  };
}

function done(counters: ServerCounters, atMs = 410): RawRequest['end'] {
  return { kind: 'done', atMs, counters };
}

describe('buildRecord: ok requests', () => {
  it("uses the server's token count when reported", () => {
    const counters = { outputTokens: 9, promptTokens: 12, tokensPerSecond: 31.5, evalMs: 280 };
    const r = buildRecord(raw({ end: done(counters) }));
    expect(r).toMatchObject({
      level: 4,
      index: 2,
      status: 'ok',
      error: null,
      startedAt: STARTED,
      firstByteMs: 80.123,
      ttftMs: 100,
      firstAnswerMs: 100,
      lastTokenMs: 400,
      e2eMs: 410,
      outputTokens: 9,
      tokenSource: 'server',
      chunks: 4,
      thinkingTokens: 0,
      server: counters,
      text: 'Hello, world!',
      pieceKinds: 'aaaa',
    });
    // (9 − 1) tokens over (400 − 100) ms
    expect(r.tokensPerSecond).toBeCloseTo(8 / 0.3, 10);
    // gaps 50, 50, 200
    expect(r.itlMs).toEqual({ p50: 50, p90: 170, p99: 197, max: 200 });
  });

  it('falls back to the chunk count when the server gives none', () => {
    const r = buildRecord(raw());
    expect(r.outputTokens).toBe(4);
    expect(r.tokenSource).toBe('chunks');
    expect(r.chunks).toBe(4);
    expect(r.tokensPerSecond).toBeCloseTo(3 / 0.3, 10);
  });

  it('keeps a server count of 0 as the server said, not the chunk count', () => {
    const r = buildRecord(raw({ end: done({ outputTokens: 0 }) }));
    expect(r.outputTokens).toBe(0);
    expect(r.tokenSource).toBe('server');
    expect(r.tokensPerSecond).toBeNull();
  });

  it('separates thinking from the answer', () => {
    const r = buildRecord(
      raw({
        pieces: ['<think>', 'hmm', '</think>', 'Time', ' is'],
        pieceOffsetsMs: [300, 320, 340, 360, 380],
        pieceKinds: 'tttaa',
      }),
    );
    expect(r.ttftMs).toBe(300); // TTFT counts thinking tokens
    expect(r.firstAnswerMs).toBe(360);
    expect(r.thinkingTokens).toBe(3);
    expect(r.text).toBe('Time is');
    expect(r.pieces).toHaveLength(5); // playback keeps thinking pieces
  });

  it("prefers the server's reasoning count for thinking tokens", () => {
    const r = buildRecord(raw({ pieceKinds: 'ttaa', end: done({ reasoningTokens: 17 }) }));
    expect(r.thinkingTokens).toBe(17);
    expect(r.text).toBe(' world!');
  });

  it('has no first answer when only thinking arrived', () => {
    const r = buildRecord(raw({ pieceKinds: 'tttt' }));
    expect(r.status).toBe('ok');
    expect(r.firstAnswerMs).toBeNull();
    expect(r.text).toBe('');
  });

  it.each([
    { name: 'one chunk, no server count', pieces: ['Hi'], offsets: [120], counters: {} },
    { name: 'one token by server count', pieces: ['Hi', '!'], offsets: [120, 130], counters: { outputTokens: 1 } },
    { name: 'two tokens in the same instant', pieces: ['Hi', '!'], offsets: [120, 120], counters: {} },
  ])('has no decode speed with $name', ({ pieces, offsets, counters }) => {
    const r = buildRecord(
      raw({ pieces, pieceOffsetsMs: offsets, pieceKinds: 'a'.repeat(pieces.length), end: done(counters) }),
    );
    expect(r.status).toBe('ok');
    expect(r.tokensPerSecond).toBeNull();
    expect(r.ttftMs).toBe(120);
  });

  it('rounds times to µs but computes rates from the exact offsets', () => {
    const offsets = [100.00049, 100.0004, 200.1234567];
    const r = buildRecord(raw({ pieces: ['a', 'b', 'c'], pieceOffsetsMs: offsets, pieceKinds: 'aaa' }));
    expect(r.pieceOffsetsMs).toEqual([100, 100, 200.123]);
    expect(r.ttftMs).toBe(100);
    expect(r.lastTokenMs).toBe(200.123);
    expect(r.e2eMs).toBe(410);
    expect(r.tokensPerSecond).toBe(2 / ((200.1234567 - 100.00049) / 1000));
  });
});

describe('buildRecord: queue estimate', () => {
  it.each([
    { name: 'prompt eval and load reported', counters: { promptEvalMs: 30, loadMs: 20 }, expected: 50 },
    { name: 'only prompt eval reported', counters: { promptEvalMs: 30 }, expected: 70 },
    { name: 'only load reported', counters: { loadMs: 95.5 }, expected: 4.5 },
    { name: 'durations longer than TTFT (floored at 0)', counters: { promptEvalMs: 90, loadMs: 40 }, expected: 0 },
    { name: 'no durations reported', counters: { outputTokens: 4, evalMs: 300 }, expected: null },
  ])('$name → $expected', ({ counters, expected }) => {
    // TTFT is 100 ms in every case
    expect(buildRecord(raw({ end: done(counters) })).queueMs).toBe(expected);
  });
});

describe('buildRecord: errors', () => {
  it('turns a done without any token into a server-error, keeping the counters', () => {
    const counters = { outputTokens: 0, doneReason: 'stop' };
    const r = buildRecord(raw({ pieces: [], pieceOffsetsMs: [], pieceKinds: '', end: done(counters, 95) }));
    expect(r).toMatchObject({
      status: 'error',
      error: { kind: 'server-error', message: NO_TOKEN_MESSAGE },
      ttftMs: null,
      firstAnswerMs: null,
      lastTokenMs: null,
      e2eMs: 95,
      chunks: 0,
      tokensPerSecond: null,
      itlMs: null,
      queueMs: null,
      text: '',
      server: counters,
    });
  });

  it.each(ERROR_KINDS.map((kind) => ({ kind })))('passes a $kind error through unchanged', ({ kind }) => {
    const error: RequestError =
      kind === 'http' ? { kind, message: 'HTTP 503 Service Unavailable', httpStatus: 503 } : { kind, message: `it was ${kind}` };
    const r = buildRecord(raw({ pieces: [], pieceOffsetsMs: [], pieceKinds: '', end: { kind: 'error', atMs: null, error } }));
    expect(r.status).toBe('error');
    expect(r.error).toEqual(error);
    expect(r.e2eMs).toBeNull();
    expect(r.server).toBeNull();
    expect(r.outputTokens).toBe(0);
    expect(r.tokenSource).toBe('chunks');
  });

  it('keeps partial figures of a stream that broke off, for the record (summaries skip them)', () => {
    const error: RequestError = { kind: 'truncated', message: 'stream ended without end marker' };
    const r = buildRecord(raw({ end: { kind: 'error', atMs: 402.5, error } }));
    expect(r.status).toBe('error');
    expect(r.error).toEqual(error);
    expect(r.outputTokens).toBe(4);
    expect(r.tokensPerSecond).toBeCloseTo(10, 10);
    expect(r.ttftMs).toBe(100);
    expect(r.e2eMs).toBe(402.5);
    expect(r.queueMs).toBeNull();
    expect(r.text).toBe('Hello, world!');
  });
});

describe('buildRecord: inconsistent input', () => {
  it.each([
    { name: 'fewer offsets than pieces', patch: { pieceOffsetsMs: [1, 2, 3] } },
    { name: 'fewer kinds than pieces', patch: { pieceKinds: 'aaa' } },
    { name: 'unknown kind', patch: { pieceKinds: 'aaxa' } },
  ])('throws on $name', ({ patch }) => {
    expect(() => buildRecord(raw(patch))).toThrow(RangeError);
  });
});
