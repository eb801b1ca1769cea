import { performance } from 'node:perf_hooks';
import { PreflightError } from '../run/detect-server.js';
import { preflight, type PreflightResult } from '../run/preflight.js';
import { openRunSession } from '../run/run-session.js';
import type { LevelSummary } from '../../common/results.js';
import { DEFAULT_THRESHOLDS } from '../../common/findings.js';
import { defaultSlo, type Slo } from '../../common/slo.js';
import { runSummary } from '../metrics/run-summary.js';
import { renderRunTables } from '../report/study-table.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { RUN_OPTIONS } from './commands/run.js';
import { CliError } from './errors.js';
import { LiveProgress } from './live-progress.js';
import { parseRunArgs, type RunArgs } from './run-args.js';
import type { CliIo } from './io.js';
import { TOOL_VERSION } from '../tool-version.js';
import { asDemoTarget, DEMO_MAX_TOKENS, DEMO_MODEL_NOTE, demoRunConfig } from '../../common/demo-model.js';
import { openRunTarget, type RunTarget } from './run-target.js';
import { connectionSecrets } from '../engine/connection-pool.js';
import { redactor } from '../run/redact.js';

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

  let target: RunTarget | null = null;
  try {
    target = await openRunTarget(args, io);
    // Several models in one run: main/cli/run-series.ts (one run folder per model, then their ranking).
    if (args.models) {
      if (target.builtIn) throw new CliError('--model A,B,C: the built-in engine serves one model file; point --url at a server that has these models');
      return await (await import('./run-series.js')).measureModels({ ...args, url: target.url }, args.models, cancel.signal, io);
    }
    // An engine that dies mid-run is said on stderr and in the run folder (run.json warnings), which outlives the terminal.
    const engineExit: EngineExit = { record: null };
    target.builtIn?.onUnexpectedExit((what) => {
      io.stderr.write(`\ntokenbench: ${what}; the requests still to come will fail\n`);
      engineExit.record?.(`${what} during the run; the requests after it failed`);
    });
    const checked = await checkTarget({ ...args, url: target.url });
    if (!target.demo) return await measure(args, checked, [], cancel.signal, io, engineExit);
    if (args.maxTokens === undefined) {
      io.stderr.write(`Demo model: at most ${DEMO_MAX_TOKENS} tokens per answer (random weights seldom stop on their own); --max-tokens N for another length\n`);
    }
    return await measure(demoRunConfig(args), { ...checked, target: asDemoTarget(checked.target) }, [DEMO_MODEL_NOTE], cancel.signal, io, engineExit);
  } finally {
    stopSignals();
    await target?.builtIn?.close();
  }
}

async function checkTarget(args: RunArgs): Promise<PreflightResult> {
  try {
    return await preflight({ url: args.url, api: args.api, model: args.model, connection: args.connectionOptions });
  } catch (err) {
    if (err instanceof PreflightError) throw new CliError(redactor(args.connectionOptions ? connectionSecrets(args.connectionOptions) : [])(err.message));
    throw err;
  }
}

/** Where the built-in engine's unexpected exit is recorded while a run folder is open (null otherwise). */
interface EngineExit {
  record: ((line: string) => void) | null;
}

async function measure(args: RunArgs, found: PreflightResult, warnings: string[], signal: AbortSignal, io: CliIo, engineExit?: EngineExit): Promise<Outcome> {
  const session = await openRunSession({
    config: args,
    found,
    toolVersion: TOOL_VERSION,
    addGpuCoreLevel: args.addGpuCoreLevel,
    warnings,
    warn: (line) => io.stderr.write(`${line}\n`),
    connection: args.connectionOptions,
    promptSet: args.loadedPromptSet,
  });
  const { writer, config } = session;
  io.stderr.write(`Run folder: ${writer.dir}\n`);
  const progress = new LiveProgress(io.stderr, config, () => performance.now());
  if (engineExit) engineExit.record = (line) => writer.addWarning(line);
  const end = await session.execute({ signal, events: progress.events }).finally(() => {
    if (engineExit) engineExit.record = null;
  });
  progress.done();
  if (end.status === 'failed') {
    io.stderr.write(`tokenbench: ${end.reason}\n`);
    if (end.unexpected !== null) throw end.unexpected;
    return 'failed';
  }
  printResults(end.levels, config.slo ?? defaultSlo(DEFAULT_THRESHOLDS), args.json, writer.dir, warnings, io);
  if (end.status === 'cancelled') {
    io.stderr.write(`Cancelled. Every finished request is saved in ${writer.dir}\n`);
    return 'cancelled';
  }
  return 'ok';
}

function printResults(levels: LevelSummary[], slo: Slo, json: boolean, dir: string, warnings: string[], io: CliIo): void {
  if (json) {
    io.stdout.write(`${JSON.stringify({ run: dir, ...runSummary(levels), ...(warnings.length > 0 ? { warnings } : {}) }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`\n${renderRunTables(levels, slo).trimEnd()}\n`);
  for (const warning of warnings) io.stdout.write(`\nNote: ${warning}\n`);
  io.stdout.write(`\nSaved: ${dir}\nReport: npx tokenbench report ${JSON.stringify(dir)} --format md\n`);
}
