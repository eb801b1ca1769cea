// The app's run of several models (Setup's model list): the same loop as `tokenbench run --model a,b,c`
// (main/run/model-series.ts), each model's run relayed to the UI as its own run (its live events, its
// `finished`), so the live view and the popover follow one run folder at a time.
import type { RunEvent } from '../../common/api.js';
import type { RunPlanFromSettings } from './run-settings.js';
import { preflightModels, runModelSeries } from '../run/model-series.js';
import { openRunSession } from '../run/run-session.js';
import { TOOL_VERSION } from '../tool-version.js';
import { RunEventRelay } from './run-events.js';

export interface ModelSeriesStart {
  plan: RunPlanFromSettings;
  models: readonly string[];
  signal: AbortSignal;
  emit(event: RunEvent): void;
  now(): number;
  warn(line: string): void;
  /** A model's run folder was opened: it is the active run now. */
  onRunOpened(runId: string): void;
  /** The series is over (called before the last run's `finished` goes out, so "Run again" is accepted). */
  release(): void;
}

export interface StartedSeries {
  /** The first model's run id once its folder exists; rejects when a model is missing (nothing written). */
  firstRunId: Promise<string>;
  /** Settles when the last model's run has ended. */
  done: Promise<void>;
}

export function startModelSeries(input: ModelSeriesStart): StartedSeries {
  const { plan, signal } = input;
  let resolveFirst: (id: string) => void = () => undefined;
  let rejectFirst: (err: unknown) => void = () => undefined;
  let opened = false;
  const firstRunId = new Promise<string>((resolve, reject) => {
    resolveFirst = resolve;
    rejectFirst = reject;
  });
  const done = (async () => {
    const targets = await preflightModels({ url: plan.config.url, api: plan.config.api, models: input.models });
    let relay: RunEventRelay | null = null;
    await runModelSeries({
      targets,
      cooldownMs: plan.config.cooldownMs,
      signal,
      open: async (found) => {
        const session = await openRunSession({
          config: plan.config,
          found,
          toolVersion: TOOL_VERSION,
          addGpuCoreLevel: plan.addGpuCoreLevel,
          warn: input.warn,
          onTelemetrySample: (stream, sample) => relay?.telemetrySample(stream, sample),
        });
        relay = new RunEventRelay({ runId: session.manifest.id, config: session.config, emit: input.emit, now: input.now });
        input.onRunOpened(session.manifest.id);
        opened = true;
        resolveFirst(session.manifest.id);
        return session;
      },
      execute: async (session, index) => {
        const started = relay;
        const end = await session.execute({ signal, events: started?.events });
        if (end.unexpected !== null) input.warn(`run ${session.manifest.id}: ${end.reason}`);
        if (index === targets.length - 1 || signal.aborted) input.release();
        started?.finish(end.status, end.reason);
        return end;
      },
      onPause: ({ after, unload }) => {
        if (!unload.unloaded) input.warn(`${after} may stay loaded: ${unload.reason}`);
      },
    });
  })()
    .catch((err: unknown) => {
      if (!opened) rejectFirst(err);
      else input.warn(`the run of several models stopped: ${err instanceof Error ? err.message : String(err)}`);
    })
    .finally(() => input.release());
  return { firstRunId, done };
}
