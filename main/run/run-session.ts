// The run flow shared by `tokenbench run` and the app: after preflight, create the run folder, start
// telemetry, run the levels, record how the run ended. The caller owns progress display and cancel.
import { resolve } from 'node:path';
import type { LevelSummary } from '../../common/results.js';
import { createRunFolder, type RunWriter } from '../store/run-writer.js';
import { newRunId } from '../store/run-id.js';
import type { HostInfo, RunManifest } from '../../common/run-manifest.js';
import { collectHostInfo } from '../telemetry/host.js';
import type { TelemetryStream } from '../telemetry/session.js';
import { DEFAULTS, runConfigSchema, type RunConfig } from '../../common/run-config.js';
import type { PreflightResult } from './preflight.js';
import { runBenchmark, WarmupError, type BenchmarkEvents, type ResultSink } from '../engine/run-benchmark.js';
import { randomSeed } from '../engine/level-plan.js';
import { startTelemetryRecorder, type TelemetryRecorder } from './telemetry-recorder.js';
import { targetFor } from '../engine/targets/index.js';
import { connectionSecrets, createAgent, PLAIN_CONNECTION, type ConnectionOptions } from '../engine/connection-pool.js';
import type { PromptSet } from '../engine/workload/prompt-set.js';
import { readServerEnvironment } from '../telemetry/process/server-environment.js';
import { prepareWorkload, type PreparedWorkload } from './prepare-workload.js';
import { redactor, redactRecord, type Redact } from './redact.js';
import { probeServerSettings } from './server-settings.js';

/** The study ran 19 parallel requests because its GPU had 19 cores; the study profile does the same. */
export function withGpuCoreLevel(levels: readonly number[], gpuCores: number | undefined): number[] {
  if (gpuCores === undefined || gpuCores < 1 || levels.includes(gpuCores)) return [...levels];
  return [...levels, gpuCores].sort((a, b) => a - b);
}

export interface OpenRunInput {
  /** The configuration as asked (extra keys are dropped); url, api and model are replaced by what preflight found. */
  config: RunConfig;
  found: PreflightResult;
  toolVersion: string;
  /** Add the GPU core count to the levels (the study profile without explicit levels). */
  addGpuCoreLevel: boolean;
  /** Notes every reader of the run must show, recorded in run.json `warnings` (e.g. the demo model's). */
  warnings?: readonly string[];
  /** One line the user should see (a telemetry source that is not available). */
  warn(line: string): void;
  onTelemetrySample?(stream: TelemetryStream, sample: Record<string, unknown>): void;
  /** Headers and TLS trust (issue 14); its secrets are kept out of everything the run writes and says. */
  connection?: ConnectionOptions;
  /** `--prompt-file` read as a prompt set (config.promptSet records its identity). */
  promptSet?: PromptSet;
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
  const asked = runConfigSchema.parse(input.config);
  const concurrency = input.addGpuCoreLevel ? withGpuCoreLevel(asked.concurrency, host.gpu?.cores) : asked.concurrency;
  const sampleIntervalMs = asked.sampleIntervalMs ?? DEFAULTS.sampleIntervalMs;
  // The endpoint shaped only an Ollama run: run.json records it for those.
  const ollamaEndpoint = found.target.api === 'ollama' ? (asked.ollamaEndpoint ?? DEFAULTS.ollamaEndpoint) : undefined;
  const config: RunConfig = {
    ...asked,
    concurrency,
    url: found.origin,
    api: found.target.api,
    model: found.target.model,
    sampleIntervalMs,
    ollamaEndpoint,
    ...pacedDefaults(asked),
  };
  const remote = await prepareRemoteRun(input, config);
  const warn = (line: string): void => input.warn(remote.redact(line));
  const manifest: RunManifest = {
    id: newRunId(startedAt, found.target.model),
    tool: { name: 'tokenbench', version: input.toolVersion },
    status: 'running',
    startedAt: startedAt.toISOString(),
    endedAt: null,
    config,
    target: { ...found.target, settings: remote.settings },
    host,
    ...(input.warnings && input.warnings.length > 0 ? { warnings: [...input.warnings] } : {}),
    ...(remote.workload.info === undefined ? {} : { workload: remote.workload.info }),
  };
  const writer = await createRunFolder(resolve(config.outDir), manifest, { nextFreeId: true });
  for (const line of remote.workload.warnings) {
    writer.addWarning(remote.redact(line));
    warn(line);
  }
  let telemetry: TelemetryRecorder;
  try {
    telemetry = await startTelemetryRecorder(
      { mode: config.telemetry, sampleIntervalMs, warn, onSample: input.onTelemetrySample },
      found.origin,
      writer,
    );
  } catch (err) {
    finishRun(writer, 'failed', remote.redact(`telemetry could not start: ${String(err)}`));
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
          target: targetFor(found.target.api, { ollamaEndpoint }),
          model: found.target.model,
          warmPath: found.warmPath,
          sink: redactingSink(writer, remote.redact),
          signal,
          events: events && redactingEvents(events, remote.redact),
          decorateLevel: telemetry.decorateLevel,
          plan: remote.workload.plan,
          connection: remote.connection,
          promptCheck: remote.workload.promptCheck,
        });
        await telemetry.stop();
        const promptWarning = remote.workload.promptCheck.warning(remote.workload.info?.tokenizer.name ?? 'Tokenbench');
        if (promptWarning !== null) writer.addWarning(remote.redact(promptWarning));
        const reason = outcome.status === 'cancelled' ? 'cancelled by the user' : null;
        finishRun(writer, outcome.status, reason ?? undefined);
        return { status: outcome.status, levels: outcome.levels, reason, unexpected: null };
      } catch (err) {
        await telemetry.stop();
        const reason = remote.redact(err instanceof WarmupError ? err.message : `unexpected failure: ${String(err)}`);
        finishRun(writer, 'failed', reason);
        return { status: 'failed', levels: [], reason, unexpected: err instanceof WarmupError ? null : err };
      }
    },
  };
}

