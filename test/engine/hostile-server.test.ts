// The engine against servers that misbehave on purpose (test/support/hostile-server.ts): whatever they
// send, a run ends with honest records — no crash, no Infinity, no megabytes of error text, no waiting
// out the idle timeout after the server said it was done.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestPlan } from '../../main/engine/workload/request-plan.js';
import { createPool } from '../../main/engine/connection-pool.js';
import { runLevel } from '../../main/engine/level-runner.js';
import { streamRequest } from '../../main/engine/stream-request.js';
import { targetFor } from '../../main/engine/targets/index.js';
import type { TargetApi } from '../../main/engine/targets/target.js';
import { buildRecord, MAX_STORED_TEXT_CHARS, type RawRequest } from '../../main/metrics/record.js';
import { MAX_ERROR_MESSAGE_CHARS } from '../../main/engine/targets/wire-values.js';
import { openRunFolder } from '../../main/store/run-reader.js';
import type { RequestRecord } from '../../common/results.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { cli } from '../support/cli-in-process.js';
import { startHostileServer, type HostileAnswer, type HostileServer } from '../support/hostile-server.js';

const MODEL = 'deepseek-r1:7b';
let server: HostileServer | null = null;
let out: string;

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'tb-hostile-run-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(out, { recursive: true, force: true });
});

const targets: Array<[string, () => TargetApi]> = [
  ['ollama', () => targetFor('ollama')],
  ['openai', () => targetFor('openai')],
];

interface OneRequestOptions {
  target?: TargetApi;
  idleTimeoutMs?: number;
  /** Runs after the request ended, before the client's connections are torn down. */
  thenInspect?: (server: HostileServer) => Promise<void>;
}

async function oneRequest(answer: HostileAnswer, opts: OneRequestOptions = {}): Promise<RequestRecord> {
  const running = await startHostileServer(answer);
  server = running;
  const pool = createPool(running.url, 1);
  try {
    const raw = await streamRequest({
      dispatcher: pool,
      origin: running.url,
      target: opts.target ?? targetFor('ollama'),
      params: { model: MODEL, prompt: 'What is time?' },
      level: 1,
      index: 0,
      timeoutMs: 30_000,
      idleTimeoutMs: opts.idleTimeoutMs ?? 10_000,
    });
    await opts.thenInspect?.(running);
    return buildRecord(raw);
  } finally {
    await pool.destroy();
  }
}

/** `tokenbench run` in this process against the hostile server; the one run folder it wrote. */
async function runAgainst(answer: HostileAnswer, flags: string[]): Promise<{ code: number; stderr: string; dir: string }> {
  server = await startHostileServer(answer);
  const result = await cli(['run', '--url', server.url, '--out', out, '--telemetry', 'none', '--no-warmup', ...flags]);
  const [id] = readdirSync(out);
  return { code: result.code, stderr: result.stderr, dir: join(out, id ?? 'none') };
}

describe('a 300 MB answer', () => {
  it('is counted whole but stored capped: the run completes, the record says it was truncated for storage', async () => {
    const { code, stderr, dir } = await runAgainst({ kind: 'huge', totalChars: 300_000_000, tokenChars: 1_000_000 }, ['--concurrency', '1']);
    expect(stderr).not.toMatch(/RangeError|internal error/);
    expect(code).toBe(0);
    const run = await openRunFolder(dir);
    expect(run.manifest.status).toBe('completed');
    expect(run.requests).toHaveLength(1);
    const [record] = run.requests as [RequestRecord];
    expect(record).toMatchObject({ status: 'ok', outputTokens: 300, tokenSource: 'server', chunks: 300, truncatedForStorage: true });
    // The first 1,000,000-char token fits under the cap; the second would not.
    expect(record.pieces).toHaveLength(1);
    expect(record.text.length).toBe(1_000_000);
    expect(record.text.length).toBeLessThanOrEqual(MAX_STORED_TEXT_CHARS);
    expect(record.lastTokenMs).toBeGreaterThan(record.ttftMs!);
    expect(record.tokensPerSecond).toBeGreaterThan(0);
    expect(statSync(join(dir, 'requests.jsonl')).size).toBeLessThan(3 * 1024 * 1024);
  });
});

describe.each(targets)('%s: a 3 MB answer in 1,000-char tokens', (_name, target) => {
  it('stores whole tokens up to the cap and counts every chunk', async () => {
    const record = await oneRequest({ kind: 'huge', totalChars: 3_000_000, tokenChars: 1_000 }, { target: target() });
    const stored = Math.floor(MAX_STORED_TEXT_CHARS / 1_000);
    expect(record).toMatchObject({ status: 'ok', outputTokens: 3_000, tokenSource: 'server', chunks: 3_000, truncatedForStorage: true });
    expect(record.pieces).toHaveLength(stored);
    expect(record.pieceOffsetsMs).toHaveLength(stored);
    expect(record.text).toBe('x'.repeat(stored * 1_000));
    expect(record.lastTokenMs).toBeGreaterThanOrEqual(record.pieceOffsetsMs[stored - 1]!);
  });
});

