// Several models in one run (`tokenbench run --model a,b,c`, Setup's model list): the same plan against each
// model in turn, one run folder per model (the run-folder format is unchanged), the previous model unloaded
// where the server allows it and the cooldown kept between models. Every model is checked before anything
// is written. The ranking is read from the folders afterwards (main/report/ranking-model.ts).
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { ApiKind } from '../../common/run-config.js';
import { MAX_SERIES_MODELS } from '../../common/settings.js';
import type { LevelSummary } from '../../common/results.js';
import { PreflightError } from './detect-server.js';
import { preflight, type PreflightResult } from './preflight.js';
import type { OpenedRunSession, RunEnd } from './run-session.js';
import { unloadModel, type UnloadOutcome } from './unload-model.js';


/**
 * A model list as given (`a,b,c`): names trimmed, none empty, none twice. Throws a plain Error naming the
 * problem; each caller words it for its own edge.
 */
export function parseModelList(raw: string): string[] {
  const names = raw.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new Error('an empty name in the list (expected e.g. llama3.2,qwen2.5:7b)');
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new Error(`"${twice}" is listed twice`);
  if (names.length > MAX_SERIES_MODELS) throw new Error(`at most ${MAX_SERIES_MODELS} models in one run (got ${names.length})`);
  return names;
}

/** Checks the server and every model before anything is written; throws PreflightError naming the first missing one. */
export async function preflightModels(input: { url: string; api?: ApiKind; models: readonly string[]; timeoutMs?: number }): Promise<PreflightResult[]> {
  const found: PreflightResult[] = [];
  for (const model of input.models) found.push(await preflight({ url: input.url, api: input.api, model, timeoutMs: input.timeoutMs }));
  const names = found.map((f) => f.target.model);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new PreflightError(`two of the names given are the same model on the server ("${twice}")`);
  return found;
}

export interface SeriesRunResult {
  model: string;
  /** null for a model the series never reached (cancelled before it). */
  runId: string | null;
  dir: string | null;
  status: RunEnd['status'] | 'not run';
  reason: string | null;
  levels: LevelSummary[];
  /** The unload after this model's run, before the next one; null after the last model or when none was tried. */
  unload: UnloadOutcome | null;
}

export interface SeriesEnd {
  /** cancelled when the user cancelled; failed when a model's run failed; completed otherwise. */
  status: 'completed' | 'cancelled' | 'failed';
  runs: SeriesRunResult[];
}

export interface ModelSeriesInput {
  /** One per model, from preflightModels, in the order to run them. */
  targets: readonly PreflightResult[];
  /** The pause between models (the run's cooldown), ms. */
  cooldownMs: number;
  signal: AbortSignal;
  /** Opens one model's run folder (openRunSession with that model's preflight). */
  open(found: PreflightResult, index: number): Promise<OpenedRunSession>;
  /** Runs the opened session to its end (the caller attaches its progress display). */
  execute(session: OpenedRunSession, index: number): Promise<RunEnd>;
  /** Between two models: what the unload did and how long the pause is. */
  onPause?(pause: { after: string; next: string; unload: UnloadOutcome; cooldownMs: number }): void;
  /** Seams for tests. */
  unload?: typeof unloadModel;
}

export async function runModelSeries(input: ModelSeriesInput): Promise<SeriesEnd> {
  const { targets, signal } = input;
  const unload = input.unload ?? unloadModel;
  const runs: SeriesRunResult[] = [];
  for (let i = 0; i < targets.length; i++) {
    const found = targets[i];
    if (signal.aborted) {
      runs.push({ model: found.target.model, runId: null, dir: null, status: 'not run', reason: 'cancelled before this model', levels: [], unload: null });
      continue;
    }
    const session = await input.open(found, i);
    const end = await input.execute(session, i);
    const result: SeriesRunResult = {
      model: found.target.model,
      runId: session.manifest.id,
      dir: session.writer.dir,
      status: end.status,
      reason: end.reason,
      levels: end.levels,
      unload: null,
    };
    runs.push(result);
    const next = targets[i + 1];
    if (next === undefined || signal.aborted) continue;
    result.unload = await unload(found.origin, found.target.api, found.target.model);
    input.onPause?.({ after: found.target.model, next: next.target.model, unload: result.unload, cooldownMs: input.cooldownMs });
    if (input.cooldownMs > 0) await sleepFor(input.cooldownMs, undefined, { signal }).catch(() => undefined);
  }
  const status = signal.aborted ? 'cancelled' : runs.some((r) => r.status === 'failed') ? 'failed' : 'completed';
  return { status, runs };
}
