// run.json: its shape and the one schema every reader checks it against. A run folder may come from
// anyone, so a reader trusts no field it has not validated: one run.json without `target` once emptied
// the app's whole history ("Cannot read properties of undefined").
// zod/mini, as common/run-config.ts: the renderer bundles common/.
import * as z from 'zod/mini';
import { API_KINDS, recordedRunConfigSchema, type ApiKind, type RunConfig } from './run-config.js';
import type { KeysMatch } from './schema-keys.js';

export type RunStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted';

export const RUN_STATUSES = ['running', 'completed', 'cancelled', 'failed', 'interrupted'] as const satisfies readonly RunStatus[];

export interface TargetInfo {
  url: string;
  api: ApiKind;
  serverVersion: string | null;
  model: string;
  /** Whatever the server says of the model (Ollama `/api/tags` details, size, digest …). */
  modelDetails: Record<string, unknown> | null;
}

export interface HostInfo {
  os: string;
  osVersion: string;
  arch: string;
  cpuModel: string;
  cpuCores: number;
  ramBytes: number;
  gpu: { name: string; vramBytes?: number; cores?: number } | null;
}

/** `<run>/run.json`. */
export interface RunManifest {
  id: string;
  tool: { name: 'tokenbench'; version: string };
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  /** Why a run failed or was cancelled, in one line. */
  reason?: string;
  config: RunConfig;
  target: TargetInfo;
  host: HostInfo;
  /** What telemetry could be recorded, and why not where it could not. */
  telemetry?: Record<string, TelemetrySourceStatus>;
  /** Notes readers must show (e.g. legacy imports: "token counts are words"). */
  warnings?: string[];
}

/** Whether one telemetry source recorded, as run.json keeps it and the samplers report it. */
export interface TelemetrySourceStatus {
  available: boolean;
  /** Which sampler, e.g. `proc (port 11434)`, `nvidia-smi`, `powermetrics`. */
  source?: string;
  /** Why it is unavailable, or a caveat when it is (e.g. "found by name only"). */
  reason?: string;
}

/** An ISO 8601 time that `Date.parse` reads (every reader sorts and subtracts them). */
const timeSchema = z.string().check(z.refine((text) => !Number.isNaN(Date.parse(text)), { error: 'not a date and time' }));

// Objects are loose: a field a newer Tokenbench adds passes through to the JSON report untouched, while
// every field this version reads is checked. `config` goes through the run-config schema itself.
const targetShape = {
  url: z.string(),
  api: z.enum(API_KINDS),
  serverVersion: z.nullable(z.string()),
  model: z.string(),
  modelDetails: z.nullable(z.record(z.string(), z.unknown())),
};

const hostShape = {
  os: z.string(),
  osVersion: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cpuCores: z.number(),
  ramBytes: z.number(),
  gpu: z.nullable(z.looseObject({ name: z.string(), vramBytes: z.optional(z.number()), cores: z.optional(z.number()) })),
};

const telemetryStatusShape = {
  available: z.boolean(),
  source: z.optional(z.string()),
  reason: z.optional(z.string()),
};

const manifestShape = {
  id: z.string().check(z.minLength(1, { error: 'an empty id' })),
  tool: z.looseObject({ name: z.literal('tokenbench', { error: 'not written by Tokenbench' }), version: z.string() }),
  status: z.enum(RUN_STATUSES),
  startedAt: timeSchema,
  endedAt: z.nullable(timeSchema),
  reason: z.optional(z.string()),
  config: recordedRunConfigSchema,
  target: z.looseObject(targetShape),
  host: z.looseObject(hostShape),
  telemetry: z.optional(z.record(z.string(), z.looseObject(telemetryStatusShape))),
  warnings: z.optional(z.array(z.string())),
};

/** run.json as every reader needs it; `describeZodError` (common/zod-error.ts) words a refusal in one line. */
export const runManifestSchema = z.looseObject(manifestShape);

// A field added to an interface above must be added to its schema (and the reverse): else it goes unchecked.
const keys: Array<true> = [
  true satisfies KeysMatch<typeof manifestShape, RunManifest>,
  true satisfies KeysMatch<typeof targetShape, TargetInfo>,
  true satisfies KeysMatch<typeof hostShape, HostInfo>,
  true satisfies KeysMatch<typeof telemetryStatusShape, TelemetrySourceStatus>,
];
void keys;
