import { performance } from 'node:perf_hooks';
import { PreflightError, preflight, type PreflightResult } from '../engine/preflight.js';
import { openRunSession } from '../engine/start-run.js';
import type { LevelSummary } from '../../common/results.js';
import { renderStudyTable } from '../report/study-table.js';
import { CliError } from './errors.js';
import { RUN_HELP } from './help.js';
import { LiveProgress } from './live-progress.js';
import { parseRunArgs, type RunArgs } from './run-args.js';
import type { CliIo } from './io.js';
import { TOOL_VERSION } from './version.js';
import { startEmbeddedTarget, type EmbeddedTarget } from './embedded-target.js';

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
      let largestLevel = 1;
      for (const level of args.concurrency) largestLevel = Math.max(largestLevel, level);
      embedded = await startEmbeddedTarget(args.gguf, largestLevel, io);
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

async function measure(args: RunArgs, found: PreflightResult, signal: AbortSignal, io: CliIo): Promise<number> {
  const session = await openRunSession({
    config: args,
    found,
    toolVersion: TOOL_VERSION,
    addGpuCoreLevel: args.addGpuCoreLevel,
    sampleIntervalMs: args.sampleIntervalMs,
    ollamaEndpoint: args.endpoint,
    warn: (line) => io.stderr.write(`${line}\n`),
  });
  const { writer, config } = session;
  io.stderr.write(`Run folder: ${writer.dir}\n`);
  const progress = new LiveProgress(io.stderr, config, () => performance.now());
  const end = await session.execute({ signal, events: progress.events });
  progress.done();
  if (end.status === 'failed') {
    io.stderr.write(`tokenbench: ${end.reason}\n`);
    if (end.unexpected !== null) throw end.unexpected;
    return EXIT_RUN_FAILED;
  }
  printResults(end.levels, args.json, writer.dir, io);
  if (end.status === 'cancelled') {
    io.stderr.write(`Cancelled. Every finished request is saved in ${writer.dir}\n`);
    return EXIT_CANCELLED;
  }
  return EXIT_OK;
}

function printResults(levels: LevelSummary[], json: boolean, dir: string, io: CliIo): void {
  if (json) {
    io.stdout.write(`${JSON.stringify({ run: dir, levels }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`\n${renderStudyTable(levels).trimEnd()}\n`);
  io.stdout.write(`\nSaved: ${dir}\nReport: npx tokenbench report ${JSON.stringify(dir)} --format md\n`);
}
