// The telemetry samples of a run folder (telemetry/gpu.jsonl, telemetry/process.jsonl), for reports.
import { readJsonl } from '../store/jsonl-reader.js';
import { telemetryFile } from '../store/run-folder.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';

export interface RunTelemetry {
  gpu: GpuSample[];
  process: ProcessSample[];
  /** Lines that could not be read, one each. */
  warnings: string[];
}

const isObjectWithTime = (value: unknown): value is { t: number } =>
  typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'number';

const isGpuSample = (value: unknown): value is GpuSample => isObjectWithTime(value) && typeof (value as { source?: unknown }).source === 'string';

const isProcessSample = (value: unknown): value is ProcessSample => isObjectWithTime(value) && typeof (value as { pid?: unknown }).pid === 'number';

/** Missing files are no error: a run with `--telemetry none` has none. */
export async function readRunTelemetry(runDir: string): Promise<RunTelemetry> {
  const [gpu, process] = await Promise.all([
    readJsonl<GpuSample>(telemetryFile(runDir, 'gpu'), { accept: isGpuSample, what: 'GPU sample' }),
    readJsonl<ProcessSample>(telemetryFile(runDir, 'process'), { accept: isProcessSample, what: 'process sample' }),
  ]);
  return {
    gpu: gpu.records.sort((a, b) => a.t - b.t),
    process: process.records.sort((a, b) => a.t - b.t),
    warnings: [...gpu.warnings, ...process.warnings],
  };
}
