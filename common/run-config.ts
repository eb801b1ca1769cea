// The run configuration: its limits, its zod schema (the one validator the CLI, the app, web mode, the
// legacy import and the run flow use), its defaults. `RunConfig` is what the schema outputs.
// zod/mini, not zod: the renderer bundles these schemas, and the mini API tree-shakes (~30 KB, not ~95 KB).
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { sloSchema } from './slo.js';

// zod/mini has no messages of its own; the English ones of full zod, for the fields without a hint below.
z.config(en());

/** Highest concurrency a level may ask for; more would exhaust sockets long before the server. */
export const MAX_CONCURRENCY = 4096;

/** setTimeout fires at once for delays above 2^31−1 ms, so no time setting may exceed it. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Telemetry sampling faster than this costs the server more than it tells. */
export const MIN_SAMPLE_INTERVAL_MS = 100;

export const API_KINDS = ['ollama', 'openai'] as const;
/** The API dialects a target speaks. */
export type ApiKind = (typeof API_KINDS)[number];

export const LOAD_MODES = ['burst', 'sustained', 'rate', 'sweep'] as const;
export type LoadMode = (typeof LOAD_MODES)[number];

export const TELEMETRY_MODES = ['auto', 'none', 'process', 'gpu'] as const;
export type TelemetryMode = (typeof TELEMETRY_MODES)[number];

export const OLLAMA_ENDPOINTS = ['generate', 'chat'] as const;
/** Which Ollama endpoint requests go to: `/api/generate` or `/api/chat`. */
export type OllamaEndpoint = (typeof OLLAMA_ENDPOINTS)[number];

/**
 * The levels a run measures: each once, in ascending order (records and summaries are keyed by level,
 * so a level given twice would mix two levels' records). Items are validated by `levelsSchema`.
 */
export function normalizeLevels(levels: readonly number[]): number[] {
  return [...new Set(levels)].sort((a, b) => a - b);
}

const LEVELS_HINT = `whole numbers from 1 to ${MAX_CONCURRENCY}`;
/** Concurrency levels: 1..MAX_CONCURRENCY each, at least one; normalised by normalizeLevels. */
export const levelsSchema = z.pipe(
  z
    .array(z.int({ error: LEVELS_HINT }).check(z.minimum(1, { error: LEVELS_HINT }), z.maximum(MAX_CONCURRENCY, { error: LEVELS_HINT })), { error: LEVELS_HINT })
    .check(z.minLength(1, { error: 'at least one level' })),
  z.transform((levels: number[]) => normalizeLevels(levels)),
);

const COUNT_HINT = 'a whole number > 0';
/** A positive whole number (max tokens, requests per level). */
export const countSchema = z.int({ error: COUNT_HINT }).check(z.positive({ error: COUNT_HINT }));

// Said in days: the same hint serves fields edited in seconds (Setup) and in ms (payloads).
const MAX_TIMER_DAYS = Math.floor(MAX_TIMER_MS / 8_640_000) / 10;
const TIMER_HINT = `a time ≥ 0 and at most ${MAX_TIMER_DAYS} days`;
/** A pause, ms: 0..MAX_TIMER_MS. */
export const timerMsSchema = z.int({ error: TIMER_HINT }).check(z.minimum(0, { error: TIMER_HINT }), z.maximum(MAX_TIMER_MS, { error: TIMER_HINT }));

const POSITIVE_TIMER_HINT = `a time > 0 and at most ${MAX_TIMER_DAYS} days`;
/** A timeout or duration, ms: 1..MAX_TIMER_MS. */
export const positiveTimerMsSchema = z
  .int({ error: POSITIVE_TIMER_HINT })
  .check(z.positive({ error: POSITIVE_TIMER_HINT }), z.maximum(MAX_TIMER_MS, { error: POSITIVE_TIMER_HINT }));

/** The server's base URL. The CLI checks more (http(s) only, no credentials, no query) for its flag. */
export const serverUrlSchema = z.url({ error: 'a URL such as http://127.0.0.1:11434' }).check(z.maxLength(2048));
export const modelNameSchema = z.string().check(z.minLength(1, { error: 'a model name' }), z.maxLength(512));
export const promptSchema = z.string().check(z.minLength(1, { error: 'the prompt text' }));

// ── Load shapes (docs/metrics.md § Load shapes): request-rate levels, sweeps, repeats, goodput ──

export const ARRIVAL_PROCESSES = ['poisson', 'constant'] as const;
/** How a rate level's requests arrive: exponential gaps (Poisson) or evenly spaced. */
export type ArrivalProcess = (typeof ARRIVAL_PROCESSES)[number];

