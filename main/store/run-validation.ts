// Checking what a run folder's files hold against the schemas in common/ (run.json: common/run-manifest.ts;
// request, start and summary lines: common/results-schema.ts). A run folder may come from anyone: what
// fails is refused with one line that says why, never handed on half-checked.
import type * as z from 'zod/mini';
import { levelSummarySchema, requestRecordSchema, requestStartSchema, summaryFileSchema } from '../../common/results-schema.js';
import type { LevelSummary, RequestRecord, RequestStart } from '../../common/results.js';
import { runManifestSchema, type RunManifest } from '../../common/run-manifest.js';
import { gpuSampleSchema, processSampleSchema } from '../../common/telemetry-schema.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';
import { describeZodError } from '../../common/zod-error.js';

/** A checked value, or why the input is not one (one line, e.g. `target: Invalid input: expected object, received undefined`). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Longest problem line kept: a key of the file's own (a path segment) may be arbitrarily long. */
const MAX_PROBLEM_CHARS = 300;

/** The problem as one printable line: keys in the path come from the file, newlines and all. */
function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length <= MAX_PROBLEM_CHARS ? flat : `${flat.slice(0, MAX_PROBLEM_CHARS)}…`;
}

function checkWith<S extends z.ZodMiniType>(schema: S, value: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, problem: oneLine(describeZodError(result.error)) };
}

export function checkManifest(value: unknown): Checked<RunManifest> {
  return checkWith(runManifestSchema, value);
}

export function checkRequestRecord(value: unknown): Checked<RequestRecord> {
  return checkWith(requestRecordSchema, value);
}

export function checkRequestStart(value: unknown): Checked<RequestStart> {
  return checkWith(requestStartSchema, value);
}

export function checkLevelSummary(value: unknown): Checked<LevelSummary> {
  return checkWith(levelSummarySchema, value);
}

/** summary.json's outer shape: `{ "levels": [ … ] }`; each entry is checked by checkLevelSummary. */
export function checkSummaryFile(value: unknown): Checked<{ levels: unknown[] }> {
  return checkWith(summaryFileSchema, value);
}

export function checkGpuSample(value: unknown): Checked<GpuSample> {
  return checkWith(gpuSampleSchema, value);
}

export function checkProcessSample(value: unknown): Checked<ProcessSample> {
  return checkWith(processSampleSchema, value);
}
