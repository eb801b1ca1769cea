// The telemetry samples of a run folder (telemetry/gpu.jsonl, telemetry/process.jsonl), for reports.
import { readJsonl } from '../store/jsonl-reader.js';
import { telemetryFile } from '../store/run-folder.js';
import { checkGpuSample, checkProcessSample } from '../store/run-validation.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';

export interface RunTelemetry {
  gpu: GpuSample[];
  process: ProcessSample[];
  /** Lines that could not be read, one each. */
  warnings: string[];
}

/** Missing files are no error: a run with `--telemetry none` has none. */
export async function readRunTelemetry(runDir: string): Promise<RunTelemetry> {
  const [gpu, process] = await Promise.all([
    readJsonl<GpuSample>(telemetryFile(runDir, 'gpu'), { check: checkGpuSample, what: 'GPU sample', within: runDir }),
    readJsonl<ProcessSample>(telemetryFile(runDir, 'process'), { check: checkProcessSample, what: 'process sample', within: runDir }),
  ]);
  return {
    gpu: gpu.records.sort((a, b) => a.t - b.t),
    process: process.records.sort((a, b) => a.t - b.t),
    warnings: [...gpu.warnings, ...process.warnings],
  };
}