describe('a callback that throws does not take the level down', () => {
  it('a live-view hook that throws ends its request as malformed, with the reason', async () => {
    server = await startHostileServer({ kind: 'counters', tokens: 3, fields: {} });
    const pool = createPool(server.url, 1);
    try {
      const raw = await streamRequest({
        dispatcher: pool,
        origin: server.url,
        target: targetFor('ollama'),
        params: { model: MODEL, prompt: 'x' },
        level: 1,
        index: 0,
        timeoutMs: 10_000,
        idleTimeoutMs: 5_000,
        onToken: () => {
          throw new Error('the view broke');
        },
      });
      expect(buildRecord(raw).error).toEqual({ kind: 'malformed', message: 'the answer could not be read (Error: the view broke)' });
    } finally {
      await pool.destroy();
    }
  });

  it('a request whose end cannot be recorded becomes an error record and the level goes on', async () => {
    server = await startHostileServer({ kind: 'counters', tokens: 3, fields: { eval_count: 3 } });
    const pool = createPool(server.url, 2);
    const ended: RawRequest[] = [];
    let calls = 0;
    try {
      const window = await runLevel(
        { concurrency: 2, mode: 'sustained', requests: 4 },
        {
          dispatcher: pool,
          origin: server.url,
          target: targetFor('ollama'),
          plan: new RequestPlan({ config: { prompt: 'x' }, model: MODEL }),
          timeoutMs: 10_000,
          idleTimeoutMs: 5_000,
          signal: new AbortController().signal,
          onRequestEnd: (raw) => {
            calls++;
            if (calls === 1) throw new RangeError('Invalid string length');
            ended.push(raw);
          },
        },
      );
      expect(window.endedAt).toBeGreaterThanOrEqual(window.startedAt);
    } finally {
      await pool.destroy();
    }
    expect(ended).toHaveLength(4);
    const failed = ended.filter((raw) => raw.end.kind === 'error');
    expect(failed).toHaveLength(1);
    expect(buildRecord(failed[0]!).error).toEqual({
      kind: 'malformed',
      message: 'the answer could not be recorded (RangeError: Invalid string length)',
    });
  });

  it('a request that cannot even start becomes an error record, for every request of the level', async () => {
    server = await startHostileServer({ kind: 'counters', tokens: 1, fields: {} });
    const broken: TargetApi = {
      ...targetFor('ollama'),
      buildRequest: () => {
        throw new TypeError('cannot build the request');
      },
    };
    const pool = createPool(server.url, 2);
    const ended: RawRequest[] = [];
    try {
      await runLevel(
        { concurrency: 2, mode: 'burst' },
        {
          dispatcher: pool,
          origin: server.url,
          target: broken,
          plan: new RequestPlan({ config: { prompt: 'x' }, model: MODEL }),
          timeoutMs: 10_000,
          idleTimeoutMs: 5_000,
          signal: new AbortController().signal,
          onRequestEnd: (raw) => ended.push(raw),
        },
      );
    } finally {
      await pool.destroy();
    }
    expect(ended.map((raw) => buildRecord(raw).error)).toEqual([
      { kind: 'malformed', message: 'the request failed inside Tokenbench (TypeError: cannot build the request)' },
      { kind: 'malformed', message: 'the request failed inside Tokenbench (TypeError: cannot build the request)' },
    ]);
  });
});

