// `tokenbench run --model a,b,c`: every model checked first (nothing written unless all are there), then
// one run folder per model with its progress bar, the previous model unloaded and the cooldown kept in
// between (main/run/model-series.ts), and at the end each model's table and their ranking.
import { performance } from 'node:perf_hooks';
import { DEFAULT_THRESHOLDS } from '../../common/findings.js';
import { renderRankingJson } from '../report/ranking/json.js';
import { rankRuns } from '../report/ranking/ranking-report.js';
import { renderRankingText } from '../report/ranking/text.js';
import { renderStudyTable } from '../report/study-table.js';
import { PreflightError } from '../run/detect-server.js';
import { preflightModels, runModelSeries, type SeriesEnd } from '../run/model-series.js';
import { openRunSession } from '../run/run-session.js';
import { openRunFolder } from '../store/run-reader.js';
import { TOOL_VERSION } from '../tool-version.js';
import type { Outcome } from './command.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { LiveProgress } from './live-progress.js';
import type { RunArgs } from './run-args.js';

export async function measureModels(args: RunArgs, models: readonly string[], signal: AbortSignal, io: CliIo): Promise<Outcome> {
  let targets;
  try {
    targets = await preflightModels({ url: args.url, api: args.api, models });
  } catch (err) {
    if (err instanceof PreflightError) throw new CliError(err.message);
    throw err;
  }
  const end = await runModelSeries({
    targets,
    cooldownMs: args.cooldownMs,
    signal,
    open: (found, index) => {
      io.stderr.write(`\nModel ${index + 1} of ${targets.length}: ${found.target.model}\n`);
      return openRunSession({ config: args, found, toolVersion: TOOL_VERSION, addGpuCoreLevel: args.addGpuCoreLevel, warn: (line) => io.stderr.write(`${line}\n`) });
    },
    execute: async (session) => {
      io.stderr.write(`Run folder: ${session.writer.dir}\n`);
      const progress = new LiveProgress(io.stderr, session.config, () => performance.now());
      const runEnd = await session.execute({ signal, events: progress.events });
      progress.done();
      if (runEnd.status === 'failed') io.stderr.write(`tokenbench: ${session.config.model}: ${runEnd.reason}\n`);
      return runEnd;
    },
    onPause: ({ after, next, unload, cooldownMs }) => {
      const unloaded = unload.unloaded ? `Unloaded ${after}` : `${after} may stay loaded (${unload.reason})`;
      io.stderr.write(`${unloaded}; ${cooldownMs > 0 ? `cooling down ${cooldownMs / 1000} s, then ` : ''}${next}\n`);
    },
  });
  await printSeries(end, args.json, io);
  if (end.status === 'cancelled') {
    io.stderr.write('Cancelled. Every finished request is saved in its run folder.\n');
    return 'cancelled';
  }
  return end.status === 'failed' ? 'failed' : 'ok';
}

async function printSeries(end: SeriesEnd, json: boolean, io: CliIo): Promise<void> {
  const dirs = end.runs.flatMap((r) => (r.dir === null ? [] : [r.dir]));
  const ranking = dirs.length === 0 ? null : await rankRuns(await Promise.all(dirs.map((dir) => openRunFolder(dir))), DEFAULT_THRESHOLDS);
  if (json) {
    const runs = end.runs.map((r) => ({ model: r.model, run: r.dir, status: r.status, reason: r.reason, unloadedAfter: r.unload, levels: r.levels }));
    const value = { runs, ranking: ranking === null ? null : (JSON.parse(renderRankingJson(ranking)) as unknown) };
    io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  for (const run of end.runs) {
    io.stdout.write(`\n${run.model} — ${run.status}${run.reason ? `: ${run.reason}` : ''}\n`);
    if (run.levels.length > 0) io.stdout.write(`${renderStudyTable(run.levels).trimEnd()}\n`);
    if (run.dir !== null) io.stdout.write(`Saved: ${run.dir}\n`);
  }
  if (ranking === null) return;
  io.stdout.write(`\nRanking\n\n${renderRankingText(ranking)}`);
  io.stdout.write(`\nFull ranking: npx tokenbench rank ${dirs.map((d) => JSON.stringify(d)).join(' ')} --format html --out ranking.html\n`);
}
