import type { RunConfig } from './run-config.js';
import type { ApiKind } from './run-config.js';

export type RunStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted';

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
