// The run flow shared by `tokenbench run` and the app: after preflight, create the run folder, start
// telemetry, run the levels, record how the run ended. The caller owns progress display and cancel.
import { resolve } from 'node:path';
import type { LevelSummary } from '../../common/results.js';
import { createRunFolder, type RunWriter } from '../store/run-writer.js';
import { newRunId } from '../store/run-id.js';
import type { HostInfo, RunManifest } from '../../common/run-manifest.js';
import { collectHostInfo } from '../telemetry/host.js';
import type { TelemetryStream } from '../telemetry/session.js';
import type { RunConfig } from '../../common/run-config.js';
import type { PreflightResult } from './preflight.js';
import { runBenchmark, WarmupError, type BenchmarkEvents } from '../engine/run-benchmark.js';
import { startTelemetryRecorder, type TelemetryRecorder } from './telemetry-recorder.js';
import { targetFor, type TargetOptions } from '../engine/targets/index.js';

/** The study ran 19 parallel requests because its GPU had 19 cores; the study profile does the same. */
export function withGpuCoreLevel(levels: readonly number[], gpuCores: number | undefined): number[] {
  if (gpuCores === undefined || gpuCores < 1 || levels.includes(gpuCores)) return [...levels];
  return [...levels, gpuCores].sort((a, b) => a - b);
}

export interface OpenRunInput {
  /** The validated configuration as asked; url, api and model are replaced by what preflight found. */
  config: RunConfig;
  found: PreflightResult;
  toolVersion: string;
  /** Add the GPU core count to the levels (the study profile without explicit levels). */
  addGpuCoreLevel: boolean;
  sampleIntervalMs: number;
  ollamaEndpoint?: TargetOptions['ollamaEndpoint'];
  /** One line the user should see (a telemetry source that is not available). */
  warn(line: string): void;
  onTelemetrySample?(stream: TelemetryStream, sample: Record<string, unknown>): void;
  /** Seams for tests. */
  now?: () => Date;
  host?: () => Promise<HostInfo>;
}

/** A run whose folder exists (status `running`) and whose telemetry is sampling; nothing measured yet. */
export interface OpenedRunSession {
  readonly writer: RunWriter;
  readonly config: RunConfig;
  readonly manifest: RunManifest;
  /** Runs the levels and closes the folder with the final status. Never rejects for a failed run. */
  execute(input: { signal: AbortSignal; events?: BenchmarkEvents }): Promise<RunEnd>;
}

export interface RunEnd {
  status: 'completed' | 'cancelled' | 'failed';
  levels: LevelSummary[];
  /** One line: why the run failed or was cancelled. */
  reason: string | null;
  /** A failure that is a bug rather than a run outcome (not a failed warm-up); the CLI rethrows it. */
  unexpected: unknown;
}

export async function openRunSession(input: OpenRunInput): Promise<OpenedRunSession> {
  const { found } = input;
  const startedAt = (input.now ?? (() => new Date()))();
  const host = await (input.host ?? collectHostInfo)();
  const concurrency = input.addGpuCoreLevel ? withGpuCoreLevel(input.config.concurrency, host.gpu?.cores) : input.config.concurrency;
  const config: RunConfig = { ...pickRunConfig(input.config), concurrency, url: found.origin, api: found.target.api, model: found.target.model };
  const manifest: RunManifest = {
    id: newRunId(startedAt, found.target.model),
    tool: { name: 'tokenbench', version: input.toolVersion },
    status: 'running',
    startedAt: startedAt.toISOString(),
    endedAt: null,
    config,
    target: found.target,
    host,
  };
  const writer = await createRunFolder(resolve(config.outDir), manifest, { nextFreeId: true });
  let telemetry: TelemetryRecorder;
  try {
    telemetry = await startTelemetryRecorder(
      { mode: config.telemetry, sampleIntervalMs: input.sampleIntervalMs, warn: input.warn, onSample: input.onTelemetrySample },
      found.origin,
      writer,
    );
  } catch (err) {
    finishRun(writer, 'failed', `telemetry could not start: ${String(err)}`);
    throw err;
  }

  return {
    writer,
    config,
    manifest: writer.manifest,
    async execute({ signal, events }) {
      try {
        const outcome = await runBenchmark({
          config,
          origin: found.origin,
          target: targetFor(found.target.api, { ollamaEndpoint: input.ollamaEndpoint }),
          model: found.target.model,
          warmPath: found.warmPath,
          sink: writer,
          signal,
          events,
          decorateLevel: telemetry.decorateLevel,
        });
        await telemetry.stop();
        const reason = outcome.status === 'cancelled' ? 'cancelled by the user' : null;
        finishRun(writer, outcome.status, reason ?? undefined);
        return { status: outcome.status, levels: outcome.levels, reason, unexpected: null };
      } catch (err) {
        await telemetry.stop();
        const reason = err instanceof WarmupError ? err.message : `unexpected failure: ${String(err)}`;
        finishRun(writer, 'failed', reason);
        return { status: 'failed', levels: [], reason, unexpected: err instanceof WarmupError ? null : err };
      }
    },
  };
}

/** Only RunConfig's own fields go into run.json, whatever else the caller's object carries (CLI flags …). */
function pickRunConfig(c: RunConfig): RunConfig {
  return {
    url: c.url,
    api: c.api,
    model: c.model,
    concurrency: c.concurrency,
    mode: c.mode,
    durationMs: c.durationMs,
    requests: c.requests,
    prompt: c.prompt,
    maxTokens: c.maxTokens,
    cooldownMs: c.cooldownMs,
    warmup: c.warmup,
    timeoutMs: c.timeoutMs,
    idleTimeoutMs: c.idleTimeoutMs,
    think: c.think,
    telemetry: c.telemetry,
    outDir: c.outDir,
  };
}

function finishRun(writer: RunWriter, status: 'completed' | 'cancelled' | 'failed', reason?: string): void {
  writer.flush();
  writer.setStatus(status, reason ? { reason } : undefined);
  writer.close();
}
