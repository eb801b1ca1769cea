import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRunFolder } from '../../main/store/run-reader.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { runCli, startCli } from './cli-process.js';
import { tinyModel } from '../support/fixtures.js';
import { until } from '../support/until.js';

let server: ScriptedServer | null = null;
let out: string;

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'tokenbench-cli-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
});

const runFolders = (): string[] => (existsSync(out) ? readdirSync(out) : []);

describe('tokenbench run against a real HTTP server', () => {
  it('runs the levels, writes the run folder and prints the study table', async () => {
    server = await startScriptedServer({ slots: 2, tokens: 12, tokenIntervalMs: 2 });
    const result = await runCli(['run', '--url', server.url, '--concurrency', '1,2,4', '--out', out, '--telemetry', 'none']);
    expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Parallel/);
    expect(result.stdout).toMatch(/TTFT/);
    const [id] = runFolders();
    expect(id).toBeDefined();
    const run = await openRunFolder(join(out, id!));
    expect(run.manifest.status).toBe('completed');
    expect(run.manifest.target).toMatchObject({ api: 'ollama', model: 'deepseek-r1:7b', serverVersion: '0.12.3' });
    expect(run.requests).toHaveLength(7);
    expect(run.requests.every((r) => r.status === 'ok' && r.outputTokens === 12 && r.tokenSource === 'server')).toBe(true);
    expect(run.summary.levels.map((l) => l.concurrency)).toEqual([1, 2, 4]);
    // warm-up + 7 measured
    expect(server.log).toHaveLength(8);
  });

  it('detects an OpenAI-only server and prints the summary as JSON with --json', async () => {
    server = await startScriptedServer({ apis: ['openai'], tokens: 6, tokenIntervalMs: 1, models: ['qwen2.5-7b'] });
    const result = await runCli(['run', '--url', `${server.url}/v1`, '--concurrency', '2', '--json', '--out', out, '--telemetry', 'none']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { levels: Array<{ concurrency: number; ok: number }> };
    expect(parsed.levels).toEqual([expect.objectContaining({ concurrency: 2, ok: 2 })]);
    const manifest = JSON.parse(readFileSync(join(out, runFolders()[0]!, 'run.json'), 'utf8')) as RunManifest;
    expect(manifest.target.api).toBe('openai');
    expect(manifest.target.model).toBe('qwen2.5-7b');
  });

  it('tokenbench report re-reads the folder as Markdown and JSON', async () => {
    server = await startScriptedServer({ tokens: 5, tokenIntervalMs: 1 });
    expect((await runCli(['run', '--url', server.url, '--concurrency', '1,2', '--out', out, '--telemetry', 'none'])).code).toBe(0);
    const dir = join(out, runFolders()[0]!);
    const md = await runCli(['report', dir, '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/\| *1 *\|/);
    const json = await runCli(['report', dir, '--format', 'json']);
    expect((JSON.parse(json.stdout) as { levels: unknown[] }).levels).toHaveLength(2);
    const file = join(out, 'report.md');
    expect((await runCli(['report', dir, '--format', 'md', '--out', file])).code).toBe(0);
    const again = await runCli(['report', dir, '--format', 'md', '--out', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists/);
  });
});

const TINY_MODEL = tinyModel;

describe('tokenbench run --gguf (the built-in engine, real llama.cpp)', () => {
  it('starts the engine on a free port, benchmarks it with server token counts, and stops it', async () => {
    const result = await runCli(
      ['run', '--gguf', TINY_MODEL, '--concurrency', '1,4', '--max-tokens', '32', '--out', out, '--telemetry', 'none', '--json'],
      { timeoutMs: 120_000 },
    );
    expect(result.stderr).toMatch(/Built-in engine: llama-2-tiny-random at http:\/\/127\.0\.0\.1:\d+/);
    expect(result.code).toBe(0);
    const run = await openRunFolder(join(out, runFolders()[0]!));
    expect(run.manifest.status).toBe('completed');
    expect(run.manifest.target.model).toBe('llama-2-tiny-random');
    expect(run.requests).toHaveLength(5);
    for (const r of run.requests) {
      expect(r.status).toBe('ok');
      expect(r.tokenSource).toBe('server');
      // The server's eval_count, capped by num_predict. A token that ends mid-UTF-8 character is sent
      // together with the next one (as Ollama does), so chunks can be fewer than tokens, never more.
      expect(r.outputTokens).toBeLessThanOrEqual(32);
      expect(r.chunks).toBeGreaterThan(0);
      expect(r.chunks).toBeLessThanOrEqual(r.outputTokens);
    }
  });
});

describe('bad input: exit 2, one line, no stack trace, nothing written', () => {
  const cases: Array<[string, (url: string) => string[], RegExp]> = [
    ['unreachable server', () => ['--url', 'http://127.0.0.1:9'], /cannot reach .*connection refused/],
    ['malformed URL', () => ['--url', 'http//nope'], /--url/],
    ['bad concurrency list', (url) => ['--url', url, '--concurrency', '1,x'], /--concurrency/],
    ['negative timeout', (url) => ['--url', url, '--timeout', '-1'], /--timeout/],
    ['unknown model', (url) => ['--url', url, '--model', 'nope:1b'], /model "nope:1b" is not installed/],
    ['unknown flag', (url) => ['--url', url, '--concurency', '1'], /unknown option/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    server = await startScriptedServer({ tokens: 3 });
    const result = await runCli(['run', ...args(server.url), '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(runFolders()).toEqual([]);
    expect(server.log).toHaveLength(0);
  });
});

/** Polls until `predicate` holds, bounded. */
function requestLines(): number {
  const [id] = runFolders();
  if (!id) return 0;
  const file = join(out, id, 'requests.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

describe('interruptions', () => {
  it('kill -9 mid-run keeps every finished request and the folder reads as interrupted', async () => {
    // Requests of different lengths so they finish one by one while others are in flight.
    server = await startScriptedServer({ tokenIntervalMs: 2, script: ({ index }) => ({ tokens: 20 + 15 * index }) });
    const cli = startCli(['run', '--url', server.url, '--concurrency', '40', '--out', out, '--telemetry', 'none']);
    await until(() => requestLines() >= 5, 20_000);
    cli.child.kill('SIGKILL');
    await cli.done;
    const onDisk = requestLines();
    const run = await openRunFolder(join(out, runFolders()[0]!));
    expect(run.manifest.status).toBe('interrupted');
    expect(run.requests.length).toBe(onDisk);
    expect(run.requests.length).toBeGreaterThanOrEqual(5);
    expect(run.requests.length).toBeLessThan(40);
    expect(run.requests.every((r) => r.status === 'ok')).toBe(true);
    expect(run.summary.levels[0]).toMatchObject({ concurrency: 40, requests: run.requests.length });
  });

  it('Ctrl-C (SIGINT) finishes every record, marks the run cancelled and exits 130', async () => {
    server = await startScriptedServer({ tokenIntervalMs: 5, script: ({ index }) => ({ tokens: index === 0 ? 5 : 2000 }) });
    const cli = startCli(['run', '--url', server.url, '--concurrency', '3', '--out', out, '--telemetry', 'none']);
    await until(() => server!.log.length >= 4 && (server!.log[3]?.tokens ?? 0) > 5, 20_000);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(130);
    const run = await openRunFolder(join(out, runFolders()[0]!));
    expect(run.manifest.status).toBe('cancelled');
    expect(run.requests).toHaveLength(3);
    expect(run.requests.every((r) => r.error?.kind === 'cancelled' && r.chunks > 0)).toBe(true);
    expect(run.summary.levels).toHaveLength(1);
  });
});
