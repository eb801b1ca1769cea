import { performance } from 'node:perf_hooks';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPool } from '../../main/engine/connection-pool.js';
import { streamRequest } from '../../main/engine/stream-request.js';
import { targetFor } from '../../main/engine/targets/index.js';
import type { TargetApi } from '../../main/engine/targets/target.js';
import type { ApiKind } from '../../common/run-config.js';
import { buildRecord } from '../../main/metrics/record.js';
import { percentile } from '../../main/metrics/stats.js';
import type { RequestRecord } from '../../common/results.js';
import {
  expectedText,
  startScriptedServer,
  type ScriptedServer,
  type ScriptedServerOptions,
} from '../support/scripted-server.js';
import type { Fault, RequestLogEntry } from '../support/scripted/types.js';

const MODEL = 'deepseek-r1:7b';
let server: ScriptedServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

interface Call {
  target?: TargetApi;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  think?: boolean;
  maxTokens?: number;
  onToken?: (index: number, tokens: number) => void;
  /** Send one unmeasured request first, as the engine's warm-up does: the first request of a fresh
   * process pays JIT compilation of the parse path (8–16 ms here), which no real level sees. */
  warmFirst?: boolean;
}

async function measure(options: ScriptedServerOptions, call: Call = {}): Promise<{ record: RequestRecord; log: RequestLogEntry }> {
  const running = await startScriptedServer(options);
  server = running;
  const pool = createPool(running.url, 1);
  try {
    const send = () => streamRequest({
      dispatcher: pool,
      origin: running.url,
      target: call.target ?? targetFor('ollama'),
      params: { model: MODEL, prompt: 'What is time?', think: call.think, maxTokens: call.maxTokens },
      level: 1,
      index: 0,
      timeoutMs: call.timeoutMs ?? 10_000,
      idleTimeoutMs: call.idleTimeoutMs ?? 5_000,
      signal: call.signal,
      onToken: call.onToken,
    });
    if (call.warmFirst) await send();
    const raw = await send();
    const log = running.log[call.warmFirst ? 1 : 0];
    if (!log) throw new Error('the server logged no generation request');
    return { record: buildRecord(raw), log };
  } finally {
    await pool.destroy();
  }
}

/** t0 of a record on this process's monotonic clock, which the in-process server shares. */
const t0Of = (record: RequestRecord): number => record.startedAt - performance.timeOrigin;

const targets: Array<[string, () => TargetApi, ApiKind]> = [
  ['ollama /api/generate', () => targetFor('ollama'), 'ollama'],
  ['ollama /api/chat', () => targetFor('ollama', { ollamaEndpoint: 'chat' }), 'ollama'],
  ['openai /v1/chat/completions', () => targetFor('openai'), 'openai'],
];

describe.each(targets)('timing against the server log: %s', (_name, target) => {
  it('measures TTFT, tokens and decode speed as the server produced them', async () => {
    const { record, log } = await measure({ tokens: 100, tokenIntervalMs: 10, prefillMs: 60 }, { target: target(), warmFirst: true });
    expect(record.status).toBe('ok');
    expect(log.outcome).toBe('completed');
    expect(record.outputTokens).toBe(log.tokens);
    expect(record.outputTokens).toBe(100);
    expect(record.chunks).toBe(100);
    expect(record.tokenSource).toBe('server');
    expect(record.text).toBe(expectedText(100));
    const t0 = t0Of(record);
    // Client and server share this process's monotonic clock. What load cannot change: no token is seen
    // before the server wrote it, and TTFT, last token, tokens/s and ITL are those arrivals. How late the
    // client sees each token depends on the machine's load; `npm run bench:engine` prints that error
    // (TTFT, ITL and decode speed against the server's log) instead of a bound asserted here.
    expect(record.ttftMs).toBeGreaterThanOrEqual((log.firstTokenAt ?? 0) - t0);
    record.pieceOffsetsMs.forEach((offset, i) => expect(offset, `token ${i}`).toBeGreaterThanOrEqual(log.tokenTimes[i]! - t0 - 0.001));
    expect(record.ttftMs).toBe(record.pieceOffsetsMs[0]);
    expect(record.lastTokenMs).toBe(record.pieceOffsetsMs[99]);
    expect(record.ttftMs).toBeGreaterThanOrEqual(60);
    expect(record.tokensPerSecond).toBeCloseTo((99 * 1000) / (record.lastTokenMs! - record.ttftMs!), 2);
    const gaps = record.pieceOffsetsMs.slice(1).map((at, i) => at - record.pieceOffsetsMs[i]!);
    expect(record.itlMs!.p50).toBeCloseTo(percentile(Float64Array.from(gaps).sort(), 50), 2);
    expect(record.e2eMs!).toBeGreaterThanOrEqual(record.lastTokenMs!);
    expect(record.pieceOffsetsMs).toHaveLength(100);
  });
});

describe('reasoning output', () => {
  it('ollama: thinking tokens come first, TTFT counts them, first answer token after', async () => {
    const { record, log } = await measure({ tokens: 20, thinkingTokens: 8, tokenIntervalMs: 10 }, { think: true });
    expect(record.status).toBe('ok');
    expect(log.thinkingTokens).toBe(8);
    expect(record.thinkingTokens).toBe(8);
    expect(record.pieceKinds).toBe('t'.repeat(8) + 'a'.repeat(12));
    // The first answer token is the 9th written: its arrival, which cannot precede the server's write of
    // that token (so it is not a thinking token's arrival; how late it comes depends on load).
    const serverGap = log.tokenTimes[8]! - log.tokenTimes[0]!;
    expect(serverGap).toBeGreaterThanOrEqual(79);
    expect(record.firstAnswerMs).toBe(record.pieceOffsetsMs[8]);
    expect(record.firstAnswerMs).toBeGreaterThanOrEqual(log.tokenTimes[8]! - t0Of(record) - 0.001);
    expect(record.text).toBe(expectedText(20, undefined, 8));
  });

  it('openai: reasoning_content is thinking', async () => {
    const { record } = await measure(
      { tokens: 12, thinkingTokens: 4, tokenIntervalMs: 2 },
      { target: targetFor('openai'), think: true },
    );
    expect(record.status).toBe('ok');
    expect(record.pieceKinds).toBe('tttt' + 'a'.repeat(8));
  });
});