/** Highest request rate a level may ask for, requests/s: far beyond any local server, below what would only measure the client. */
export const MAX_RATE = 10_000;
/** Most repeats of a plan (`--repeat N`). */
export const MAX_REPEATS = 100;
/** Largest arrival seed: seeds are 32-bit (main/engine/arrivals.ts). */
export const MAX_SEED = 0xffff_ffff;

/** Rate levels (requests/s): each once, in ascending order, like concurrency levels. */
export function normalizeRates(rates: readonly number[]): number[] {
  return [...new Set(rates)].sort((a, b) => a - b);
}

const RATES_HINT = `numbers > 0 and at most ${MAX_RATE} (requests per second)`;
export const ratesSchema = z.pipe(
  z
    .array(z.number({ error: RATES_HINT }).check(z.positive({ error: RATES_HINT }), z.maximum(MAX_RATE, { error: RATES_HINT })), { error: RATES_HINT })
    .check(z.minLength(1, { error: 'at least one rate' })),
  z.transform((rates: number[]) => normalizeRates(rates)),
);
const SEED_HINT = `a whole number from 0 to ${MAX_SEED}`;
/** `--seed N`: one 32-bit seed for everything a run draws at random (rate schedules, prompt order, lengths). */
export const seedSchema = z.int({ error: SEED_HINT }).check(z.minimum(0, { error: SEED_HINT }), z.maximum(MAX_SEED, { error: SEED_HINT }));
const CAP_HINT = `a whole number from 1 to ${MAX_CONCURRENCY}`;
export const maxConcurrencySchema = z.int({ error: CAP_HINT }).check(z.minimum(1, { error: CAP_HINT }), z.maximum(MAX_CONCURRENCY, { error: CAP_HINT }));
const REPEATS_HINT = `a whole number from 1 to ${MAX_REPEATS}`;
export const repeatsSchema = z.int({ error: REPEATS_HINT }).check(z.minimum(1, { error: REPEATS_HINT }), z.maximum(MAX_REPEATS, { error: REPEATS_HINT }));

const loadShapeFields = {
  /** Rate mode: one level per rate, requests/s. */
  rates: z.optional(ratesSchema),
  /** Rate and sweep modes: how requests arrive; absent = poisson. */
  arrivals: z.optional(z.enum(ARRIVAL_PROCESSES)),
  /**
   * The one seed of everything a run draws at random: rate schedules, the prompt set's order, sampled
   * lengths. A rate or sweep run records the one it drew when none was given (then its prompt set is
   * shuffled by it too, so the recorded seed replays the run); other modes draw nothing without it.
   */
  seed: z.optional(seedSchema),
  /** Rate and sweep modes: most requests in flight; a due request waits for a slot (client queue time). Sweep: the max-throughput level's concurrency. */
  maxConcurrency: z.optional(maxConcurrencySchema),
  /** Run the whole plan this many times into one run folder; absent = once. */
  repeats: z.optional(repeatsSchema),
  /** Service-level objectives for goodput; absent = the verdict's thresholds (common/slo.ts defaultSlo). */
  slo: z.optional(sloSchema),
};

/** Rate/sweep-only fields given in another mode. */
export type LoadShapeIssue =
  | 'rate-without-rates'
  | 'rates-outside-rate-mode'
  | 'pacing-outside-rate-modes'
  | 'rate-with-both'
  | 'rate-without-end'
  | 'sweep-with-both'
  | 'sweep-without-end';

function loadShapeIssue(config: LoadModeFields): LoadShapeIssue | null {
  if (config.mode === 'rate' && config.rates === undefined) return 'rate-without-rates';
  if (config.mode !== 'rate' && config.rates !== undefined) return 'rates-outside-rate-mode';
  const paced = config.mode === 'rate' || config.mode === 'sweep';
  if (!paced && (config.arrivals !== undefined || config.maxConcurrency !== undefined)) return 'pacing-outside-rate-modes';
  return null;
}

const LOAD_SHAPE_MESSAGES: Record<LoadShapeIssue, string> = {
  'rate-without-rates': 'rate mode needs at least one request rate',
  'rates-outside-rate-mode': 'request rates only apply to rate mode',
  'pacing-outside-rate-modes': 'arrivals and a concurrency cap only apply to rate and sweep modes',
  'rate-with-both': 'rate mode needs exactly one of a duration or a request count per level',
  'rate-without-end': 'rate mode needs exactly one of a duration or a request count per level',
  'sweep-with-both': 'sweep mode needs exactly one of a duration or a request count per level',
  'sweep-without-end': 'sweep mode needs exactly one of a duration or a request count per level',
};

