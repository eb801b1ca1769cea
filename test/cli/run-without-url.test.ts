// `tokenbench run` with no --url (issue 11): it benchmarks the local server it finds, else the built-in
// engine in a process of its own on the demo model — labelled as such everywhere a result shows — and it
// never replaces a --url the user named. Real bin, real servers on loopback, real llama.cpp.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_MODEL_NOTE } from '../../common/demo-model.js';
import type { RunManifest } from '../../common/run-manifest.js';
import type { ProcessSample } from '../../common/telemetry.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { tinyModel } from '../support/fixtures.js';
import { runCli, startCli } from './cli-process.js';
import { emptyMachine, isAlive } from '../support/empty-machine.js';

let server: ScriptedServer | null = null;
let out: string;

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'tokenbench-auto-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
});

/** No model on disk, OLLAMA_HOST as given. */
const noModels = (extra: Record<string, string> = {}): Record<string, string> => ({ ...emptyMachine(), ...extra });

const runFolders = (): string[] => (existsSync(out) ? readdirSync(out) : []);
const manifestOf = (id: string): RunManifest => JSON.parse(readFileSync(join(out, id, 'run.json'), 'utf8')) as RunManifest;

async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The engine's PID, from the line `run` prints once it has started it. */
const enginePid = (stderr: string): number | null => {
  const match = /Built-in engine: .* \(parallel \d+, \d+ threads?, process (\d+)\)/.exec(stderr);
  return match ? Number(match[1]) : null;
};

