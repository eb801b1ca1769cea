// A record stores at most MAX_STORED_TEXT_CHARS of text; the chunks past it still count and time the request.
import { describe, expect, it } from 'vitest';
import { buildRecord, type RawRequest } from '../../main/metrics/record.js';

const STARTED = 1_700_000_000_000;

function raw(overrides: Partial<RawRequest>): RawRequest {
  return {
    level: 1,
    index: 0,
    startedAt: STARTED,
    firstByteMs: 10,
    pieces: ['Hmm', ' so'],
    pieceOffsetsMs: [100, 150],
    pieceKinds: 'tt',
    end: { kind: 'done', atMs: 900, counters: {} },
    ...overrides,
  };
}

describe('buildRecord past the storage cap', () => {
  it('counts unstored chunks in chunks, thinking, first answer, last token and tokens/s; ITL covers the stored ones', () => {
    const record = buildRecord(
      raw({ unstored: { chunks: 8, thinkingChunks: 3, firstMs: 200, firstAnswerMs: 500, lastMs: 850 } }),
    );
    expect(record).toMatchObject({
      status: 'ok',
      chunks: 10,
      outputTokens: 10,
      tokenSource: 'chunks',
      thinkingTokens: 5,
      ttftMs: 100,
      firstAnswerMs: 500,
      lastTokenMs: 850,
      e2eMs: 900,
      text: '',
      pieces: ['Hmm', ' so'],
      pieceKinds: 'tt',
      itlMs: { p50: 50, p90: 50, p99: 50, max: 50 },
      truncatedForStorage: true,
    });
    expect(record.tokensPerSecond).toBeCloseTo(9 / 0.75, 12);
  });

  it('a first piece larger than the cap leaves nothing stored, and TTFT comes from the unstored chunks', () => {
    const record = buildRecord(
      raw({ pieces: [], pieceOffsetsMs: [], pieceKinds: '', unstored: { chunks: 2, thinkingChunks: 0, firstMs: 120, firstAnswerMs: 120, lastMs: 300 } }),
    );
    expect(record).toMatchObject({ status: 'ok', chunks: 2, ttftMs: 120, firstAnswerMs: 120, lastTokenMs: 300, itlMs: null, truncatedForStorage: true });
  });

  it('a record within the cap has no truncatedForStorage field at all', () => {
    expect('truncatedForStorage' in buildRecord(raw({}))).toBe(false);
  });
});
