import { describe, expect, it, vi } from 'vitest';
import { DEFAULTS, type RunConfig } from '../../common/run-config.js';
import type { RequestRecord } from '../../common/results.js';
import { RunEventRelay, withoutPlayback } from '../../main/app/run-events.js';
import type { RunEvent } from '../../common/api.js';

const config: RunConfig = { ...DEFAULTS, concurrency: [50], url: 'http://127.0.0.1:1' };

function record(index: number): RequestRecord {
  return {
    level: 50, index, status: 'ok', error: null, startedAt: 0, firstByteMs: 1, ttftMs: 1, firstAnswerMs: 1, lastTokenMs: 2, e2eMs: 2,
    outputTokens: 2, tokenSource: 'chunks', chunks: 2, thinkingTokens: 0, tokensPerSecond: 1000, itlMs: null, queueMs: null, server: null,
    text: 'ab', pieces: ['a', 'b'], pieceOffsetsMs: [1, 2], pieceKinds: 'aa',
  };
}

describe('run event relay', () => {
  it('batches a burst of records into one event per interval, without playback payload', async () => {
    const emitted: Array<{ at: number; event: RunEvent }> = [];
    const relay = new RunEventRelay({ runId: 'r', config, emit: (event) => emitted.push({ at: performance.now(), event }), now: () => performance.now(), intervalMs: 100 });
    relay.events.onPhase!('level', 0, { concurrency: 50, mode: 'burst' });
    for (let i = 0; i < 50; i++) {
      for (let t = 0; t < 2; t++) relay.events.onToken!();
      relay.events.onRecord!(record(i));
    }
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 50; i < 60; i++) relay.events.onRecord!(record(i));
    await new Promise((r) => setTimeout(r, 250));
    relay.finish('completed', null);
    relay.events.onRecord!(record(99));

    const types = emitted.map((e) => e.event.type);
    expect(types).toEqual(['phase', 'requests', 'progress', 'requests', 'progress', 'finished']);
    const batches = emitted.filter((e) => e.event.type === 'requests');
    expect(batches.map((b) => (b.event as Extract<RunEvent, { type: 'requests' }>).records.length)).toEqual([50, 10]);
    // The second flush waited for the interval since the first.
    expect(batches[1]!.at - batches[0]!.at).toBeGreaterThanOrEqual(95);
    const records = batches.flatMap((b) => (b.event as Extract<RunEvent, { type: 'requests' }>).records);
    expect(records.every((r) => r.pieces.length === 0 && r.pieceOffsetsMs.length === 0 && r.pieceKinds === '' && r.text === 'ab')).toBe(true);
    expect(emitted.at(-2)!.event).toMatchObject({ type: 'progress', done: 60, total: 50, levelCount: 1, errors: 0 });
  });

  it('keeps progress coming while answers stream with no request ending, at most one flush per interval', () => {
    // On a virtual clock: how many flushes fit into 800 ms of real time, and the live rate of tokens sent
    // every 10 ms of real time, depend on the machine's load.
    vi.useFakeTimers();
    const emitted: Array<{ at: number; event: RunEvent }> = [];
    const relay = new RunEventRelay({ runId: 'r', config, emit: (event) => emitted.push({ at: Date.now(), event }), now: () => Date.now(), intervalMs: 100 });
    try {
      relay.events.onPhase!('level', 0, { concurrency: 50, mode: 'burst' });
      for (let tick = 0; tick < 80; tick++) {
        for (let t = 0; t < 50; t++) relay.events.onToken!();
        vi.advanceTimersByTime(10);
      }
    } finally {
      vi.useRealTimers();
    }
    const progress = emitted.filter((e) => e.event.type === 'progress');
    relay.finish('completed', null);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(95);
    const rates = progress.map((e) => (e.event as Extract<RunEvent, { type: 'progress' }>).liveTokensPerSecond);
    expect(rates.at(-1)).toBeGreaterThan(1000);
    expect(emitted.filter((e) => e.event.type === 'requests')).toHaveLength(0);
  });

  it('withoutPlayback keeps everything else', () => {
    const { pieces, pieceOffsetsMs, pieceKinds, ...rest } = record(1);
    expect([pieces.length, pieceOffsetsMs.length, pieceKinds]).toEqual([2, 2, 'aa']);
    expect(withoutPlayback(record(1))).toEqual({ ...rest, pieces: [], pieceOffsetsMs: [], pieceKinds: '' });
  });
});
