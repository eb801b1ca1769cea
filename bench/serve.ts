// `npm run bench:serve`: tokens/s of the built-in server at 1, 4 and 16 parallel requests, directly
// through node-llama-cpp (the same model, sequences and sampling, no server) and through HTTP (streamed
// /api/generate) with the client in this process (as `tokenbench run --gguf` runs it) and in another
// process (as `tokenbench serve` + `tokenbench run --url`), all in the same run, rounds interleaved so
// that machine noise hits every path alike. Prints figures; asserts nothing.
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getLlama, getModuleVersion, LlamaLogLevel, type LlamaContextSequence, type LlamaModel, type Token } from 'node-llama-cpp';
import { startBuiltInServer } from '../main/serve/index.js';
import { LlamaRunner } from '../main/serve/llama-runner.js';
import { runLoad, type ClientJob, type ClientResult } from './serve-load.js';

const LEVELS = [1, 4, 16];
const TOKENS = 512;
const ROUNDS = 7;
const THREADS = 1;
const CTX = 1024;
const SAMPLING = { temperature: 0.8, topK: 40, topP: 0.9 };

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const CLIENT = fileURLToPath(new URL('./serve-client.js', import.meta.url));

interface LevelRun {
  /** Output tokens per second of wall time, all requests of the level together. */
  aggregate: number;
  /** Mean decode speed of one request. */
  perRequest: number;
  /** CPU time of this (the server's) process per output token, µs: far less sensitive to other load. */
  cpuUsPerToken: number;
  /** CPU time of the separate client process per output token, µs (forked client only). */
  clientCpuUsPerToken?: number;
}

/** Runs one level and adds this process's CPU time per token to its figures. */
async function measured(run: () => Promise<Omit<LevelRun, 'cpuUsPerToken'> & { tokens: number }>): Promise<LevelRun> {
  const cpu = process.cpuUsage();
  const { tokens, ...result } = await run();
  const used = process.cpuUsage(cpu);
  return { ...result, cpuUsPerToken: (used.user + used.system) / tokens };
}

const prompt = (index: number): string => `Request ${index}: tell a story`;

function promptTokens(model: LlamaModel, index: number): Token[] {
  const tokens = model.tokenize(prompt(index), false);
  return model.tokens.bos === null ? tokens : [model.tokens.bos, ...tokens];
}

/** node-llama-cpp alone: `parallel` sequences evaluated at once, each for TOKENS tokens. */
async function runDirect(model: LlamaModel, sequences: readonly LlamaContextSequence[], parallel: number): Promise<LevelRun> {
  const used = sequences.slice(0, parallel);
  for (const sequence of used) await sequence.clearHistory();
  return measured(async () => {
    const started = performance.now();
    const results = await Promise.all(
      used.map(async (sequence, index) => {
        let count = 0;
        let firstAt = 0;
        let lastAt = 0;
        for await (const _token of sequence.evaluate(promptTokens(model, index), { ...SAMPLING, seed: index + 1 })) {
          lastAt = performance.now();
          if (count === 0) firstAt = lastAt;
          if (++count >= TOKENS) break;
        }
        return { count, ms: lastAt - firstAt };
      }),
    );
    const wallMs = performance.now() - started;
    const total = results.reduce((sum, r) => sum + r.count, 0);
    const perRequest = results.reduce((sum, r) => sum + (r.count - 1) / (r.ms / 1000), 0) / parallel;
    return { aggregate: (total / wallMs) * 1000, perRequest, tokens: total };
  });
}

/** Tokenbench's llama runner without HTTP: detokenizing and streaming text, but no server. */
async function runWithoutHttp(runner: LlamaRunner, parallel: number): Promise<LevelRun> {
  return measured(async () => {
    const started = performance.now();
    const never = new AbortController().signal;
    const results = await Promise.all(
      runner.sequences.slice(0, parallel).map((sequence, index) =>
        runner.generate(sequence, { prompt: runner.completionPrompt(prompt(index)), maxTokens: TOKENS, sampling: { ...SAMPLING, seed: index + 1 } }, () => undefined, never),
      ),
    );
    const wallMs = performance.now() - started;
    const total = results.reduce((sum, r) => sum + r.outputTokens, 0);
    const perRequest = results.reduce((sum, r) => sum + r.outputTokens / (r.evalMs / 1000), 0) / parallel;
    return { aggregate: (total / wallMs) * 1000, perRequest, tokens: total };
  });
}

