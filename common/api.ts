// The one typed contract between the renderer and the main process (Electron IPC) or the web-mode
// server (HTTP + server-sent events). The preload exposes it as `window.tokenbench`; the renderer
// imports only these types. Verbs, not channels: the channel names live in main/app and preload.
import type { RunConfig } from './run-config.js';
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

/** What the user sets in Setup; remembered between sessions. */
export interface Settings {
  url: string;
  api: ApiKind | 'auto';
  model: string | null;
  profile: 'quick' | 'study' | 'custom';
  /** Custom profile: the run's configuration fields the user edited. */
  custom: Pick<RunConfig, 'concurrency' | 'mode' | 'prompt' | 'cooldownMs' | 'timeoutMs' | 'idleTimeoutMs'> & {
    maxTokens: number | null;
    durationMs: number | null;
    requests: number | null;
    think: boolean | null;
  };
  thresholds: { maxWaitMs: number; minTokensPerSecond: number };
}

export interface RunListItem {
  id: string;
  status: RunStatus;
  startedAt: string;
  model: string;
  url: string;
  levels: number[];
  /** One line: "4 parallel · 19.9 t/s · TTFT 0.38 s" of the last level, or null. */
  headline: string | null;
  imported: boolean;
}

/**
 * One run as the dashboard shows it: its report model (common/report/report-model.ts), built with the
 * saved thresholds — the same model every report format is rendered from. Its records carry no playback
 * payload (`pieces`, `pieceOffsetsMs` emptied) to keep IPC small; `getRequest` gives one in full.
 */
export type RunDetail = ReportModel;

/** Live events of the run in progress; throttled by main (≤ 10 per second). */
export type RunEvent =
  | { type: 'phase'; runId: string; phase: 'warmup' | 'level' | 'cooldown'; levelIndex: number; concurrency: number | null }
  | { type: 'requests'; runId: string; records: RequestRecord[] } // batched, playback payload stripped
  | { type: 'progress'; runId: string; levelIndex: number; levelCount: number; done: number; total: number | null; liveTokensPerSecond: number | null; etaMs: number | null; errors: number }
  | { type: 'level'; runId: string; summary: LevelSummary }
  | { type: 'telemetry'; runId: string; gpu: Record<string, unknown> | null; process: Array<Record<string, unknown>> }
  | { type: 'finished'; runId: string; status: RunStatus; reason: string | null };

export type ReportFormat = 'html' | 'md' | 'csv' | 'json';

export interface TokenbenchApi {
  getStatus(): Promise<ServerStatus>;
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;
  /** Starts a run with the saved settings (one click) or overrides; resolves with the run id once it started. */
  startRun(overrides?: Partial<Settings>): Promise<{ runId: string }>;
  cancelRun(runId: string): Promise<void>;
  listRuns(): Promise<RunListItem[]>;
  getRun(runId: string): Promise<RunDetail>;
  /** One request with its playback payload (pieces and offsets). */
  getRequest(runId: string, level: number, index: number): Promise<RequestRecord>;
  deleteRun(runId: string): Promise<void>;
  /** Desktop: a save dialog; web mode: a download. Resolves with where it went, or null if the user cancelled. */
  saveReport(runId: string, format: ReportFormat): Promise<string | null>;
  /** Subscribes to live run events; returns the unsubscribe function. */
  onRunEvent(listener: (event: RunEvent) => void): () => void;
}

/** The verbs of TokenbenchApi that are request/response (everything but onRunEvent). */
export type ApiVerb = Exclude<keyof TokenbenchApi, 'onRunEvent'>;
export const API_VERBS: readonly ApiVerb[] = [
  'getStatus',
  'getSettings',
  'saveSettings',
  'startRun',
  'cancelRun',
  'listRuns',
  'getRun',
  'getRequest',
  'deleteRun',
  'saveReport',
];

/**
 * Web mode wire format (`tokenbench ui`), implemented by main/app/web-server and renderer's HTTP bridge:
 * - the page is served at `/?token=T`; every API call carries header `x-tokenbench-token: T`;
 * - `POST /api/<verb>` with JSON `{ "args": [...] }` → 200 `{ "result": … }` or 4xx/5xx `{ "error": "one line" }`;
 * - `GET /api/events?token=T` → server-sent events, one `data: <RunEvent JSON>` per event;
 * - `saveReport` in web mode resolves with a URL path `/api/report/<runId>.<ext>?token=T` the page downloads.
 */
export const WEB_TOKEN_HEADER = 'x-tokenbench-token';
