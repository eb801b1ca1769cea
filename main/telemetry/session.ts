// One run's telemetry: the server's processes and the GPU, sampled from the start of the run to its
// end, handed to the caller's sink as they come, and integrated into energy per level on demand.
import type { EnergySummary } from '../../common/results.js';
import type { TelemetrySourceStatus } from '../../common/run-manifest.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';
import { captureCommand } from './command-output.js';
import { energyOfWindow, type EnergyWindow } from './energy.js';
import { loadSudoPrompt, type SudoExec } from './gpu/apple/sudo-prompt.js';
import { selectGpuSource } from './gpu/select.js';
import type { GpuSource } from './gpu/source.js';
import type { GpuSourceOptions } from './gpu/vendor.js';
import type { ProcessPlatform } from './process/process-table.js';
import { selectProcessSource } from './process/process-source.js';
import type { TelemetrySource } from './source.js';

/** The run folder's `telemetry/<stream>.jsonl` files. */
export type TelemetryStream = 'gpu' | 'process';

export interface TelemetryOptions {
  mode: 'auto' | 'none' | 'process' | 'gpu';
  /** To find the listening PID (only when the host is 127.0.0.1/localhost/::1). */
  targetUrl: string;
  /** Default 1000. */
  intervalMs: number;
  /** Each sample has `t` epoch ms; the caller appends them to telemetry/<stream>.jsonl. */
  sink: (stream: TelemetryStream, sample: Record<string, unknown>) => void;
  platform?: NodeJS.Platform;
  sudoExec?: SudoExec;
  /** PATH for finding macmon / nvidia-smi / rocm-smi. */
  env?: NodeJS.ProcessEnv;
  /** Bounds the powermetrics sample count. */
  maxDurationMs?: number;
}

export interface TelemetrySession {
  readonly status: { process: TelemetrySourceStatus; gpu: TelemetrySourceStatus };
  energy(window: { startedAt: number; endedAt: number }, outputTokens: number): EnergySummary | null;
  /** Idempotent; kills child processes; never throws. */
  stop(): Promise<void>;
}

/** Seams for tests: fake roots and shorter waits. Not part of the session's contract. */
export interface TelemetryInternals {
  processPlatform?: ProcessPlatform;
  extraDirs?: readonly string[];
  drmRoot?: string;
  powermetrics?: GpuSourceOptions['powermetrics'];
}

const DEFAULT_INTERVAL_MS = 1000;
/** Eight hours: longer than any profile, short enough that a crashed app's powermetrics ends the same day. */
const DEFAULT_MAX_DURATION_MS = 8 * 3600_000;
const STOP_WAIT_MS = 5000;

const off = (reason: string): TelemetrySourceStatus => ({ available: false, reason });

function boundedWait(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/** Starts every sampler the mode asks for and this machine offers; never rejects for missing tools. */
export async function startTelemetry(opts: TelemetryOptions, internals: TelemetryInternals = {}): Promise<TelemetrySession> {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const intervalMs = Number.isFinite(opts.intervalMs) && opts.intervalMs > 0 ? opts.intervalMs : DEFAULT_INTERVAL_MS;
  const wantProcess = opts.mode === 'auto' || opts.mode === 'process';
  const wantGpu = opts.mode === 'auto' || opts.mode === 'gpu';

  let stopped = false;
  const notRequested = off(opts.mode === 'none' ? 'telemetry off (--telemetry none)' : `not requested (--telemetry ${opts.mode})`);
  let processStatusFallback = notRequested;
  let gpuStatusFallback = notRequested;
  let processSource: TelemetrySource<ProcessSample> | null = null;
  let gpuSource: GpuSource | null = null;
  const gpuSamples: GpuSample[] = [];

  const emit = (stream: TelemetryStream, sample: GpuSample | ProcessSample): void => {
    if (stopped) return;
    try {
      opts.sink(stream, { ...sample });
    } catch {
      // A failing sink must not stop sampling; the caller owns its own write errors.
    }
  };

  const startProcess = async (): Promise<void> => {
    const selected = selectProcessSource({ targetUrl: opts.targetUrl, platform, intervalMs, processPlatform: internals.processPlatform });
    if ('reason' in selected) {
      processStatusFallback = off(selected.reason);
      return;
    }
    processSource = selected;
    await selected.start((sample) => emit('process', sample));
  };

  const startGpu = async (): Promise<void> => {
    const selected = await selectGpuSource(
      { platform, env, run: captureCommand, extraDirs: internals.extraDirs, drmRoot: internals.drmRoot },
      {
        intervalMs: Math.round(intervalMs),
        maxDurationMs: opts.maxDurationMs ?? DEFAULT_MAX_DURATION_MS,
        sudoExec: async () => opts.sudoExec ?? (await loadSudoPrompt()),
        powermetrics: internals.powermetrics,
      },
    );
    if ('reason' in selected) {
      gpuStatusFallback = off(selected.reason);
      return;
    }
    gpuSource = selected;
    try {
      await selected.start((sample) => {
        if (stopped) return;
        gpuSamples.push(sample);
        emit('gpu', sample);
      });
    } catch (error) {
      gpuStatusFallback = off(`${selected.name} failed to start: ${(error as Error).message}`);
      gpuSource = null;
      await boundedWait(selected.stop(), STOP_WAIT_MS);
    }
  };

  await Promise.all([wantProcess ? startProcess() : undefined, wantGpu ? startGpu() : undefined]);

  let stopping: Promise<void> | null = null;
  const maxGapMs = Math.max(5 * intervalMs, 5000);

  return {
    get status() {
      return {
        process: processSource ? processSource.status : processStatusFallback,
        gpu: gpuSource ? gpuSource.status : gpuStatusFallback,
      };
    },
    energy(window: EnergyWindow, outputTokens: number) {
      if (gpuSamples.length === 0) return null;
      return energyOfWindow(gpuSamples, window, outputTokens, maxGapMs);
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        const waits: Promise<void>[] = [];
        if (processSource) waits.push(processSource.stop());
        if (gpuSource) waits.push(gpuSource.stop());
        await boundedWait(Promise.allSettled(waits), STOP_WAIT_MS);
      })().catch(() => undefined);
      return stopping;
    },
  };
}