describe('every fault becomes the right error kind', () => {
  const cases: Array<[string, Fault, string, number | undefined]> = [
    ['HTTP 500', { type: 'http', status: 500, body: '{"error":"boom"}' }, 'http', 500],
    ['HTTP 503 queue full', { type: 'http', status: 503 }, 'http', 503],
    ['reset mid-stream', { type: 'reset', afterTokens: 5 }, 'truncated', undefined],
    ['truncated stream', { type: 'truncate', afterTokens: 5 }, 'truncated', undefined],
    ['malformed line', { type: 'malformed', afterTokens: 5 }, 'malformed', undefined],
    ['in-stream error', { type: 'error-line', afterTokens: 5, message: 'out of memory' }, 'server-error', undefined],
  ];
  describe.each(['ollama', 'openai'] as const)('%s', (api) => {
    it.each(cases)('%s', async (_name, fault, kind, httpStatus) => {
      const { record } = await measure({ tokens: 20, tokenIntervalMs: 1, faults: { 0: fault } }, { target: targetFor(api) });
      expect(record.status).toBe('error');
      expect(record.error?.kind).toBe(kind);
      expect(record.error?.httpStatus).toBe(httpStatus);
      expect(record.error?.message.length).toBeGreaterThan(0);
      if (fault.type === 'error-line') expect(record.error?.message).toContain('out of memory');
      if (httpStatus === 503) expect(record.error?.message).toContain('server busy');
      if ('afterTokens' in fault) expect(record.chunks).toBe(fault.afterTokens);
      // A request that failed never contributes a zero: its partial figures stay in the record only.
      expect(record.tokenSource).toBe('chunks');
    });
  });

  it('a stall ends as idle-timeout right after the idle timeout, not later', async () => {
    const { record } = await measure(
      { tokens: 20, tokenIntervalMs: 1, faults: { 0: { type: 'stall', afterTokens: 3 } } },
      { idleTimeoutMs: 300 },
    );
    expect(record.error?.kind).toBe('idle-timeout');
    const silence = record.e2eMs! - record.lastTokenMs!;
    expect(silence).toBeGreaterThanOrEqual(299);
    // How late the timer fires depends on load; the kind above already says the idle timeout ended it,
    // and it did so before the 10 s whole-request timeout could.
    expect(silence).toBeLessThan(10_000);
    expect(record.chunks).toBe(3);
  });

  it('no answer at all ends as timeout at the whole-request timeout', async () => {
    const { record } = await measure(
      { tokens: 5, faults: { 0: { type: 'delay-headers', ms: 3_000 } } },
      { timeoutMs: 250, idleTimeoutMs: 100 },
    );
    expect(record.error?.kind).toBe('timeout');
    expect(record.e2eMs!).toBeGreaterThanOrEqual(249);
    // Before the server would have answered (3 s); how soon after 250 ms depends on the machine's load.
    expect(record.e2eMs!).toBeLessThan(3_000);
    expect(record.ttftMs).toBeNull();
  });

  it('a queued request waits silently without an idle timeout (Ollama sends nothing while queued)', async () => {
    const { record } = await measure({ tokens: 3, prefillMs: 400 }, { idleTimeoutMs: 100 });
    expect(record.status).toBe('ok');
    expect(record.ttftMs!).toBeGreaterThanOrEqual(400);
  });

  it('a closed port is a connect error', async () => {
    const port = await freePort();
    const pool = createPool(`http://127.0.0.1:${port}`, 1);
    const raw = await streamRequest({
      dispatcher: pool,
      origin: `http://127.0.0.1:${port}`,
      target: targetFor('ollama'),
      params: { model: MODEL, prompt: 'x' },
      level: 1,
      index: 0,
      timeoutMs: 2_000,
      idleTimeoutMs: 1_000,
    });
    await pool.destroy();
    const record = buildRecord(raw);
    expect(record.error?.kind).toBe('connect');
    expect(record.error?.message).toContain('ECONNREFUSED');
  });

  it('cancelling keeps the tokens received so far, as cancelled', async () => {
    // Cancelled on the 6th token received, not after a fixed time: how many tokens arrive in 150 ms
    // depends on the machine's load.
    const controller = new AbortController();
    const onToken = (_index: number, tokens: number): void => {
      if (tokens === 6) controller.abort();
    };
    const { record, log } = await measure({ tokens: 200, tokenIntervalMs: 10 }, { signal: controller.signal, onToken });
    expect(record.error?.kind).toBe('cancelled');
    expect(record.chunks).toBeGreaterThan(5);
    // Tokens already read with the 6th may still be parsed; never more than the server wrote, never all 200.
    expect(record.chunks).toBeLessThanOrEqual(log.tokens);
    expect(record.chunks).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(log.outcome).toBe('client-closed');
  });

  it('max tokens reaches the server and the server count is used', async () => {
    const { record, log } = await measure({ tokens: 50, tokenIntervalMs: 0 }, { maxTokens: 7 });
    expect(log.tokens).toBe(7);
    expect(log.doneReason).toBe('length');
    expect(record.outputTokens).toBe(7);
    expect(record.server?.doneReason).toBe('length');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
