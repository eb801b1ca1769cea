// Records a run's telemetry into its folder: every sample of the session appended to
// `telemetry/<stream>.jsonl`, the sources' status into run.json, and each level's energy added to
// its summary.
import type { LevelDecorator } from '../engine/run-benchmark.js';
import type { RunConfig } from '../../common/run-config.js';
import type { RunWriter } from '../store/run-writer.js';
import { startTelemetry, type TelemetryStream } from '../telemetry/session.js';
import type { JsonlAppender } from '../store/jsonl-appender.js';

export interface TelemetryRecorderOptions {
  mode: RunConfig['telemetry'];
  sampleIntervalMs: number;
  /** One line per source that could not be recorded (the CLI prints it; the app shows it). */
  warn(line: string): void;
  /** Each sample as it is appended, for live gauges. */
  onSample?(stream: TelemetryStream, sample: Record<string, unknown>): void;
}

export interface TelemetryRecorder {
  /** Adds the level's energy (null when power does not cover its window). */
  decorateLevel: LevelDecorator;
  stop(): Promise<void>;
}

/**
 * Samples the server process and the GPU for the length of the run. Missing tools or permissions
 * degrade to "not available" with the reason recorded in run.json; they never fail the run.
 */
export async function startTelemetryRecorder(options: TelemetryRecorderOptions, origin: string, writer: RunWriter): Promise<TelemetryRecorder> {
  const streams = new Map<TelemetryStream, JsonlAppender>();
  const session = await startTelemetry({
    mode: options.mode,
    targetUrl: origin,
    intervalMs: options.sampleIntervalMs,
    sink: (stream, sample) => {
      let appender = streams.get(stream);
      if (!appender) {
        appender = writer.openTelemetry(stream);
        streams.set(stream, appender);
      }
      appender.append(sample);
      options.onSample?.(stream, sample);
    },
  });
  writer.updateManifest({ telemetry: session.status });
  for (const [name, status] of Object.entries(session.status)) {
    if (!status.available && options.mode !== 'none') options.warn(`Telemetry (${name}): not available — ${status.reason ?? 'unknown reason'}`);
  }
  return {
    decorateLevel: (summary) => ({
      ...summary,
      energy: session.energy({ startedAt: summary.startedAt, endedAt: summary.endedAt }, summary.outputTokensTotal),
    }),
    stop: () => session.stop(),
  };
}
