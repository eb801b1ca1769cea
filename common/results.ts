// The data contract of docs/metrics.md and docs/run-format.md. Every file, screen and
// report reads these shapes; extend them, never rename a field.
import type { LevelFigure } from './level-figures.js';
import type { LevelMode, SweepRole } from './levels.js';
import type { ArrivalProcess } from './run-config.js';
import type { Slo, SloObjective } from './slo.js';

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

  // ── Load shapes (docs/metrics.md § Load shapes). Absent in records written before them. ──
  /** The load mode of the level that made the request. */
  mode?: LevelMode;
  /** Position of that level in the run's plan, 0-based, the same in every repeat. */
  levelIndex?: number;
  /** The repeat (`--repeat N`) that made it, 0-based. */
  repeat?: number;
  /** Rate levels: the level's nominal request rate, requests/s. */
  rate?: number;
  /** Rate levels: epoch ms when the arrival schedule said the request was due. */
  scheduledAt?: number;
  /**
   * Rate levels: startedAt − scheduledAt (≥ 0), ms: the delay the client added (`--max-concurrency` full,
   * or the client late). Never inside TTFT, and not `queueMs` (the server's own queue estimate).
   */
  clientQueueMs?: number;
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
  /** The level's concurrency; a rate level's `--max-concurrency` cap, 0 without one. */
  concurrency: number;
  mode: LevelMode;
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
  /** Only on the level in flight when its run was killed, as readers derive it (never in summary.json). */
  interrupted?: InterruptedLevel;

  // ── Load shapes (docs/metrics.md § Load shapes). Absent in summaries written before them. ──
  /** Position of the level in the run's plan, 0-based, the same in every repeat. */
  levelIndex?: number;
  /** The repeat that ran the level, 0-based. */
  repeat?: number;
  /** Sweep runs: the level's role in the sweep. */
  sweep?: SweepRole;
  /** Rate levels: nominal request rate (requests/s), arrival process, the level's own seed, the in-flight cap. */
  rate?: number;
  arrivals?: ArrivalProcess;
  seed?: number;
  maxConcurrency?: number;
  /**
   * Length of the level's active window, ms from startedAt: the level's duration for a level that runs
   * for a duration (`--duration`), else its wall time. Throughput, request rate and goodput divide by it.
   */
  activeMs?: number;
  /** Request rate: ok requests that ended inside the active window / the active window, requests/s. */
  requestsPerSecond?: number;
  /** Thinking tokens per ok request (server count, else thinking chunks). */
  thinkingTokens?: Stats | null;
  /** Rate levels: client queue time of the level's requests (startedAt − scheduledAt), ms. */
  clientQueueMs?: Stats | null;
  /** Rate levels: coefficient of variation of the gaps between consecutive actual starts (1 Poisson, 0 constant). */
  arrivalCv?: number | null;
  /** Rate levels: requests due but never started (the level's duration ended while they waited for a slot). */
  notStarted?: number;
  /** Rate levels: whether the server (or the cap) fell behind the arrivals. */
  saturation?: SaturationFinding;
  /** Requests meeting every objective of the run's SLO. */
  goodput?: GoodputSummary;
  /** Every gap between consecutive token chunks of the level's ok requests, counted in fixed bins (ms). */
  itlHistogram?: ItlHistogram;
}

/** Counts of inter-token gaps per bin: bin i holds gaps in [edgesMs[i], edgesMs[i + 1]), the last one the rest. */
export interface ItlHistogram {
  edgesMs: number[];
  counts: number[];
}

export type SaturationReason = 'wait-grows' | 'late-starts' | 'requests-fail';

/** docs/metrics.md § Saturation; computed by main/metrics/saturation.ts. */
export interface SaturationFinding {
  saturated: boolean;
  /** Every criterion that holds, in this order: wait-grows, late-starts, requests-fail. */
  reasons: SaturationReason[];
  /** Ok requests in the trend fit. */
  fitted: number;
  /** Least-squares slope of wait (client queue + TTFT, ms) against scheduled time (s); null without a fit. */
  waitSlopeMsPerS: number | null;
  /** Its one-sided 95 % lower bound: slope − t(0.95, n − 2) · standard error. */
  waitSlopeLowMsPerS: number | null;
  /** slope × (last − first scheduled time): how much the fitted wait grew over the level, ms. */
  waitGrowthMs: number | null;
  /** Share of started requests whose client queue time exceeded one mean gap (1000 / rate ms). */
  lateShare: number | null;
  /** (failed + never started) / (requests + never started), cancelled requests left out of both. */
  failedShare: number | null;
}

