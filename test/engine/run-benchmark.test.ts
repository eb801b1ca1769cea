import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULTS, type RunConfig } from '../../common/run-config.js';
import { runBenchmark, WarmupError } from '../../main/engine/run-benchmark.js';
import { targetFor } from '../../main/engine/targets/index.js';
import { startScriptedServer, type ScriptedServer, type ScriptedServerOptions } from '../support/scripted-server.js';
import { MemorySink } from './memory-sink.js';

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function bench(serverOptions: ScriptedServerOptions, config: Partial<RunConfig>, signal = new AbortController().signal) {
  server = await startScriptedServer(serverOptions);
  const sink = new MemorySink();
  const outcome = await runBenchmark({
    config: { ...DEFAULTS, url: server.url, timeoutMs: 10_000, idleTimeoutMs: 5_000, ...config },
    origin: server.url,
    target: targetFor('ollama'),
    model: 'deepseek-r1:7b',
    warmPath: '/api/version',
    sink,
    signal,
  });
  return { outcome, sink, server };
}

describe('burst levels', () => {
  it('sends N at once per level, excludes the warm-up, and shows queueing past the server slots', async () => {
    const { outcome, sink, server: s } = await bench(
      { slots: 2, tokens: 10, tokenIntervalMs: 5, prefillMs: 10 },
      { concurrency: [1, 2, 4], mode: 'burst' },
    );
    expect(outcome.status).toBe('completed');
    // 1 warm-up + 1 + 2 + 4 generation requests reached the server; only 7 are recorded.
    expect(s.log).toHaveLength(8);
    expect(sink.records).toHaveLength(7);
    expect(sink.records.every((r) => r.status === 'ok')).toBe(true);
    expect(outcome.levels.map((l) => [l.concurrency, l.requests, l.ok])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
      [4, 4, 4],
    ]);
    // With 2 slots, the last 2 of the 4-level wait for a whole generation (~55 ms) before their first token.
    // How the TTFTs spread depends on the machine's load (a slow start of the first two narrows it); what
    // does not: on the server the last two got a slot only once one of the first two had ended, and a
    // record's TTFT contains its request's wait for the slot plus the 10 ms prefill.
    const level4 = outcome.levels[2]!;
    const bySlot = s.log.slice(4).sort((a, b) => a.slotAt! - b.slotAt!);
    const firstEnd = Math.min(bySlot[0]!.endAt!, bySlot[1]!.endAt!);
    for (const queued of bySlot.slice(2)) expect(queued.slotAt!).toBeGreaterThanOrEqual(firstEnd);
    const longestSlotWait = Math.max(...bySlot.map((e) => e.slotAt! - e.arrivedAt));
    expect(level4.ttftMs!.max).toBeGreaterThanOrEqual(longestSlotWait + 10 - 0.01);
    expect(s.maxConcurrentDecoding).toBe(2);
    // The summary is rewritten after each level.
    expect(sink.summaries.map((x) => x.levels.length)).toEqual([1, 2, 3]);
    expect(level4.throughputTokensPerSecond).toBeCloseTo((4 * 10 * 1000) / level4.wallMs, 6);
  });

  it('counts errors by kind and keeps them out of the averages', async () => {
    const { outcome } = await bench(
      { tokens: 10, tokenIntervalMs: 2, slots: 8, faults: { 2: { type: 'http', status: 503 }, 3: { type: 'truncate', afterTokens: 2 } } },
      { concurrency: [4], mode: 'burst', warmup: true },
    );
    const level = outcome.levels[0]!;
    // Request indexes 0 (warm-up), 1..4 (level): the faults hit two of the level's requests.
    expect(level.errors).toBe(2);
    expect(level.errorsByKind).toEqual({ http: 1, truncated: 1 });
    expect(level.ok).toBe(2);
    expect(level.outputTokensTotal).toBe(20);
  });

  it('a failing warm-up fails the run before any level', async () => {
    await expect(
      bench({ tokens: 5, faults: { 0: { type: 'http', status: 500, body: '{"error":"model failed to load"}' } } }, { concurrency: [1] }),
    ).rejects.toBeInstanceOf(WarmupError);
    expect(server?.log).toHaveLength(1);
  });
});

describe('sustained levels', () => {
  it('keeps exactly N in flight until the request count is reached', async () => {
    const { outcome, sink, server: s } = await bench(
      { tokens: 5, tokenIntervalMs: 3 },
      { concurrency: [3], mode: 'sustained', requests: 10, warmup: false },
    );
    expect(sink.records).toHaveLength(10);
    expect(outcome.levels[0]!.mode).toBe('sustained');
    expect(s.maxConcurrentDecoding).toBe(3);
    expect(sink.records.map((r) => r.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stops starting requests at the duration and lets those in flight finish', async () => {
    const { outcome, sink } = await bench(
      { tokens: 10, tokenIntervalMs: 10 },
      { concurrency: [2], mode: 'sustained', durationMs: 500, warmup: false },
    );
    // Each request takes ~100 ms (longer when the machine is loaded); 2 in flight for 500 ms → up to
    // about 10 requests, all complete, and none started after the deadline.
    expect(sink.records.length).toBeLessThanOrEqual(12);
    const starts = sink.records.map((r) => r.startedAt);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(510);
    expect(sink.records.every((r) => r.status === 'ok')).toBe(true);
    // How many requests fit in 500 ms depends on the machine's load; what does not: a new request starts
    // only when one ends (never more than 2 in flight), and every request that ended well before the
    // deadline was replaced (50 ms covers the step from the end of a response to the next start).
    const ends = sink.records.map((r) => r.startedAt + r.e2eMs!).sort((x, y) => x - y);
    [...starts].sort((x, y) => x - y).slice(2).forEach((start, i) => expect(start).toBeGreaterThanOrEqual(ends[i]! - 0.01));
    const deadline = outcome.levels[0]!.startedAt + 500;
    expect(sink.records.length).toBeGreaterThanOrEqual(2 + ends.filter((end) => end < deadline - 50).length);
  });
});

describe('cancel', () => {
  it('ends in-flight requests as cancelled, keeps their records and the partial level, stops starting levels', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const { outcome, sink } = await bench(
      { tokens: 1000, tokenIntervalMs: 5 },
      { concurrency: [2, 4], mode: 'burst', warmup: false },
      controller.signal,
    );
    expect(outcome.status).toBe('cancelled');
    expect(outcome.levels).toHaveLength(1);
    expect(sink.records).toHaveLength(2);
    expect(sink.records.every((r) => r.error?.kind === 'cancelled' && r.chunks > 10)).toBe(true);
  });
});
