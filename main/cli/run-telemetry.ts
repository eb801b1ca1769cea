import type { LevelDecorator } from '../engine/run-benchmark.js';
import type { RunWriter } from '../store/run-writer.js';
import { startTelemetry, type TelemetrySession } from '../telemetry/session.js';
import type { JsonlAppender } from '../store/jsonl-appender.js';
import type { CliIo } from './io.js';
import type { RunArgs } from './run-args.js';

export interface RunTelemetry {
  decorateLevel: LevelDecorator;
  stop(): Promise<void>;
}

/**
 * Samples the server process and the GPU into `telemetry/*.jsonl` for the length of the run and adds
 * energy to each level. Missing tools or permissions degrade to "not available" with the reason
 * recorded in run.json; they never fail the run.
 */
export async function startRunTelemetry(args: RunArgs, origin: string, writer: RunWriter, io: CliIo): Promise<RunTelemetry> {
  const streams = new Map<'gpu' | 'process', JsonlAppender>();
  const session: TelemetrySession = await startTelemetry({
    mode: args.telemetry,
    targetUrl: origin,
    intervalMs: args.sampleIntervalMs,
    sink: (stream, sample) => {
      let appender = streams.get(stream);
      if (!appender) {
        appender = writer.openTelemetry(stream);
        streams.set(stream, appender);
      }
      appender.append(sample);
    },
  });
  writer.updateManifest({ telemetry: session.status });
  for (const [name, status] of Object.entries(session.status)) {
    if (!status.available && args.telemetry !== 'none') io.stderr.write(`Telemetry (${name}): not available — ${status.reason ?? 'unknown reason'}\n`);
  }
  return {
    decorateLevel: (summary) => ({
      ...summary,
      energy: session.energy({ startedAt: summary.startedAt, endedAt: summary.endedAt }, summary.outputTokensTotal),
    }),
    stop: () => session.stop(),
  };
}