/**
 * Burst levels send exactly N requests; sustained, rate and sweep levels need exactly one way to end.
 * Rates belong to rate mode only; arrivals and a concurrency cap to rate and sweep modes (a seed to any mode).
 */
export type LoadModeIssue =
  | 'burst-with-duration'
  | 'burst-with-requests'
  | 'sustained-with-both'
  | 'sustained-without-end'
  | LoadShapeIssue;

/** The part of a configuration the load-mode rule reads. */
export type LoadModeFields = Pick<RunConfig, 'mode' | 'durationMs' | 'requests'> &
  Partial<Pick<RunConfig, 'rates' | 'arrivals' | 'seed' | 'maxConcurrency'>>;

export function loadModeIssue(config: LoadModeFields): LoadModeIssue | null {
  const hasDuration = config.durationMs !== undefined;
  const hasRequests = config.requests !== undefined;
  if (config.mode === 'burst') return hasDuration ? 'burst-with-duration' : hasRequests ? 'burst-with-requests' : loadShapeIssue(config);
  const shape = loadShapeIssue(config);
  if (shape !== null) return shape;
  if (config.mode === 'rate' || config.mode === 'sweep') {
    if (hasDuration && hasRequests) return `${config.mode}-with-both`;
    return hasDuration || hasRequests ? null : `${config.mode}-without-end`;
  }
  if (hasDuration && hasRequests) return 'sustained-with-both';
  return hasDuration || hasRequests ? null : 'sustained-without-end';
}

/** The schema's wording of each load-mode issue (the CLI says the same with its flag names). */
export const LOAD_MODE_MESSAGES: Record<LoadModeIssue, string> = {
  'burst-with-duration': 'a duration only applies to sustained mode (burst mode sends N requests per level)',
  'burst-with-requests': 'a request count only applies to sustained mode (burst mode sends N requests per level)',
  'sustained-with-both': 'sustained mode needs exactly one of a duration or a request count per level',
  'sustained-without-end': 'sustained mode needs exactly one of a duration or a request count per level',
  ...LOAD_SHAPE_MESSAGES,
};

// --- Workload and remote servers (issue 14): prompt sets, lengths, conversations, auth and TLS ---------
// docs/run-format.md § Workload. A prompt set is recorded by identity (path, SHA-256, format, size), never
// copied into run.json; each record names its prompt by index.

/** Longest synthetic prompt or shared prefix, tokens: far past any context window, short of a runaway. */
export const MAX_INPUT_TOKENS = 1_048_576;
/** Most turns of one conversation. */
export const MAX_TURNS = 1000;

export const PROMPT_SET_FORMATS = ['text', 'jsonl', 'sharegpt'] as const;
/** `text`: the whole file is one prompt; `jsonl`: `{"prompt"}` or `{"messages"}` per line; `sharegpt`: a JSON array of `{"conversations"}`. */
export type PromptSetFormat = (typeof PROMPT_SET_FORMATS)[number];

const SD_HINT = 'a standard deviation ≥ 0';
/** A length drawn per request: a normal distribution of this mean and standard deviation (sd 0: always the mean), rounded, at least 1. */
export const lengthSchema = z.object({
  mean: countSchema.check(z.maximum(MAX_INPUT_TOKENS)),
  sd: z.number({ error: SD_HINT }).check(z.minimum(0, { error: SD_HINT }), z.maximum(MAX_INPUT_TOKENS, { error: SD_HINT })),
});
export type LengthSpec = z.output<typeof lengthSchema>;

/** Which file the prompts came from and that it is the same file: its path as given, SHA-256 of its bytes, format and number of prompts. */
export const promptSetSchema = z.object({
  path: z.string().check(z.minLength(1)),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  format: z.enum(PROMPT_SET_FORMATS),
  count: z.int().check(z.minimum(1)),
});
export type PromptSetInfo = z.output<typeof promptSetSchema>;

/** How the run reached a remote server, without a secret: header names only (values never), whether an API key was sent, the CA file, --insecure. */
export const connectionInfoSchema = z.object({
  headerNames: z.array(z.string()),
  apiKey: z.boolean(),
  caFile: z.optional(z.string()),
  insecure: z.boolean(),
});
export type ConnectionInfo = z.output<typeof connectionInfoSchema>;

