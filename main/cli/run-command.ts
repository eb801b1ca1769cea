import { performance } from 'node:perf_hooks';
import { PreflightError } from '../run/detect-server.js';
import { preflight, type PreflightResult } from '../run/preflight.js';
import { openRunSession } from '../run/run-session.js';
import type { LevelSummary } from '../../common/results.js';
import { renderStudyTable } from '../report/study-table.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { RUN_OPTIONS } from './commands/run.js';
import { CliError } from './errors.js';
import { LiveProgress } from './live-progress.js';
import { parseRunArgs, type RunArgs } from './run-args.js';
import type { CliIo } from './io.js';
import { TOOL_VERSION } from '../tool-version.js';
import { startBuiltInTarget, type BuiltInTarget } from './built-in-target.js';
import { maxOf } from '../metrics/stats.js';

/**
 * `tokenbench run`: validate, preflight (nothing is written before the server and model check out),
 * create the run folder, run the levels with a progress bar, print the study-style table or JSON.
 */
export async function runBenchmark({ values }: CommandArgs<typeof RUN_OPTIONS>, io: CliIo): Promise<Outcome> {
  const args = parseRunArgs(values);

  const cancel = new AbortController();
  const stopSignals = io.onInterrupt(() => {
    if (!cancel.signal.aborted) {
      io.stderr.write('\nCancelling: finishing the record of every request in flight (Ctrl-C again to quit now)…\n');
      cancel.abort();
    } else {
      io.quitNow();
    }
  });

  let builtIn: BuiltInTarget | null = null;
  try {
    // Several models in one run: main/cli/run-series.ts (one run folder per model, then their ranking).
    if (args.models) return await (await import('./run-series.js')).measureModels(args, args.models, cancel.signal, io);
    if (args.gguf) {
      builtIn = await startBuiltInTarget(args.gguf, maxOf(args.concurrency, 1), io);
      args.url = builtIn.url;
    }
    const found = await checkTarget(args);
    return await measure(args, found, cancel.signal, io);
  } finally {
    stopSignals();
    await builtIn?.close();
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

async function measure(args: RunArgs, found: PreflightResult, signal: AbortSignal, io: CliIo): Promise<Outcome> {
  const session = await openRunSession({
    config: args,
    found,
    toolVersion: TOOL_VERSION,
    addGpuCoreLevel: args.addGpuCoreLevel,
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
    return 'failed';
  }
  printResults(end.levels, args.json, writer.dir, io);
  if (end.status === 'cancelled') {
    io.stderr.write(`Cancelled. Every finished request is saved in ${writer.dir}\n`);
    return 'cancelled';
  }
  return 'ok';
}

function printResults(levels: LevelSummary[], json: boolean, dir: string, io: CliIo): void {
  if (json) {
    io.stdout.write(`${JSON.stringify({ run: dir, levels }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`\n${renderStudyTable(levels).trimEnd()}\n`);
  io.stdout.write(`\nSaved: ${dir}\nReport: npx tokenbench report ${JSON.stringify(dir)} --format md\n`);
}
