// The data contract of docs/metrics.md and docs/run-format.md. Every file, screen and
// report reads these shapes; extend them, never rename a field.

export type ErrorKind =
  | 'connect'
  | 'http'
  | 'timeout'
  | 'idle-timeout'
  | 'truncated'
  | 'malformed'
  | 'server-error'
  | 'cancelled';

export const ERROR_KINDS: readonly ErrorKind[] = [
  'connect',
  'http',
  'timeout',
  'idle-timeout',
  'truncated',
  'malformed',
  'server-error',
  'cancelled',
];

export interface RequestError {
  kind: ErrorKind;
  message: string;
  httpStatus?: number;
}

/** Where `outputTokens` comes from: the server's own count, our count of token chunks, or words (legacy imports). */
export type TokenSource = 'server' | 'chunks' | 'words';

export interface Stats {
  mean: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  stddev: number;
}

/** Stats of a higher-is-better metric also carry the slow tail (docs/metrics.md § Statistics: the UI shows p5/p1). */
export interface StatsWithTail extends Stats {
  p5: number;
  p1: number;
}

export interface ItlStats {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** The server's own counters, durations in milliseconds. Absent fields were not reported. */
export interface ServerCounters {
  promptTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  promptEvalMs?: number;
  evalMs?: number;
  loadMs?: number;
  totalMs?: number;
  /** The server's own decode rate: eval_count / eval_duration (Ollama) or timings.predicted_per_second (llama.cpp). */
  tokensPerSecond?: number;
  doneReason?: string;
  // --- Prompt cache (issue 14) ---
  /** Prompt tokens the server took from its prefix cache instead of evaluating: llama.cpp `timings.cache_n`. */
  cachedPromptTokens?: number;
  /** Prompt tokens the server evaluated: llama.cpp `timings.prompt_n` (Ollama's `prompt_eval_count` is `promptTokens`, and counts the same). */
  evaluatedPromptTokens?: number;
}

export interface RequestRecord {
  /** The level's concurrency. */
  level: number;
  /** 0-based index of the request within its level. */
  index: number;
  status: 'ok' | 'error';
  error: RequestError | null;
  /** Epoch ms when the request was handed to the HTTP client (t0). */
  startedAt: number;
  /** All *Ms times are monotonic milliseconds since t0; null when the moment never came. */
  firstByteMs: number | null;
  ttftMs: number | null;
  firstAnswerMs: number | null;
  lastTokenMs: number | null;
  e2eMs: number | null;
  outputTokens: number;
  tokenSource: TokenSource;
  /** Number of token-carrying chunks (thinking and answer), always counted by us. */
  chunks: number;
  thinkingTokens: number;
  /** Decode speed: (outputTokens − 1) / (lastToken − TTFT), tokens per second; null with fewer than 2 tokens. */
  tokensPerSecond: number | null;
  itlMs: ItlStats | null;
  /** Estimated queue time TTFT − prompt_eval − load, when the server reports those durations. */
  queueMs: number | null;
  server: ServerCounters | null;
  /** The generated answer text (thinking excluded). */
  text: string;
  /** Playback data: each token chunk's text, its arrival offset (ms since t0), and its kind ('t' thinking, 'a' answer). */
  pieces: string[];
  pieceOffsetsMs: number[];
  pieceKinds: string;
  /**
   * Present (true) when the answer was longer than a record stores: `text` and the playback pieces hold its
   * first chunks only (at most a million characters); counts and times still cover every chunk, ITL the
   * stored ones. Absent otherwise.
   */
  truncatedForStorage?: true;
  // --- Workload (issue 14): each field only when the run has it (docs/run-format.md § Workload) ---
  /** Index of the prompt in the run's prompt set (`config.promptSet`) whose user message this request sent last. */
  promptIndex?: number;
  /** 0-based conversation within the level (`--turns`); its turns have consecutive indexes. */
  conversation?: number;
  /** 1-based turn within the conversation (`--turns`). */
  turn?: number;
  /** The prompt's tokens as Tokenbench built or counted them (every message's text, chat template excluded), when known. */
  inputTokens?: number;
  /** The output length this request asked for (`--max-tokens N:SD` draws one per request). */
  maxTokens?: number;
  /** Time Tokenbench itself spent reading this response (decoding and parsing each chunk), ms: the client's share of E2E. */
  clientMs?: number;
}

export interface LevelSummary {
  concurrency: number;
  mode: 'burst' | 'sustained';
  requests: number;
  ok: number;
  errors: number;
  errorsByKind: Partial<Record<ErrorKind, number>>;
  /** Epoch ms of the level's first request start and last request end. */
  startedAt: number;
  endedAt: number;
  wallMs: number;
  outputTokensTotal: number;
  /** Σ output tokens of the level's ok requests / the level's wall time, tokens per second. */
  throughputTokensPerSecond: number;
  /** Stats over ok requests only; null when the level has none. */
  ttftMs: Stats | null;
  firstAnswerMs: Stats | null;
  tokensPerSecond: StatsWithTail | null;
  e2eMs: Stats | null;
  outputTokens: Stats | null;
  queueMs: Stats | null;
  /** Per-request p99 ITL, summarised across the level. */
  itlP99Ms: Stats | null;
  serverTokensPerSecond: Stats | null;
  /** GPU energy over the level's window (docs/telemetry.md); null when no power samples cover it. */
  energy?: EnergySummary | null;
}

/**
 * Energy of one level: power samples integrated (trapezoid) over the level's window [startedAt, endedAt].
 * `joules` is GPU energy, the one figure every GPU source reports; CPU and combined (Apple CPU+GPU+ANE)
 * energy ride along when the source gives them.
 */
export interface EnergySummary {
  joules: number;
  /** Mean GPU power over the window: joules / window seconds. */
  watts: number;
  /** joules / the level's output tokens; null when the level produced none. */
  joulesPerToken: number | null;
  tokensPerJoule: number | null;
  /** The sampler that gave the power: powermetrics, macmon, nvidia-smi, amdgpu-sysfs, rocm-smi. */
  source: string;
  /** Power samples whose time falls inside the window. */
  samples: number;
  cpuJoules?: number;
  /** Apple Silicon: CPU + GPU + ANE, as powermetrics/macmon report it. */
  combinedJoules?: number;
  combinedJoulesPerToken?: number | null;
}

export interface RunSummary {
  levels: LevelSummary[];
}