function summarize(result: ClientResult, parallel: number): Omit<LevelRun, 'cpuUsPerToken'> & { tokens: number } {
  const total = result.requests.reduce((sum, r) => sum + r.evalCount, 0);
  const short = result.requests.filter((r) => r.evalCount !== TOKENS).length;
  if (short > 0) console.warn(`  note: ${short} request(s) ended before ${TOKENS} tokens`);
  return {
    aggregate: (total / result.wallMs) * 1000,
    perRequest: result.requests.reduce((sum, r) => sum + r.evalCount / (r.evalMs / 1000), 0) / parallel,
    clientCpuUsPerToken: result.cpuUs / total,
    tokens: total,
  };
}

/** Through HTTP with the client on this event loop, next to the server (its CPU counts as ours). */
function runHttpInProcess(url: string, model: string, parallel: number): Promise<LevelRun> {
  return measured(async () => {
    const { clientCpuUsPerToken: _sameProcess, ...rest } = summarize(await runLoad({ url, model, parallel, tokens: TOKENS }), parallel);
    return rest;
  });
}

/** Through HTTP with the client in a child process. */
function runHttpForked(url: string, model: string, parallel: number): Promise<LevelRun> {
  return measured(() => forkClient(url, model, parallel));
}

function forkClient(url: string, model: string, parallel: number): Promise<ReturnType<typeof summarize>> {
  const child = fork(CLIENT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the HTTP client did not finish within 120 s'));
    }, 120_000);
    child.once('message', (message: ClientResult) => {
      clearTimeout(timer);
      resolvePromise(summarize(message, parallel));
    });
    child.once('exit', (code) => {
      if (code !== 0) {
        clearTimeout(timer);
        reject(new Error(`the HTTP client exited with ${code}`));
      }
    });
    const job: ClientJob = { url, model, parallel, tokens: TOKENS };
    child.send(job);
  });
}