/** Goodput of one level against an SLO (docs/metrics.md § Goodput); computed by main/metrics/goodput.ts. */
export interface GoodputSummary {
  slo: Slo;
  /** Every request of the level, errors included. */
  requests: number;
  /** Requests that met every objective. */
  good: number;
  /** good / requests; null for a level without requests. */
  goodShare: number | null;
  /** Good requests that ended inside the active window / the active window, requests per second; 0 without one. */
  goodputRequestsPerSecond: number;
  /** Ok requests that missed each objective (one request can miss several), and error requests. */
  missed: Record<SloObjective | 'error', number>;
}

export interface Interval {
  low: number;
  high: number;
}

/** One figure over repeats (docs/metrics.md § Repeats); computed by main/metrics/repeats.ts. */
export interface RepeatStats {
  /** Repeats that have this figure. */
  n: number;
  mean: number;
  /** Sample standard deviation over repeats (n − 1); 0 for one repeat. */
  stddev: number;
  /** mean ± t(0.975, n − 1) · stddev / √n; null with fewer than 2 repeats. */
  ci95: Interval | null;
  /** Coefficient of variation stddev / |mean|; null when the mean is 0. */
  cv: number | null;
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

  // ── Load shapes (docs/metrics.md § Load shapes). Absent in summaries written before them. ──
  /** `--repeat N` with N ≥ 2: each level of the plan over its repeats, in plan order. */
  repeats?: RepeatedLevel[];
  /** `--mode sweep`: how the sweep went and where it stopped. */
  sweep?: SweepOutcome;
}

/** One level of the plan over its repeats: the mean, 95 % CI and CV of every figure (common/level-figures.ts). */
export interface RepeatedLevel {
  /** The level as its first repeat ran it. */
  level: Pick<LevelSummary, 'concurrency' | 'mode' | 'levelIndex' | 'rate' | 'sweep' | 'maxConcurrency'>;
  /** Repeats that ran the level. */
  repeats: number;
  figures: Record<LevelFigure, RepeatStats | null>;
}

/** A sweep's course (docs/metrics.md § Sweep); computed by main/metrics/sweep-outcome.ts. */
export interface SweepOutcome {
  /** Request rates the synchronous and max-throughput levels achieved (their first repeat). */
  synchronousRate: number | null;
  throughputRate: number | null;
  /** The rate levels that ran (first repeat), ascending. */
  rates: number[];
  /** The first saturated rate level, where the sweep stopped; null when none was saturated. */
  stoppedAt: { rate: number; reasons: SaturationReason[] } | null;
  /** The highest rate level before the first saturated one; null when the first was saturated or none ran. */
  sustained: { rate: number; ttftP95Ms: number | null } | null;
}

// ── Request starts and interrupted levels (docs/run-format.md § starts.jsonl) ──

/** One line of starts.jsonl: a request handed to the HTTP client, written before it was sent. */
export interface RequestStart {
  /** The level's concurrency, as in its record. */
  level: number;
  /** 0-based index of the request within its level, as in its record. */
  index: number;
  /** Epoch ms when it was handed over. */
  startedAt: number;
  /** Planned levels (rate, sweep, repeats): the level's identity, as in its record (common/levels.ts recordLevelKey). */
  mode?: RequestRecord['mode'];
  levelIndex?: number;
  repeat?: number;
  rate?: number;
}

/** What became of a level the run did not finish: it was in flight when the process died. */
export interface InterruptedLevel {
  /** Requests started (starts.jsonl); null for run folders written before starts were recorded. */
  sent: number | null;
  /** Started but never recorded: their outcome is unknown. null when `sent` is. */
  lost: number | null;
}
