// What the user sets in Setup, remembered between sessions: the zod schema that the settings file, the
// IPC and web payloads and the Setup form are all checked against, and the defaults. Field rules are
// RunConfig's (run-config.ts); Settings → RunConfig is main/app/run-settings.ts.
import * as z from 'zod/mini';
import { DEFAULT_THRESHOLDS } from './findings.js';
import { PROFILE_NAMES } from './profiles.js';
import {
  API_KINDS,
  ARRIVAL_PROCESSES,
  countSchema,
  DEFAULTS,
  LOAD_MODE_MESSAGES,
  loadModeIssue,
  levelsSchema,
  LOAD_MODES,
  maxConcurrencySchema,
  modelNameSchema,
  positiveTimerMsSchema,
  promptSchema,
  ratesSchema,
  repeatsSchema,
  seedSchema,
  serverUrlSchema,
  timerMsSchema,
  type RunConfig,
} from './run-config.js';
import { describeSloError, parseSlo } from './slo.js';

/** Setup edits the prompt in a text box; the CLI's --prompt-file may be longer. */
const MAX_SETTINGS_PROMPT_CHARS = 1_000_000;
const MAX_TOKENS_PER_SECOND = 1_000_000;
/** How many models one run may go through (main/run/model-series.ts uses the same limit). */
export const MAX_SERIES_MODELS = 32;
const SPEED_HINT = `a number > 0 and at most ${MAX_TOKENS_PER_SECOND}`;

/** Header lines and their length, at most: a settings file, not a payload. */
const MAX_HEADER_LINES = 64;
const MAX_HEADER_LINE_CHARS = 8192;

/**
 * A server that is not on this machine (issue 14): extra headers as `Name: value` lines (stored here in
 * clear: put a secret in the API key, which the OS keychain keeps), a CA file to trust, or no certificate
 * check. Absent in settings written before.
 */
export const remoteSettingsSchema = z.strictObject({
  headers: z.array(z.string().check(z.maxLength(MAX_HEADER_LINE_CHARS))).check(z.maxLength(MAX_HEADER_LINES)),
  caFile: z.nullable(z.string().check(z.minLength(1), z.maxLength(4096))),
  insecure: z.boolean(),
});
export type RemoteSettings = z.output<typeof remoteSettingsSchema>;


/**
 * Issue 11: Server URL left empty = no server chosen. A run then benchmarks the first local server
 * discovery finds (Ollama first), else the built-in engine (docs/discovery.md). A URL is used as is, never
 * replaced. Empty rather than null so that the Setup field shows it as it is (an empty text box).
 */
export const AUTO_SERVER_URL = '';
const URL_HINT = 'a URL such as http://127.0.0.1:11434, or empty to use the local server found';

// ── Load shapes (docs/metrics.md § Load shapes): rate and sweep modes, repeats, goodput. Absent in
// settings saved before them; absent = not set (poisson arrivals, a random seed, no cap, one repeat, the
// thresholds as objectives).
const loadShapeSettings = {
  /** Rate mode: requests per second, one level each. */
  rates: z.optional(ratesSchema),
  arrivals: z.optional(z.enum(ARRIVAL_PROCESSES)),
  seed: z.optional(z.nullable(seedSchema)),
  maxConcurrency: z.optional(z.nullable(maxConcurrencySchema)),
  repeats: z.optional(repeatsSchema),
  /** Goodput objectives as typed, in the CLI's `--slo` words (`ttft=2s, tps=20`); empty = the thresholds. */
  slo: z.optional(
    z.string().check(
      z.superRefine((text, ctx) => {
        if (text.trim() === '') return;
        const parsed = parseSlo(text);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: describeSloError(parsed.error).replace(/^--slo: /, ''), input: text });
      }),
    ),
  ),
};

/** The custom profile's run fields, as a run takes them: a burst level has no end; rates, arrivals and a cap only pace rate and sweep levels. */
export function customRunConfig(custom: Settings['custom']): Partial<RunConfig> {
  const ended = custom.mode !== 'burst';
  const paced = custom.mode === 'rate' || custom.mode === 'sweep';
  const slo = custom.slo !== undefined && custom.slo.trim() !== '' ? parseSlo(custom.slo) : null;
  return {
    concurrency: custom.concurrency,
    mode: custom.mode,
    cooldownMs: custom.cooldownMs,
    maxTokens: custom.maxTokens ?? undefined,
    // Setup keeps a level's end while burst mode is picked; burst runs ignore it.
    durationMs: ended ? (custom.durationMs ?? undefined) : undefined,
    requests: ended ? (custom.requests ?? undefined) : undefined,
    rates: custom.mode === 'rate' ? custom.rates : undefined,
    arrivals: paced ? custom.arrivals : undefined,
    seed: paced ? (custom.seed ?? undefined) : undefined,
    maxConcurrency: paced ? (custom.maxConcurrency ?? undefined) : undefined,
    repeats: custom.repeats,
    slo: slo?.ok ? slo.slo : undefined,
  };
}

