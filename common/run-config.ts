/** The API dialects a target speaks. */
export type ApiKind = 'ollama' | 'openai';

export type LoadMode = 'burst' | 'sustained';

/** Everything a run needs to know, validated. The CLI and the app both build one of these. */
export interface RunConfig {
  url: string;
  /** undefined = detect (`/api/version` → ollama, else `/v1/models` → openai). */
  api?: ApiKind;
  /** undefined = the loaded model (Ollama `/api/ps`), else the first installed one. */
  model?: string;
  concurrency: number[];
  mode: LoadMode;
  /** Sustained mode: keep N in flight for this long (ms) … */
  durationMs?: number;
  /** … or for this many requests per level. Burst mode sends exactly `concurrency` requests. */
  requests?: number;
  prompt: string;
  maxTokens?: number;
  /** Pause between levels, ms. */
  cooldownMs: number;
  warmup: boolean;
  /** Whole-request timeout, ms. */
  timeoutMs: number;
  /** No byte for this long ends the request as `idle-timeout`, ms. */
  idleTimeoutMs: number;
  think?: boolean;
  telemetry: 'auto' | 'none' | 'process' | 'gpu';
  /** Parent folder of run folders. */
  outDir: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:11434';
export const DEFAULT_PROMPT = 'What is the philosophical definition of time?';

export const DEFAULTS = {
  url: DEFAULT_URL,
  concurrency: [1, 2, 4, 8],
  mode: 'burst' as LoadMode,
  prompt: DEFAULT_PROMPT,
  cooldownMs: 0,
  warmup: true,
  timeoutMs: 600_000,
  idleTimeoutMs: 60_000,
  telemetry: 'auto' as const,
  outDir: 'runs',
};