describe('tokenbench run without --url', () => {
  it('benchmarks the server it finds (OLLAMA_HOST here), saying which and how to pick another', async () => {
    server = await startScriptedServer({ tokens: 3, tokenIntervalMs: 1 });
    const result = await runCli(['run', '--concurrency', '1', '--out', out, '--telemetry', 'none'], { env: noModels({ OLLAMA_HOST: server.url }) });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^Benchmarking Ollama 0\\.12\\.3 at ${server.url}, found on this machine.*; pick another with --url URL$`, 'm'));
    expect(result.stderr).not.toMatch(/built-in/i);
    const [id] = runFolders();
    expect(manifestOf(id!).target).toMatchObject({ url: server.url, api: 'ollama', model: 'deepseek-r1:7b' });
    expect(manifestOf(id!).warnings).toBeUndefined();
  }, 60_000);

  it('an explicit --url that does not answer: exit 2, one line, nothing written, no fallback', async () => {
    const result = await runCli(['run', '--url', 'http://127.0.0.1:9', '--out', out], { env: noModels() });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'tokenbench run: cannot reach http://127.0.0.1:9: connection refused; start Ollama (`ollama serve`), point --url at your server, or benchmark a GGUF file with --gguf FILE',
    ]);
    expect(runFolders()).toEqual([]);
  });

  it('nothing answers and no model on disk: the demo model in its own process, labelled everywhere', async () => {
    const cli = startCli(['run', '--concurrency', '1,2', '--max-tokens', '16', '--out', out, '--telemetry', 'process', '--sample-interval', '200'], {
      env: noModels(),
      timeoutMs: 120_000,
    });
    const result = await cli.done;
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `No local LLM server answers; benchmarking the built-in llama.cpp engine on the demo model (random weights: these numbers show the tool and this machine's llama.cpp, not a real model). Point it at your server with --url URL, or at a model file with --gguf FILE`,
    );
    // The end table is followed by the note.
    expect(result.stdout).toMatch(new RegExp(`Throughput t/s[\\s\\S]*\\nNote: ${DEMO_MODEL_NOTE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));

    const [id] = runFolders();
    const manifest = manifestOf(id!);
    expect(manifest.status).toBe('completed');
    expect(manifest.target).toMatchObject({ model: 'llama-2-tiny-random', modelDetails: expect.objectContaining({ demo: true }) });
    expect(manifest.warnings).toEqual([DEMO_MODEL_NOTE]);

    // The telemetry's server process is the engine's own, a child of the CLI — not the CLI.
    const engine = enginePid(result.stderr);
    expect(engine).not.toBeNull();
    expect(engine).not.toBe(cli.child.pid);
    const samples = readFileSync(join(out, id!, 'telemetry', 'process.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ProcessSample);
    expect(samples.length).toBeGreaterThan(0);
    expect(new Set(samples.map((s) => s.pid))).toEqual(new Set([engine]));
    expect(samples[0]!.ppid).toBe(cli.child.pid);
    // …and it is gone with the run.
    await until(() => !isAlive(engine!), 10_000, 'the engine to stop');

    // Every report format says it.
    for (const format of ['md', 'html', 'json']) {
      const report = await runCli(['report', join(out, id!), '--format', format]);
      expect(report.code, format).toBe(0);
      // (includes, not toContain: a failure would print the whole HTML page)
      expect(report.stdout.includes(DEMO_MODEL_NOTE), format).toBe(true);
    }
    expect(JSON.parse((await runCli(['report', join(out, id!), '--format', 'json'])).stdout)).toMatchObject({
      run: { target: { modelDetails: { demo: true } }, warnings: [DEMO_MODEL_NOTE] },
    });
  }, 180_000);

  it('the demo model answers at most 128 tokens unless --max-tokens says otherwise (random weights seldom stop)', async () => {
    const result = await runCli(['run', '--concurrency', '1', '--out', out, '--telemetry', 'none', '--no-warmup'], { env: noModels(), timeoutMs: 120_000 });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Demo model: at most 128 tokens per answer (random weights seldom stop on their own); --max-tokens N for another length\n');
    const manifest = manifestOf(runFolders()[0]!);
    expect(manifest.config.maxTokens).toBe(128);
  }, 180_000);

  it('--json carries the demo note too', async () => {
    const result = await runCli(['run', '--concurrency', '1', '--max-tokens', '8', '--out', out, '--telemetry', 'none', '--json', '--no-warmup'], {
      env: noModels(),
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ warnings: [DEMO_MODEL_NOTE], levels: [expect.objectContaining({ concurrency: 1, ok: 1 })] });
  }, 180_000);
});

describe('the engine process of a run dies with the run', () => {
  async function runningEngine(extra: { detached?: boolean } = {}): Promise<{ cli: ReturnType<typeof startCli>; engine: number }> {
    // A minute of sustained load, so the run is still going when the test interrupts it.
    const argv = ['run', '--gguf', tinyModel, '--mode', 'sustained', '--duration', '60s', '--concurrency', '4', '--max-tokens', '64'];
    const cli = startCli([...argv, '--out', out, '--telemetry', 'none', '--no-warmup'], {
      env: noModels(),
      timeoutMs: 120_000,
      ...extra,
    });
    await until(() => enginePid(cli.stderr()) !== null && runFolders().length > 0, 60_000, 'the run to start');
    const engine = enginePid(cli.stderr())!;
    expect(isAlive(engine)).toBe(true);
    return { cli, engine };
  }

  it('--gguf: Ctrl-C in a terminal (SIGINT to the whole process group) cancels the run and stops the engine', async () => {
    const { cli, engine } = await runningEngine({ detached: true });
    process.kill(-cli.child.pid!, 'SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(130);
    const manifest = manifestOf(runFolders()[0]!);
    expect(manifest.status).toBe('cancelled');
    // --gguf naming the demo model's file is a demo run too.
    expect(manifest.warnings).toEqual([DEMO_MODEL_NOTE]);
    await until(() => !isAlive(engine), 15_000, 'the engine to stop');
  }, 180_000);

  it('an engine that dies mid-run is said on stderr and recorded in run.json; the run goes on with errors', async () => {
    const { cli, engine } = await runningEngine();
    await until(() => /req/.test(cli.stderr()), 30_000, 'requests to flow');
    process.kill(engine, 'SIGKILL');
    await until(() => /the built-in engine .* the requests still to come will fail/.test(cli.stderr()), 15_000, 'the line on stderr');
    cli.child.kill('SIGINT');
    await cli.done;
    const manifest = manifestOf(runFolders()[0]!);
    expect(manifest.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^the built-in engine .* during the run; the requests after it failed$/)]));
  }, 180_000);

  it('kill -9 of the CLI leaves no engine behind', async () => {
    const { cli, engine } = await runningEngine();
    cli.child.kill('SIGKILL');
    await cli.done;
    await until(() => !isAlive(engine), 15_000, 'the orphaned engine to stop');
  }, 180_000);
});

describe('tokenbench servers', () => {
  it('lists what answers, with its models, and what run would benchmark', async () => {
    server = await startScriptedServer({ models: ['a:1b', 'b:7b'], loaded: ['b:7b'] });
    const result = await runCli(['servers'], { env: noModels({ OLLAMA_HOST: server.url }) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`  Ollama 0.12.3 at ${server.url} (Ollama API)\n    models: a:1b, b:7b; loaded: b:7b\n`);
    expect(result.stdout).toContain(`\`tokenbench run\` benchmarks Ollama 0.12.3 at ${server.url}; pick another with --url URL.`);
    const json = await runCli(['servers', '--json'], { env: noModels({ OLLAMA_HOST: server.url }) });
    const discovery = JSON.parse(json.stdout) as { servers: unknown[]; defaultTarget: unknown; tookMs: number };
    expect(discovery.servers[0]).toEqual({ url: server.url, kind: 'ollama', api: 'ollama', version: '0.12.3', models: ['a:1b', 'b:7b'], loadedModel: 'b:7b' });
    expect(discovery.defaultTarget).toEqual({ kind: 'server', url: server.url });
  });

  it('with nothing answering, says that run would use the built-in engine on the demo model', async () => {
    const result = await runCli(['servers', '--json'], { env: noModels() });
    expect(JSON.parse(result.stdout)).toMatchObject({ servers: [], defaultTarget: { kind: 'built-in', model: tinyModel, demo: true, name: 'llama-2-tiny-random' } });
    const text = await runCli(['servers'], { env: noModels() });
    expect(text.stdout).toBe(
      'No local LLM server answers on this machine.\n' +
        "`tokenbench run` benchmarks the built-in llama.cpp engine on the demo model (random weights: these numbers show the tool and this machine's llama.cpp, not a real model).\n" +
        'Start your server (e.g. `ollama serve`) or point run at it with --url URL.\n',
    );
  });
});