/** The settings' fields without the custom profile's load-mode rule: what a partial override (startRun) is checked against. */
export const settingsFields = z.strictObject({
  url: z.union([z.literal(AUTO_SERVER_URL), serverUrlSchema], { error: URL_HINT }),
  api: z.enum([...API_KINDS, 'auto']),
  model: z.nullable(modelNameSchema),
  profile: z.enum([...PROFILE_NAMES, 'custom']),
  /** Custom profile: the run's configuration fields the user edited (null = not set). */
  custom: z.strictObject({
    concurrency: levelsSchema,
    mode: z.enum(LOAD_MODES),
    prompt: promptSchema.check(z.maxLength(MAX_SETTINGS_PROMPT_CHARS)),
    cooldownMs: timerMsSchema,
    timeoutMs: positiveTimerMsSchema,
    idleTimeoutMs: positiveTimerMsSchema,
    maxTokens: z.nullable(countSchema),
    durationMs: z.nullable(positiveTimerMsSchema),
    requests: z.nullable(countSchema),
    think: z.nullable(z.boolean()),
    ...loadShapeSettings,
  }),
  remote: z.optional(remoteSettingsSchema),
  // Several models in one run (Setup's model list; main/run/model-series.ts). With two or more names a run
  // goes through them in turn, one run folder each, and `model` is not used. Absent in older settings files.
  models: z.optional(z.array(modelNameSchema).check(z.maxLength(MAX_SERIES_MODELS, { error: `at most ${MAX_SERIES_MODELS} models` }))),
  /** The verdict's thresholds (common/findings.ts VerdictThresholds). */
  thresholds: z.strictObject({
    maxWaitMs: positiveTimerMsSchema,
    minTokensPerSecond: z.number({ error: SPEED_HINT }).check(z.positive({ error: SPEED_HINT }), z.maximum(MAX_TOKENS_PER_SECOND, { error: SPEED_HINT })),
  }),
  /**
   * Desktop app: open at login (macOS, Windows; main/app/login-item.ts). Optional: files saved before the
   * field existed leave the OS login items as they are.
   */
  launchAtLogin: z.optional(z.boolean()),
});

/** The custom profile must make a run: the run configuration's load-mode rule, on the fields a run takes. */
const customLoadModeCheck = z.superRefine((settings: z.output<typeof settingsFields>, ctx) => {
  if (settings.profile !== 'custom') return;
  const fields = customRunConfig(settings.custom);
  const issue = loadModeIssue({ ...fields, mode: settings.custom.mode });
  if (issue !== null) ctx.addIssue({ code: 'custom', message: LOAD_MODE_MESSAGES[issue], path: ['custom', 'mode'], input: settings.custom.mode });
});

/** Settings as the file, IPC, web payloads and the Setup form are checked: the fields, and a custom profile that can run. */
export const settingsSchema = settingsFields.check(customLoadModeCheck);

export type Settings = z.output<typeof settingsFields>;

export const DEFAULT_SETTINGS: Settings = {
  url: AUTO_SERVER_URL,
  api: 'auto',
  model: null,
  profile: 'quick',
  custom: {
    concurrency: [...DEFAULTS.concurrency],
    mode: DEFAULTS.mode,
    prompt: DEFAULTS.prompt,
    cooldownMs: DEFAULTS.cooldownMs,
    timeoutMs: DEFAULTS.timeoutMs,
    idleTimeoutMs: DEFAULTS.idleTimeoutMs,
    maxTokens: null,
    durationMs: null,
    requests: null,
    think: null,
  },
  thresholds: { ...DEFAULT_THRESHOLDS },
  // No launchAtLogin: until the user ticks or unticks it, the OS login items stay as they are. A damaged
  // settings file falls back to these defaults, and must not switch off a login item the user set.
};
