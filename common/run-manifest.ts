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
  /** The server's own settings where it reveals them (issue 14); absent in older runs. */
  settings?: ServerSettings;
}

/** One setting of the server, with where it was read. */
export interface ServerSetting<T> {
  value: T;
  /** e.g. `llama-server /props total_slots`, `OLLAMA_NUM_PARALLEL (server environment)`, `Ollama /api/ps`. */
  source: string;
}

/**
 * What the server says of its own configuration (docs/run-format.md § target.settings): how many
 * requests it decodes at once and its context size, so effective parallelism can be set against them.
 */
export interface ServerSettings {
  /** Requests decoded at once: llama-server's slots, Ollama's OLLAMA_NUM_PARALLEL. */
  parallel?: ServerSetting<number>;
  /** Tokens of context per request (per slot). */
  contextSize?: ServerSetting<number>;
  /** Bytes of the loaded model in (GPU) memory: Ollama `/api/ps` size_vram. */
  vramBytes?: ServerSetting<number>;
  /** Bytes of the loaded model: Ollama `/api/ps` size. */
  modelBytes?: ServerSetting<number>;
  /** Scheduling variables of the server process's environment, by name (a fixed list; never anything else). */
  environment?: Record<string, string>;
  /** What could not be read and why, one line each. */
  notes: string[];
}

/** How the run's prompts were built and counted (issue 14). */
export interface WorkloadInfo {
  /** What counted tokens: the target's own tokenizer or a stated BPE. */
  tokenizer: { kind: 'server' | 'bpe'; name: string; note?: string };
  /** The Ollama endpoint or other choices the workload forced, one line each. */
  notes: string[];
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
  /** How prompts were built and counted; present when the run had a workload beyond one fixed prompt. */
  workload?: WorkloadInfo;
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
const settingOf = <T extends z.ZodMiniType>(value: T) => z.optional(z.looseObject({ value, source: z.string() }));
const serverSettingsShape = {
  parallel: settingOf(z.number()),
  contextSize: settingOf(z.number()),
  vramBytes: settingOf(z.number()),
  modelBytes: settingOf(z.number()),
  environment: z.optional(z.record(z.string(), z.string())),
  notes: z.array(z.string()),
};

const targetShape = {
  url: z.string(),
  api: z.enum(API_KINDS),
  serverVersion: z.nullable(z.string()),
  model: z.string(),
  modelDetails: z.nullable(z.record(z.string(), z.unknown())),
  settings: z.optional(z.looseObject(serverSettingsShape)),
};

const workloadShape = {
  tokenizer: z.looseObject({ kind: z.enum(['server', 'bpe']), name: z.string(), note: z.optional(z.string()) }),
  notes: z.array(z.string()),
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
  workload: z.optional(z.looseObject(workloadShape)),
};

/** run.json as every reader needs it; `describeZodError` (common/zod-error.ts) words a refusal in one line. */
export const runManifestSchema = z.looseObject(manifestShape);

// A field added to an interface above must be added to its schema (and the reverse): else it goes unchecked.
const keys: Array<true> = [
  true satisfies KeysMatch<typeof manifestShape, RunManifest>,
  true satisfies KeysMatch<typeof targetShape, TargetInfo>,
  true satisfies KeysMatch<typeof serverSettingsShape, ServerSettings>,
  true satisfies KeysMatch<typeof workloadShape, WorkloadInfo>,
  true satisfies KeysMatch<typeof hostShape, HostInfo>,
  true satisfies KeysMatch<typeof telemetryStatusShape, TelemetrySourceStatus>,
];
void keys;
