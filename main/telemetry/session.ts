// One run's telemetry: the server's processes and the GPU, sampled from the start of the run to its
// end, handed to the run engine's sink as they come, and integrated into energy per level on demand.
import { createRequire } from 'node:module';
import type { EnergySummary } from '../../common/results.js';
import { energyOfWindow, type EnergyWindow } from './energy.js';
import { selectGpuSource, type SelectGpuOptions } from './gpu/select.js';
import type { GpuSource } from './gpu/source.js';
import type { ProcessPlatform } from './process/process-table.js';
import { macosProcessPlatform } from './process/sample-macos.js';
import { linuxProcessPlatform } from './process/sample-linux.js';
import { ProcessTracker } from './process/tracker.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';
import type { TelemetrySourceStatus } from '../../common/run-manifest.js';
import type { SudoExec } from './gpu/apple/sudo-prompt.js';


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
  /** For live gauges. */
  latest(): { gpu?: Record<string, unknown>; process?: Record<string, unknown>[] };
  energy(window: { startedAt: number; endedAt: number }, outputTokens: number): EnergySummary | null;
  /** Idempotent; kills child processes; never throws. */
  stop(): Promise<void>;
}

/** Seams for tests: fake roots and shorter waits. Not part of the engine's contract. */
export interface TelemetryInternals {
  processPlatform?: ProcessPlatform;
  extraDirs?: readonly string[];
  drmRoot?: string;
  powermetrics?: SelectGpuOptions['powermetrics'];
}

export const DEFAULT_INTERVAL_MS = 1000;
/** Eight hours: longer than any profile, short enough that a crashed app's powermetrics ends the same day. */
export const DEFAULT_MAX_DURATION_MS = 8 * 3600_000;
const STOP_WAIT_MS = 5000;

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The target's port when it runs on this machine; otherwise why the processes cannot be watched. */
export function localPort(targetUrl: string): { port: number } | { reason: string } {
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    return { reason: `not a URL: ${targetUrl}` };
  }
  if (!LOCAL_HOSTS.has(url.hostname)) return { reason: `the target (${url.hostname}) is not on this machine` };
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { port };
}

/** sudo-prompt's exec, loaded only when powermetrics is the GPU source. */
export async function loadSudoPrompt(): Promise<SudoExec> {
  // sudo-prompt is CommonJS; require keeps its `exec` intact.
  const require = createRequire(import.meta.url);
  const mod = require('sudo-prompt') as { exec: SudoExec };
  return mod.exec;
}

function processPlatformFor(platform: NodeJS.Platform): ProcessPlatform | null {
  if (platform === 'linux') return linuxProcessPlatform();
  if (platform === 'darwin') return macosProcessPlatform();
  return null;
}

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
  let processStatus: TelemetrySourceStatus = off(opts.mode === 'none' ? 'telemetry off (--telemetry none)' : `not requested (--telemetry ${opts.mode})`);
  let gpuStatusFallback: TelemetrySourceStatus = processStatus;
  let gpuSource: GpuSource | null = null;
  let timer: NodeJS.Timeout | null = null;
  let tickInFlight: Promise<void> | null = null;
  const gpuSamples: GpuSample[] = [];
  let latestGpu: GpuSample | undefined;
  let latestProcess: ProcessSample[] | undefined;

  const emit = (stream: TelemetryStream, sample: GpuSample | ProcessSample): void => {
    try {
      opts.sink(stream, { ...sample });
    } catch {
      // A failing sink must not stop sampling; the engine owns its own write errors.
    }
  };

  const onGpu = (sample: GpuSample): void => {
    if (stopped) return;
    gpuSamples.push(sample);
    latestGpu = sample;
    emit('gpu', sample);
  };

  const startProcess = async (): Promise<void> => {
    const where = localPort(opts.targetUrl);
    if ('reason' in where) {
      processStatus = off(where.reason);
      return;
    }
    const procPlatform = internals.processPlatform ?? processPlatformFor(platform);
    if (!procPlatform) {
      processStatus = off(`process telemetry is not supported on ${platform}`);
      return;
    }
    const tracker = new ProcessTracker(procPlatform, where.port);
    try {
      processStatus = await tracker.discover();
    } catch (error) {
      processStatus = off(`process discovery failed: ${(error as Error).message}`);
      return;
    }
    if (!processStatus.available) return;
    const tick = async (): Promise<void> => {
      try {
        const samples = await tracker.tick();
        if (stopped) return;
        latestProcess = samples;
        for (const s of samples) emit('process', s);
      } catch {
        // One failed reading (a process ending mid-read) is skipped; the next tick tries again.
      }
    };
    // The first tick sets each PID's CPU baseline, so CPU % is known from the second one on.
    tickInFlight = tick().finally(() => {
      tickInFlight = null;
    });
    await tickInFlight;
    timer = setInterval(() => {
      if (tickInFlight || stopped) return;
      tickInFlight = tick().finally(() => {
        tickInFlight = null;
      });
    }, intervalMs);
    timer.unref();
  };

  const startGpu = async (): Promise<void> => {
    const selected = await selectGpuSource({
      platform,
      env,
      intervalMs: Math.round(intervalMs),
      maxDurationMs: opts.maxDurationMs ?? DEFAULT_MAX_DURATION_MS,
      sudoExec: async () => opts.sudoExec ?? (await loadSudoPrompt()),
      extraDirs: internals.extraDirs,
      drmRoot: internals.drmRoot,
      powermetrics: internals.powermetrics,
    });
    if ('reason' in selected) {
      gpuStatusFallback = off(selected.reason);
      return;
    }
    gpuSource = selected;
    try {
      await selected.start(onGpu);
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
      const gpu: TelemetrySourceStatus = gpuSource ? gpuSource.status : gpuStatusFallback;
      return { process: processStatus, gpu };
    },
    latest() {
      return {
        ...(latestGpu ? { gpu: { ...latestGpu } } : {}),
        ...(latestProcess ? { process: latestProcess.map((s) => ({ ...s })) } : {}),
      };
    },
    energy(window: EnergyWindow, outputTokens: number) {
      if (gpuSamples.length === 0) return null;
      return energyOfWindow(gpuSamples, window, outputTokens, maxGapMs);
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        if (timer) clearInterval(timer);
        timer = null;
        const waits: Promise<unknown>[] = [];
        if (tickInFlight) waits.push(tickInFlight);
        if (gpuSource) waits.push(gpuSource.stop());
        await boundedWait(Promise.allSettled(waits), STOP_WAIT_MS);
      })().catch(() => undefined);
      return stopping;
    },
  };
}