/** Rate and sweep runs record the arrival process and the seed they used: one seed replays the run. */
function pacedDefaults(config: RunConfig): Partial<RunConfig> {
  if (config.mode !== 'rate' && config.mode !== 'sweep') return {};
  return { arrivals: config.arrivals ?? 'poisson', seed: config.seed ?? randomSeed() };
}

/** What a run needs from the server before its folder exists (issue 14): the request plan, the server's settings, the redaction of secrets. */
interface RemoteRun {
  connection: ConnectionOptions;
  redact: Redact;
  workload: PreparedWorkload;
  settings: NonNullable<RunManifest['target']['settings']>;
}

async function prepareRemoteRun(input: OpenRunInput, config: RunConfig): Promise<RemoteRun> {
  const { found } = input;
  const connection = input.connection ?? PLAIN_CONNECTION;
  const agent = createAgent(connection);
  try {
    const [workload, settings] = await Promise.all([
      prepareWorkload({
        config,
        model: found.target.model,
        api: found.target.api,
        origin: found.origin,
        ...(input.promptSet === undefined ? {} : { promptSet: input.promptSet }),
        dispatcher: agent,
        headers: connection.headers,
      }),
      probeServerSettings({
        origin: found.origin,
        api: found.target.api,
        model: found.target.model,
        dispatcher: agent,
        headers: connection.headers,
        environment: () => readServerEnvironment(found.origin),
      }),
    ]);
    return { connection, redact: redactor(connectionSecrets(connection)), workload, settings };
  } finally {
    await agent.close();
  }
}

/** The run folder as the engine's sink, with every server text redacted of the connection's secrets. */
function redactingSink(writer: RunWriter, redact: Redact): ResultSink {
  return {
    appendRequest: (record) => writer.appendRequest(redactRecord(record, redact)),
    // A start line carries no server text: nothing to redact (docs/run-format.md § starts.jsonl).
    recordStart: (start) => writer.recordStart(start),
    writeSummary: (summary) => writer.writeSummary(summary),
    addWarning: (line) => writer.addWarning(redact(line)),
  };
}

/** The live view sees records as the folder keeps them: redacted. */
function redactingEvents(events: BenchmarkEvents, redact: Redact): BenchmarkEvents {
  const { onRecord } = events;
  return onRecord === undefined ? events : { ...events, onRecord: (record) => onRecord(redactRecord(record, redact)) };
}

function finishRun(writer: RunWriter, status: 'completed' | 'cancelled' | 'failed', reason?: string): void {
  writer.flush();
  writer.setStatus(status, reason ? { reason } : undefined);
  writer.close();
}
