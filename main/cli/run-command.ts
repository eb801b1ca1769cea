import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { PreflightError, preflight, type PreflightResult } from '../engine/preflight.js';
import { runBenchmark, WarmupError, type BenchmarkOutcome } from '../engine/run-benchmark.js';
import { targetFor } from '../engine/targets/index.js';
import type { LevelSummary } from '../metrics/types.js';
import { renderStudyTable } from '../report/study-table.js';
import { createRunFolder, type RunWriter } from '../store/run-writer.js';
import { newRunId } from '../store/run-id.js';
import type { RunManifest } from '../store/types.js';
import { collectHostInfo } from '../telemetry/host.js';
import { CliError } from './errors.js';
import { RUN_HELP } from './help.js';
import { LiveProgress } from './live-progress.js';
import { parseRunArgs, type RunArgs } from './run-args.js';
import type { CliIo } from './io.js';
import { TOOL_VERSION } from './version.js';
import { startEmbeddedTarget, type EmbeddedTarget } from './embedded-target.js';
import { startRunTelemetry, type RunTelemetry } from './run-telemetry.js';

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_CANCELLED = 130;

/**
 * `tokenbench run`: validate, preflight (nothing is written before the server and model check out),
 * create the run folder, run the levels with a progress bar, print the study-style table or JSON.
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseRunArgs(argv);
  if (args.help) {
    io.stdout.write(RUN_HELP);
    return EXIT_OK;
  }

  const cancel = new AbortController();
  const stopSignals = io.onInterrupt(() => {
    if (!cancel.signal.aborted) {
      io.stderr.write('\nCancelling: finishing the record of every request in flight (Ctrl-C again to quit now)…\n');
      cancel.abort();
    } else {
      io.forceExit(EXIT_CANCELLED);
    }
  });

  let embedded: EmbeddedTarget | null = null;
  try {
    if (args.gguf) {
      embedded = await startEmbeddedTarget(args.gguf, Math.max(...args.concurrency), io);
      args.url = embedded.url;
    }
    const found = await checkTarget(args);
    return await measure(args, found, cancel.signal, io);
  } finally {
    stopSignals();
    await embedded?.close();
  }
}

async function checkTarget(args: RunArgs): Promise<PreflightResult> {
  try {
    return await preflight({ url: args.url, api: args.api, model: args.model });
  } catch (err) {
    if (err instanceof PreflightError) throw new CliError(err.message);
    throw err;
  }
}

/** The study ran 19 parallel requests because its GPU had 19 cores; the study profile does the same. */
export function withGpuCoreLevel(levels: readonly number[], gpuCores: number | undefined): number[] {
  if (gpuCores === undefined || gpuCores < 1 || levels.includes(gpuCores)) return [...levels];
  return [...levels, gpuCores].sort((a, b) => a - b);
}

async function measure(args: RunArgs, found: PreflightResult, signal: AbortSignal, io: CliIo): Promise<number> {
  const startedAt = new Date();
  const host = await collectHostInfo();
  const concurrency = args.addGpuCoreLevel ? withGpuCoreLevel(args.concurrency, host.gpu?.cores) : args.concurrency;
  const config = { ...args, concurrency, url: found.origin, api: found.target.api, model: found.target.model };
  const manifest: RunManifest = {
    id: newRunId(startedAt, found.target.model),
    tool: { name: 'tokenbench', version: TOOL_VERSION },
    status: 'running',
    startedAt: startedAt.toISOString(),
    endedAt: null,
    config: {
      url: config.url,
      api: config.api,
      model: config.model,
      concurrency: config.concurrency,
      mode: config.mode,
      durationMs: config.durationMs,
      requests: config.requests,
      prompt: config.prompt,
      maxTokens: config.maxTokens,
      cooldownMs: config.cooldownMs,
      warmup: config.warmup,
      timeoutMs: config.timeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      think: config.think,
      telemetry: config.telemetry,
      outDir: config.outDir,
    },
    target: found.target,
    host,
  };
  const writer = await createRunFolder(resolve(args.outDir), manifest);
  io.stderr.write(`Run folder: ${writer.dir}\n`);
  const telemetry: RunTelemetry = await startRunTelemetry(args, found.origin, writer, io);
  const progress = new LiveProgress(io.stderr, config, () => performance.now());

  let outcome: BenchmarkOutcome;
  try {
    outcome = await runBenchmark({
      config,
      origin: found.origin,
      target: targetFor(found.target.api, { ollamaEndpoint: args.endpoint }),
      model: found.target.model,
      warmPath: found.warmPath,
      sink: writer,
      signal,
      events: progress.events,
      decorateLevel: telemetry.decorateLevel,
    });
  } catch (err) {
    progress.done();
    await telemetry.stop();
    const reason = err instanceof WarmupError ? err.message : `unexpected failure: ${String(err)}`;
    finishRun(writer, 'failed', reason);
    io.stderr.write(`tokenbench: ${reason}\n`);
    if (!(err instanceof WarmupError)) throw err;
    return EXIT_RUN_FAILED;
  }
  progress.done();
  await telemetry.stop();
  finishRun(writer, outcome.status, outcome.status === 'cancelled' ? 'cancelled by the user' : undefined);
  printResults(outcome.levels, args.json, writer.dir, io);
  if (outcome.status === 'cancelled') {
    io.stderr.write(`Cancelled. Every finished request is saved in ${writer.dir}\n`);
    return EXIT_CANCELLED;
  }
  return EXIT_OK;
}

function finishRun(writer: RunWriter, status: 'completed' | 'cancelled' | 'failed', reason?: string): void {
  writer.flush();
  writer.setStatus(status, reason ? { reason } : undefined);
  writer.close();
}

function printResults(levels: LevelSummary[], json: boolean, dir: string, io: CliIo): void {
  if (json) {
    io.stdout.write(`${JSON.stringify({ run: dir, levels }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`\n${renderStudyTable(levels).trimEnd()}\n`);
  io.stdout.write(`\nSaved: ${dir}\nReport: npx tokenbench report ${JSON.stringify(dir)} --format md\n`);
}
