// What the user sets in Setup, remembered between sessions: the zod schema that the settings file, the
// IPC and web payloads and the Setup form are all checked against, and the defaults. Field rules are
// RunConfig's (run-config.ts); Settings → RunConfig is main/app/run-settings.ts.
import * as z from 'zod/mini';
import { DEFAULT_THRESHOLDS } from './findings.js';
import { PROFILE_NAMES } from './profiles.js';
import {
  API_KINDS,
  countSchema,
  DEFAULTS,
  levelsSchema,
  LOAD_MODES,
  modelNameSchema,
  positiveTimerMsSchema,
  promptSchema,
  serverUrlSchema,
  timerMsSchema,
} from './run-config.js';

/** Setup edits the prompt in a text box; the CLI's --prompt-file may be longer. */
const MAX_SETTINGS_PROMPT_CHARS = 1_000_000;
const MAX_TOKENS_PER_SECOND = 1_000_000;
/** How many models one run may go through (main/run/model-series.ts uses the same limit). */
export const MAX_SERIES_MODELS = 32;
const SPEED_HINT = `a number > 0 and at most ${MAX_TOKENS_PER_SECOND}`;

export const settingsSchema = z.strictObject({
  url: serverUrlSchema,
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
  }),
  // Several models in one run (Setup's model list; main/run/model-series.ts). With two or more names a run
  // goes through them in turn, one run folder each, and `model` is not used. Absent in older settings files.
  models: z.optional(z.array(modelNameSchema).check(z.maxLength(MAX_SERIES_MODELS, { error: `at most ${MAX_SERIES_MODELS} models` }))),
  /** The verdict's thresholds (common/findings.ts VerdictThresholds). */
  thresholds: z.strictObject({
    maxWaitMs: positiveTimerMsSchema,
    minTokensPerSecond: z.number({ error: SPEED_HINT }).check(z.positive({ error: SPEED_HINT }), z.maximum(MAX_TOKENS_PER_SECOND, { error: SPEED_HINT })),
  }),
});

export type Settings = z.output<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  url: DEFAULTS.url,
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
};
