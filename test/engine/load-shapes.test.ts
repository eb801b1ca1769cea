// Rate levels, sweeps, repeats and goodput through the real engine against the scripted server. What is
// asserted is order, counts and causality (what the schedule and the server log fix), not how precise
// the timing is on this machine: that is bench material (bench/engine.ts, bench/pacer.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULTS, type RunConfig } from '../../common/run-config.js';
import type { LevelSummary, RequestRecord } from '../../common/results.js';
import { arrivalOffsets, deriveSeed } from '../../main/engine/arrivals.js';
import { runBenchmark } from '../../main/engine/run-benchmark.js';
import { targetFor } from '../../main/engine/targets/index.js';
import { startScriptedServer, type ScriptedServer, type ScriptedServerOptions } from '../support/scripted-server.js';
import { MemorySink } from './memory-sink.js';

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function bench(serverOptions: ScriptedServerOptions, config: Partial<RunConfig>) {
  server = await startScriptedServer(serverOptions);
  const sink = new MemorySink();
  const outcome = await runBenchmark({
    config: { ...DEFAULTS, url: server.url, timeoutMs: 20_000, idleTimeoutMs: 10_000, warmup: false, ...config },
    origin: server.url,
    target: targetFor('ollama'),
    model: 'deepseek-r1:7b',
    warmPath: '/api/version',
    sink,
    signal: new AbortController().signal,
  });
  return { outcome, sink, server };
}

const byIndex = (records: readonly RequestRecord[]): RequestRecord[] => [...records].sort((a, b) => a.index - b.index);
const endOf = (r: RequestRecord): number => r.startedAt + (r.e2eMs ?? 0);