const workloadFields = {
  /** `--prompt-file` read as a prompt set; absent: every request sends `prompt`. */
  promptSet: z.optional(promptSetSchema),
  /** `--input-tokens N[:SD]`: synthetic prompts of this many tokens (then `prompt` is not sent). */
  inputTokens: z.optional(lengthSchema),
  /** `--max-tokens N:SD`: output lengths drawn around `maxTokens` with this standard deviation. */
  maxTokensSd: z.optional(z.number().check(z.minimum(0), z.maximum(MAX_INPUT_TOKENS))),
  /** `--ignore-eos`: ask the server to generate past the end-of-sequence token (llama.cpp, vLLM; Ollama has no such option). */
  ignoreEos: z.optional(z.boolean()),
  /** `--turns K`: K-turn conversations that resend their history; absent = 1. */
  turns: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_TURNS))),
  /** `--system-prompt TEXT`: a system message before every conversation. */
  systemPrompt: z.optional(promptSchema),
  /** `--shared-prefix-tokens N`: a synthetic system message of N tokens, the same for every request. */
  sharedPrefixTokens: z.optional(countSchema.check(z.maximum(MAX_INPUT_TOKENS))),
  /** `--header`, `--api-key`, `--ca`, `--insecure`: what was used, never the secrets themselves. */
  connection: z.optional(connectionInfoSchema),
};
// --- end of the workload and remote-server block -----------------------------------------------------

const runConfigFields = {
  url: serverUrlSchema,
  /** undefined = detect (`/api/version` → ollama, else `/v1/models` → openai). */
  api: z.optional(z.enum(API_KINDS)),
  /** undefined = the loaded model (Ollama `/api/ps`), else the first installed one. */
  model: z.optional(modelNameSchema),
  concurrency: levelsSchema,
  mode: z.enum(LOAD_MODES),
  /** Sustained mode: keep N in flight for this long (ms) … */
  durationMs: z.optional(positiveTimerMsSchema),
  /** … or for this many requests per level. Burst mode sends exactly `concurrency` requests. */
  requests: z.optional(countSchema),
  prompt: promptSchema,
  maxTokens: z.optional(countSchema),
  /** Pause between levels, ms. */
  cooldownMs: timerMsSchema,
  warmup: z.boolean(),
  /** Whole-request timeout, ms. */
  timeoutMs: positiveTimerMsSchema,
  /** No byte for this long ends the request as `idle-timeout`, ms. */
  idleTimeoutMs: positiveTimerMsSchema,
  think: z.optional(z.boolean()),
  telemetry: z.enum(TELEMETRY_MODES),
  /** Telemetry sampling period, ms. Absent in run folders written before it was recorded (they used 1000). */
  sampleIntervalMs: z.optional(z.int().check(z.minimum(MIN_SAMPLE_INTERVAL_MS), z.maximum(MAX_TIMER_MS))),
  /** Ollama targets only. Absent in older run folders (they used `generate`) and for OpenAI-compatible targets. */
  ollamaEndpoint: z.optional(z.enum(OLLAMA_ENDPOINTS)),
  /** Parent folder of run folders. */
  outDir: z.string().check(z.minLength(1, { error: 'a folder' })),
  ...loadShapeFields,
  ...workloadFields,
};

const loadModeCheck = z.superRefine((config: LoadModeFields, ctx) => {
  const issue = loadModeIssue(config);
  if (issue !== null) ctx.addIssue({ code: 'custom', message: LOAD_MODE_MESSAGES[issue], params: { loadModeIssue: issue } });
});

/**
 * A configuration a run can start with. Parsing normalises the levels and drops keys that are not
 * RunConfig's (so callers may pass a wider object, e.g. the CLI's arguments).
 */
export const runConfigSchema = z.object(runConfigFields).check(loadModeCheck);

/**
 * A configuration as run.json may record it: also the imported study results, whose client had no
 * timeouts, recorded as `timeoutMs`/`idleTimeoutMs` 0 (docs/run-format.md). Nothing runs with these.
 */
export const recordedRunConfigSchema = z.object({ ...runConfigFields, timeoutMs: timerMsSchema, idleTimeoutMs: timerMsSchema }).check(loadModeCheck);

/** Everything a run needs to know, validated; run.json's `config`. */
export type RunConfig = z.output<typeof recordedRunConfigSchema>;

export const DEFAULT_URL = 'http://127.0.0.1:11434';
export const DEFAULT_PROMPT = 'What is the philosophical definition of time?';

/** The defaults of every required field, and of the two a new run always records. */
export const DEFAULTS = {
  url: DEFAULT_URL,
  concurrency: [1, 2, 4, 8],
  mode: 'burst' as LoadMode,
  prompt: DEFAULT_PROMPT,
  cooldownMs: 0,
  warmup: true,
  timeoutMs: 600_000,
  idleTimeoutMs: 60_000,
  telemetry: 'auto' as TelemetryMode,
  sampleIntervalMs: 1000,
  ollamaEndpoint: 'generate' as OllamaEndpoint,
  outDir: 'runs',
} satisfies RunConfig;