describe('counters that are not sane are not reported', () => {
  it.each([
    ['eval_count 1e308', { eval_count: 1e308, eval_duration: 2e6 }],
    ['eval_count -1e6', { eval_count: -1e6, eval_duration: 2e6 }],
    ['eval_count 2.5', { eval_count: 2.5, eval_duration: 2e6 }],
  ])('ollama %s: counted by chunks, finite rates, one warning in run.json for the whole run', async (_name, fields) => {
    const { code, dir } = await runAgainst({ kind: 'counters', tokens: 5, fields }, ['--concurrency', '2,4']);
    expect(code).toBe(0);
    const run = await openRunFolder(dir);
    expect(run.manifest.status).toBe('completed');
    expect(run.requests).toHaveLength(6);
    for (const record of run.requests) {
      expect(record).toMatchObject({ status: 'ok', outputTokens: 5, tokenSource: 'chunks', chunks: 5 });
      expect(record.server?.outputTokens).toBeUndefined();
      expect(Number.isFinite(record.tokensPerSecond)).toBe(true);
    }
    expect(run.summary.levels.map((l) => l.concurrency)).toEqual([2, 4]);
    const stored = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunManifest;
    expect(stored.warnings).toEqual([
      'the server sent eval_count values that are not a non-negative integer; they were treated as not reported (without another sane count, those requests count tokens by chunks: tokenSource "chunks")',
    ]);
  });

  it('ollama durations that are negative, absurd or make the rate infinite are dropped, each named once in run.json', async () => {
    const fields = { eval_count: 4, eval_duration: 1e-300, prompt_eval_duration: -3, load_duration: 1e300, total_duration: '5' };
    const { code, dir } = await runAgainst({ kind: 'counters', tokens: 4, fields }, ['--concurrency', '3']);
    expect(code).toBe(0);
    const run = await openRunFolder(dir);
    for (const record of run.requests) {
      expect(record).toMatchObject({ status: 'ok', outputTokens: 4, tokenSource: 'server', queueMs: null });
      expect(record.server).toEqual({ outputTokens: 4, evalMs: 1e-306, doneReason: 'stop' });
    }
    expect(run.manifest.warnings).toEqual([
      expect.stringMatching(/^the server sent prompt_eval_duration values that are not a non-negative duration of at most a day;/),
      expect.stringMatching(/^the server sent load_duration values that are not a non-negative duration of at most a day;/),
      expect.stringMatching(/^the server sent total_duration values that are not a non-negative duration of at most a day;/),
      'the server sent eval_count / eval_duration values that are not a finite non-negative rate; they were treated as not reported',
    ]);
  });

  it('openai: usage.completion_tokens 1e308 falls back to llama.cpp timings, then to chunks', async () => {
    const withTimings = await oneRequest(
      { kind: 'counters', tokens: 4, fields: { usage: { completion_tokens: 1e308 }, timings: { predicted_n: 4, predicted_per_second: -1 } } },
      { target: targetFor('openai') },
    );
    expect(withTimings).toMatchObject({ status: 'ok', outputTokens: 4, tokenSource: 'server' });
    expect(withTimings.server?.tokensPerSecond).toBeUndefined();
    const alone = await oneRequest({ kind: 'counters', tokens: 4, fields: { usage: { completion_tokens: -7 } } }, { target: targetFor('openai') });
    expect(alone).toMatchObject({ status: 'ok', outputTokens: 4, tokenSource: 'chunks' });
  });
});

describe.each(targets)('%s: an error text of megabytes', (_name, target) => {
  it('an in-stream error is clipped to about 2 KB in the record', async () => {
    const record = await oneRequest({ kind: 'error-line', messageChars: 7_000_000 }, { target: target() });
    expect(record.status).toBe('error');
    expect(record.error?.kind).toBe('server-error');
    expect(record.error!.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS + 40);
    expect(record.error!.message).toMatch(/^e{2048}… \(7000000 chars\)$/);
  });

  it('an HTTP error body is clipped by the same function', async () => {
    const record = await oneRequest({ kind: 'http-error', status: 500, bodyChars: 100_000 }, { target: target() });
    expect(record.error?.kind).toBe('http');
    expect(record.error!.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS + 40);
    expect(record.error!.message.startsWith('HTTP 500: eeee')).toBe(true);
  });
});

describe.each(targets)('%s: the end marker ends the request', (_name, target) => {
  async function afterOneRequest(answer: HostileAnswer): Promise<{ record: RequestRecord; abandoned: number; open: number }> {
    let abandoned = -1;
    let open = -1;
    const record = await oneRequest(answer, {
      target: target(),
      idleTimeoutMs: 8_000,
      thenInspect: async (running) => {
        expect(running.abandoned).toBe(0);
        await new Promise((r) => setTimeout(r, 600));
        abandoned = running.abandoned;
        open = running.openConnections;
      },
    });
    return { record, abandoned, open };
  }

  it('the held answer is closed shortly after the marker; an honest answer\'s connection stays open for reuse', async () => {
    const held = await afterOneRequest({ kind: 'end-then-hold', tokens: 3 });
    expect(held.record.status).toBe('ok');
    expect(held.abandoned).toBe(1);
    await server?.close();
    const honest = await afterOneRequest({ kind: 'counters', tokens: 3, fields: {} });
    expect(honest.record.status).toBe('ok');
    expect(honest.abandoned).toBe(0);
    expect(honest.open).toBe(1);
  });

  it('a server that sends its end marker and holds the connection open: ok, without waiting for the idle timeout', async () => {
    const started = performance.now();
    const record = await oneRequest({ kind: 'end-then-hold', tokens: 5 }, { target: target(), idleTimeoutMs: 8_000 });
    const elapsed = performance.now() - started;
    expect(record.error).toBeNull();
    expect(record).toMatchObject({ status: 'ok', outputTokens: 5, chunks: 5 });
    expect(elapsed).toBeLessThan(4_000);
  });
});
