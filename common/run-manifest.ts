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