type Path = 'direct' | 'runner' | 'httpIn' | 'httpOut';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main(): Promise<void> {
  const gguf = resolve(process.argv[2] ?? resolve(repoRoot, 'assets', 'models', 'llama-2-tiny-random.gguf'));
  if (!existsSync(gguf)) {
    console.error(`bench:serve: ${gguf} not found (pass a .gguf path as the first argument)`);
    process.exit(2);
  }
  const maxParallel = Math.max(...LEVELS);
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  llama.maxThreads = THREADS;
  const model = await llama.loadModel({ modelPath: gguf, gpuLayers: 0 });
  const context = await model.createContext({ sequences: maxParallel, contextSize: CTX, threads: { ideal: THREADS, min: THREADS } });
  const sequences = Array.from({ length: maxParallel }, () => context.getSequence());
  const runner = await LlamaRunner.load({ gguf, parallel: maxParallel, ctx: CTX, threads: THREADS });
  const server = await startBuiltInServer({ gguf, port: 0, parallel: maxParallel, queue: 64, ctx: CTX, threads: THREADS });

  console.log(`bench:serve — ${basename(gguf)}, ${TOKENS} tokens per request, ${THREADS} decode thread, ctx ${CTX}, ` +
    `${ROUNDS} interleaved rounds; Node ${process.version}, node-llama-cpp ${await getModuleVersion()} ` +
    `(llama.cpp tag ${llama.llamaCppRelease.release}), ${cpus().length} CPUs`);
  await runDirect(model, sequences, 2); // warm-up of every path
  await runWithoutHttp(runner, 2);
  await runHttpInProcess(server.url, server.modelName, 2);
  await runHttpForked(server.url, server.modelName, 2);

  const runs = new Map<number, Record<Path, LevelRun[]>>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const parallel of LEVELS) {
      const entry = runs.get(parallel) ?? { direct: [], runner: [], httpIn: [], httpOut: [] };
      entry.direct.push(await runDirect(model, sequences, parallel));
      entry.runner.push(await runWithoutHttp(runner, parallel));
      entry.httpIn.push(await runHttpInProcess(server.url, server.modelName, parallel));
      entry.httpOut.push(await runHttpForked(server.url, server.modelName, parallel));
      runs.set(parallel, entry);
    }
    console.log(`  round ${round}/${ROUNDS} done`);
  }

  const fmt = (value: number, width: number): string => value.toFixed(0).padStart(width);
  const pct = (value: number): string => `${value >= 0 ? ' ' : ''}${value.toFixed(1)} %`;
  const stat = (runs: LevelRun[], key: 'aggregate' | 'perRequest' | 'cpuUsPerToken' | 'clientCpuUsPerToken') => {
    const values = runs.map((r) => r[key] ?? 0);
    return { median: median(values), best: key === 'aggregate' || key === 'perRequest' ? Math.max(...values) : Math.min(...values) };
  };
  console.log('');
  console.log('Aggregate throughput, output tokens/s of wall time: best of the rounds (median in brackets).');
  console.log('Other load on the machine only ever slows a round down, so the best round is the least disturbed one.');
  console.log('HTTP cost = 1 − HTTP / direct, from the best rounds.');
  console.log('');
  console.log('| parallel | direct node-llama-cpp | runner, no HTTP | HTTP, client in-process | cost | HTTP, client in another process | cost |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const parallel of LEVELS) {
    const entry = runs.get(parallel);
    if (!entry) continue;
    const cell = (path: Path): string => {
      const { median: m, best } = stat(entry[path], 'aggregate');
      return `${fmt(best, 4)} (${fmt(m, 4)})`;
    };
    const direct = stat(entry.direct, 'aggregate').best;
    const cost = (path: Path): string => pct((1 - stat(entry[path], 'aggregate').best / direct) * 100);
    console.log(`| ${parallel} | ${cell('direct')} | ${cell('runner')} | ${cell('httpIn')} | ${cost('httpIn')} | ${cell('httpOut')} | ${cost('httpOut')} |`);
  }
  console.log('');
  console.log('CPU time per output token, µs, lowest of the rounds. "HTTP extra" = server process with HTTP − direct;');
  console.log('the separate client process is listed apart.');
  console.log('');
  console.log('| parallel | direct | runner, no HTTP | HTTP in-process (server + client) | HTTP, server process | client process | HTTP extra, server |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const parallel of LEVELS) {
    const entry = runs.get(parallel);
    if (!entry) continue;
    const cpu = (path: Path): number => stat(entry[path], 'cpuUsPerToken').best;
    const direct = cpu('direct');
    const extra = cpu('httpOut') - direct;
    console.log(
      `| ${parallel} | ${fmt(direct, 4)} | ${fmt(cpu('runner'), 4)} | ${fmt(cpu('httpIn'), 4)} | ${fmt(cpu('httpOut'), 4)} | ` +
        `${fmt(stat(entry.httpOut, 'clientCpuUsPerToken').best, 4)} | ${fmt(extra, 3)} (${pct((extra / direct) * 100).trim()}) |`,
    );
  }
  console.log('');
  console.log('Per-request decode speed, tokens/s (best round; server counters for HTTP):');
  for (const parallel of LEVELS) {
    const entry = runs.get(parallel);
    if (!entry) continue;
    const m = (path: Path): string => stat(entry[path], 'perRequest').best.toFixed(0);
    console.log(`  ${String(parallel).padStart(2)} parallel: direct ${m('direct')}, runner ${m('runner')}, HTTP in-process ${m('httpIn')}, HTTP other process ${m('httpOut')}`);
  }
  // What test/serve/http-api.test.ts once asserted and a busy machine broke: with more parallel requests each
  // one decodes slower and the server as a whole produces more. A figure of this run, not a pass/fail.
  const scaling = (key: 'perRequest' | 'aggregate'): string =>
    LEVELS.map((parallel) => stat(runs.get(parallel)?.httpIn ?? [], key).best.toFixed(0)).join(' → ');
  console.log('');
  console.log(`Scaling over ${LEVELS.join(', ')} parallel (HTTP, client in-process, best rounds):`);
  console.log(`  per-request decode speed ${scaling('perRequest')} tokens/s; aggregate throughput ${scaling('aggregate')} tokens/s`);
  console.log('');

  await server.close();
  await runner.close();
  await llama.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
