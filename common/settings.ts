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
const SPEED_HINT = `a number > 0 and at most ${MAX_TOKENS_PER_SECOND}`;

/**
 * Issue 11: Server URL left empty = no server chosen. A run then benchmarks the first local server
 * discovery finds (Ollama first), else the built-in engine (docs/discovery.md). A URL is used as is, never
 * replaced. Empty rather than null so that the Setup field shows it as it is (an empty text box).
 */
export const AUTO_SERVER_URL = '';
const URL_HINT = 'a URL such as http://127.0.0.1:11434, or empty to use the local server found';

export const settingsSchema = z.strictObject({
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
  }),
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

export type Settings = z.output<typeof settingsSchema>;

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