describe('rate levels (--mode rate)', () => {
  it('start each request at its scheduled time or later, in schedule order; one level per rate', async () => {
    const { outcome, sink } = await bench(
      { tokens: 4, tokenIntervalMs: 1 },
      { mode: 'rate', rates: [20, 40], arrivals: 'constant', seed: 7, requests: 8 },
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.levels.map((l) => [l.mode, l.rate, l.requests, l.levelIndex, l.repeat])).toEqual([
      ['rate', 20, 8, 0, 0],
      ['rate', 40, 8, 1, 0],
    ]);
    for (const level of outcome.levels) {
      const records = byIndex(sink.records.filter((r) => r.rate === level.rate));
      expect(records.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      const gapMs = 1000 / level.rate!;
      records.forEach((r, k) => {
        expect(r).toMatchObject({ mode: 'rate', levelIndex: level.levelIndex, repeat: 0, level: 0, status: 'ok' });
        // The schedule is exact: constant arrivals k · 1000 / rate after the first.
        // (Epoch ms near 1.7e12 hold about 0.25 µs: compared to the µs.)
        expect(r.scheduledAt! - records[0].scheduledAt!).toBeCloseTo(k * gapMs, 3);
        // Causality: never before its time; the delay is exactly what client queue time says.
        expect(r.startedAt).toBeGreaterThanOrEqual(r.scheduledAt!);
        expect(r.clientQueueMs).toBeCloseTo(r.startedAt - r.scheduledAt!, 2); // recorded to the µs
      });
      // Started in schedule order, and the level began with its first request.
      for (let k = 1; k < records.length; k++) expect(records[k].startedAt).toBeGreaterThanOrEqual(records[k - 1].startedAt);
      expect(records[0].scheduledAt).toBeCloseTo(level.startedAt, 3);
      expect(level.seed).toBe(deriveSeed(7, 0, level.levelIndex!));
      expect(level.clientQueueMs?.max).toBeCloseTo(Math.max(...records.map((r) => r.clientQueueMs!)), 3);
      expect(level.arrivalCv).not.toBeNull();
      expect(level.requestsPerSecond).toBeCloseTo(8 / (level.wallMs / 1000), 9);
    }
  });

  it('a seeded Poisson level replays its schedule exactly: deriveSeed(seed, repeat, level)', async () => {
    const { outcome, sink } = await bench({ tokens: 2, tokenIntervalMs: 1 }, { mode: 'rate', rates: [50], seed: 12345, requests: 6 });
    const records = byIndex(sink.records);
    const expected = arrivalOffsets({ rate: 50, arrivals: 'poisson', seed: deriveSeed(12345, 0, 0), count: 6 });
    records.forEach((r, k) => expect(r.scheduledAt! - outcome.levels[0].startedAt).toBeCloseTo(expected[k], 3));
    expect(outcome.levels[0].arrivals).toBe('poisson');
  });

  it('--max-concurrency: a due request waits for a slot; the wait is client queue time, never inside TTFT', async () => {
    // Each request streams ~60 ms; 10 arrive 5 ms apart and at most 2 may be in flight.
    const { outcome, sink, server: s } = await bench(
      { tokens: 6, tokenIntervalMs: 10 },
      { mode: 'rate', rates: [200], arrivals: 'constant', maxConcurrency: 2, requests: 10, seed: 1 },
    );
    const level = outcome.levels[0];
    expect(level).toMatchObject({ concurrency: 2, maxConcurrency: 2, requests: 10, ok: 10 });
    expect(s.maxConcurrentDecoding).toBeLessThanOrEqual(2);
    const records = byIndex(sink.records);
    // First due, first served: starts keep the schedule's order.
    for (let k = 1; k < records.length; k++) expect(records[k].startedAt).toBeGreaterThanOrEqual(records[k - 1].startedAt);
    // Request k ≥ 2 started only once request k − 2 had ended (two slots), so it queued on the client …
    for (let k = 2; k < records.length; k++) {
      const freed = Math.min(...records.slice(0, k).map(endOf).sort((a, b) => a - b).slice(k - 2, k - 1));
      expect(records[k].startedAt).toBeGreaterThanOrEqual(freed - 0.01);
      expect(records[k].clientQueueMs).toBeGreaterThan(0);
      expect(records[k].clientQueueMs).toBeCloseTo(records[k].startedAt - records[k].scheduledAt!, 2);
    }
    // … and that wait is not in its TTFT: the server saw it only after the client started it.
    const arrivals = s.log.map((e) => e.arrivedAt).sort((a, b) => a - b);
    const starts = records.map((r) => r.startedAt - performance.timeOrigin);
    starts.forEach((start, k) => expect(arrivals[k]).toBeGreaterThanOrEqual(start - 0.01));
    expect(level.clientQueueMs!.max).toBeGreaterThan(0);
  });

  it('a level with a duration starts nothing after it: due requests still waiting count as not started', async () => {
    // 30 due in 300 ms (every 10 ms), one at a time, each ~50 ms: most never start.
    const { outcome, sink } = await bench(
      { tokens: 5, tokenIntervalMs: 10 },
      { mode: 'rate', rates: [100], arrivals: 'constant', maxConcurrency: 1, durationMs: 300, seed: 1 },
    );
    const level = outcome.levels[0];
    expect(level.requests).toBe(sink.records.length);
    expect(level.requests + level.notStarted!).toBe(30);
    expect(level.notStarted).toBeGreaterThan(0);
    for (const r of sink.records) expect(r.startedAt).toBeLessThan(level.startedAt + 300);
    expect(level.activeMs).toBe(Math.min(300, level.wallMs));
    expect(level.saturation?.saturated).toBe(true);
    expect(level.saturation?.reasons).toContain('requests-fail');
  });
});

describe('sweep (--mode sweep)', () => {
  it('runs synchronous, max-throughput, then rates; stops after the first saturated rate level and says so', async () => {
    // 2 slots. The synchronous level's requests take ~20 ms, the max-throughput level's ~10 ms, every later
    // one 300 ms: the first swept rate (≥ the synchronous rate, tens per second) far exceeds what 2 slots
    // serve then (~7 per second), so the wait grows and the sweep must stop there.
    const { outcome, sink } = await bench(
      {
        slots: 2,
        tokens: 2,
        script: ({ index }) => ({ tokenIntervalMs: index < 12 ? 20 : index < 24 ? 10 : 300 }),
      },
      { mode: 'sweep', requests: 12, maxConcurrency: 8, arrivals: 'constant', seed: 3 },
    );
    expect(outcome.levels.map((l) => [l.sweep, l.mode, l.concurrency])).toEqual([
      ['synchronous', 'sustained', 1],
      ['throughput', 'sustained', 8],
      ['rate', 'rate', 8],
    ]);
    const [sync, max, first] = outcome.levels as [LevelSummary, LevelSummary, LevelSummary];
    expect(max.requestsPerSecond!).toBeGreaterThan(sync.requestsPerSecond!);
    // GuideLLM's spacing: sync + (max − sync) / 8 for the first of 8 rates.
    expect(first.rate).toBeCloseTo(sync.requestsPerSecond! + (max.requestsPerSecond! - sync.requestsPerSecond!) / 8, 9);
    expect(first.saturation).toMatchObject({ saturated: true });
    const summary = sink.summaries.at(-1)!;
    expect(summary.sweep).toMatchObject({ rates: [first.rate], stoppedAt: { rate: first.rate }, sustained: null });
    expect(sink.warnings).toEqual([expect.stringMatching(/^The sweep stopped at .* requests\/s.*: the server saturated \(.*wait-grows/)]);
  });
});

describe('repeats (--repeat N)', () => {
  it('runs the whole plan N times; records keep their repeat; the summary gains mean, 95 % CI and CV per level', async () => {
    const { outcome, sink } = await bench({ tokens: 4, tokenIntervalMs: 2 }, { concurrency: [1, 2], repeats: 3 });
    expect(outcome.levels.map((l) => [l.repeat, l.levelIndex, l.concurrency])).toEqual([
      [0, 0, 1],
      [0, 1, 2],
      [1, 0, 1],
      [1, 1, 2],
      [2, 0, 1],
      [2, 1, 2],
    ]);
    expect(sink.records.filter((r) => r.repeat === 2 && r.level === 2)).toHaveLength(2);
    const { repeats } = sink.summaries.at(-1)!;
    expect(repeats?.map((r) => [r.level.concurrency, r.repeats])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    const throughput = repeats![1].figures.throughputTokensPerSecond!;
    const values = outcome.levels.filter((l) => l.concurrency === 2).map((l) => l.throughputTokensPerSecond);
    const mean = values.reduce((a, b) => a + b, 0) / 3;
    expect(throughput.mean).toBeCloseTo(mean, 9);
    expect(throughput.ci95!.low).toBeLessThanOrEqual(mean);
    expect(throughput.ci95!.high).toBeGreaterThanOrEqual(mean);
    expect(throughput.cv).toBeCloseTo(throughput.stddev / mean, 12);
    // One summary per finished level; from the second repeat on it holds every level of the plan over its repeats.
    expect(sink.summaries.map((s) => s.repeats?.map((r) => r.repeats) ?? [])).toEqual([[], [], [2, 1], [2, 2], [3, 2], [3, 3]]);
  });
});

describe('goodput', () => {
  it('shares are exact for a scripted latency pattern', async () => {
    // Request index i: odd ones wait 1.5 s for their first token (miss ttft=1s), every third decodes at
    // 5 tokens/s (misses tps=20). Of 6: 0 good, 1 ttft, 2 good, 3 ttft + tps, 4 good, 5 ttft → 3 good.
    const { outcome } = await bench(
      {
        tokens: 4,
        script: ({ index }) => ({ prefillMs: index % 2 === 1 ? 1500 : 5, tokenIntervalMs: index % 3 === 0 && index > 0 ? 200 : 2 }),
      },
      { concurrency: [6], slo: { ttftMs: 1000, tokensPerSecond: 20 } },
    );
    const goodput = outcome.levels[0].goodput!;
    expect(goodput).toMatchObject({ slo: { ttftMs: 1000, tokensPerSecond: 20 }, requests: 6, good: 3, goodShare: 0.5 });
    expect(goodput.missed).toEqual({ ttft: 3, itl: 0, e2e: 0, tps: 1, error: 0 });
    expect(goodput.goodputRequestsPerSecond).toBeCloseTo(3 / (outcome.levels[0].wallMs / 1000), 9);
  });

  it('without an SLO, the verdict thresholds are the objectives: ttft ≤ 10 s, tps ≥ 20', async () => {
    const { outcome } = await bench({ tokens: 3, tokenIntervalMs: 1 }, { concurrency: [2] });
    expect(outcome.levels[0].goodput).toMatchObject({ slo: { ttftMs: 10_000, tokensPerSecond: 20 }, good: 2, goodShare: 1 });
  });
});

describe('sustained levels end their active window at their duration', () => {
  it('throughput and request rate divide by the duration, not by the drain after it', async () => {
    // Requests of ~200 ms kept 2 in flight for 300 ms: the last ones end well after the duration.
    const { outcome, sink } = await bench({ tokens: 10, tokenIntervalMs: 20 }, { concurrency: [2], mode: 'sustained', durationMs: 300 });
    const level = outcome.levels[0];
    expect(level.activeMs).toBe(300);
    expect(level.wallMs).toBeGreaterThan(300);
    const windowEnd = level.startedAt + 300;
    let tokens = 0;
    for (const r of sink.records) for (const offset of r.pieceOffsetsMs) if (r.startedAt + offset <= windowEnd) tokens++;
    expect(level.throughputTokensPerSecond).toBeCloseTo(tokens / 0.3, 6);
    const endedInside = sink.records.filter((r) => endOf(r) <= windowEnd).length;
    expect(level.requestsPerSecond).toBeCloseTo(endedInside / 0.3, 9);
  });
});
