// The data the renderer and main exchange (Electron IPC or web mode's HTTP + server-sent events). The
// verbs that carry it, and TokenbenchApi, are api-verbs.ts.
import type { ApiKind } from './run-config.js';
import type { ReportModel } from './report/report-model.js';
import type { LevelSummary, RequestRecord } from './results.js';
import type { RunStatus } from './run-manifest.js';

/** What the popover's status line shows about the target, without starting a run. */
export interface ServerStatus {
  url: string;
  reachable: boolean;
  api: ApiKind | null;
  version: string | null;
  models: string[];
  loadedModel: string | null;
  warning: string | null;
}

/** The local LLM servers discovery tells apart, by what each answers (docs/discovery.md). */
export const SERVER_KINDS = [
  'ollama',
  'lm-studio',
  'llama-server',
  'vllm',
  'jan',
  'koboldcpp',
  'text-generation-webui',
  'sglang',
  'localai',
  'openai-compatible',
] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** Each kind as people call it. */
export const SERVER_KIND_NAMES: Record<ServerKind, string> = {
  ollama: 'Ollama',
  'lm-studio': 'LM Studio',
  'llama-server': 'llama.cpp llama-server',
  vllm: 'vLLM',
  jan: 'Jan',
  koboldcpp: 'KoboldCpp',
  'text-generation-webui': 'text-generation-webui',
  sglang: 'SGLang',
  localai: 'LocalAI',
  'openai-compatible': 'OpenAI-compatible server',
};

/** One LLM server answering on a loopback port. */
export interface FoundServer {
  /** Its base address, e.g. `http://127.0.0.1:11434`. */
  url: string;
  kind: ServerKind;
  /** The API a run speaks to it. */
  api: ApiKind;
  version: string | null;
  models: string[];
  /** The model in memory now, where the server says (Ollama `/api/ps`, LM Studio, llama-server). */
  loadedModel: string | null;
  /** An answer given up on (e.g. a model list too large to read), one line; absent when none. */
  warning?: string;
}

/** What a one-click run would benchmark when the user named no server. */
export type DefaultTarget =
  | { kind: 'server'; url: string }
  /**
   * Nothing answers: the built-in llama.cpp engine with this model file; `demo` = the bundled random-weights
   * model. `name`: the model as the engine serves it (e.g. `llama3.2:1b` for a model Ollama pulled).
   */
  | { kind: 'built-in'; model: string; demo: boolean; name?: string }
  /** Nothing answers and no model file to serve; `reason` says what to do. */
  | { kind: 'none'; reason: string };

/** Every local server found (Ollama first, then by port) and what a run without a chosen server would use. */
export interface ServerDiscovery {
  servers: FoundServer[];
  defaultTarget: DefaultTarget;
  /** How long the probing took, ms. */
  tookMs: number;
}

export interface RunListItem {
  id: string;
  /** `damaged`: a folder whose run.json cannot be used (`damaged` says why); its other fields are then empty. */
  status: RunStatus | 'damaged';
  startedAt: string;
  model: string;
  url: string;
  levels: number[];
  /** One line: "4 parallel · TTFT p95 0.38 s · 19.9 t/s p5" of the last level, or null. */
  headline: string | null;
  imported: boolean;
  /** Why the run cannot be opened, one line (e.g. "run.json is damaged (target: …)"); null for a readable run. */
  damaged: string | null;
}

/**
 * One run as the dashboard shows it: its report model (common/report/report-model.ts), built with the
 * saved thresholds — the same model every report format is rendered from. Its records carry no playback
 * payload (`pieces`, `pieceOffsetsMs` emptied) to keep IPC small; `getRequest` gives one in full.
 */
export type RunDetail = ReportModel;

/** Live events of the run in progress; throttled by main (≤ 10 per second). */
export type RunEvent =
  | { type: 'phase'; runId: string; phase: 'warmup' | 'level' | 'cooldown'; levelIndex: number; concurrency: number | null; label?: string } // label: the level in words (common/levels.ts levelDescription)
  | { type: 'requests'; runId: string; records: RequestRecord[] } // batched, playback payload stripped
  | { type: 'progress'; runId: string; levelIndex: number; levelCount: number; done: number; total: number | null; liveTokensPerSecond: number | null; etaMs: number | null; errors: number }
  | { type: 'level'; runId: string; summary: LevelSummary }
  | { type: 'telemetry'; runId: string; gpu: Record<string, unknown> | null; process: Array<Record<string, unknown>> }
  | { type: 'finished'; runId: string; status: RunStatus; reason: string | null };

export const REPORT_FORMAT_NAMES = ['html', 'md', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMAT_NAMES)[number];

/**
 * The API key of a server behind auth (issue 14), as the app keeps it: in the OS keychain (Electron
 * safeStorage), never in settings.json; the key itself never travels back to the renderer.
 */
export interface ApiKeyStatus {
  /** A key is stored and will be sent as `Authorization: Bearer …`. */
  stored: boolean;
  /** The OS keychain can keep a key here (not in web mode, not on Linux without a secret service). */
  available: boolean;
  /** Why not, when it cannot. */
  reason: string | null;
}
