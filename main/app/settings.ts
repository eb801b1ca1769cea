// Settings: the zod schema (also what IPC and web mode validate a payload against), defaults, and the
// JSON file in the user-data folder. A missing or damaged file never stops the app: defaults + a warning.
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DEFAULTS } from '../../common/run-config.js';
import { writeJsonAtomic } from '../store/atomic-file.js';
import type { Settings } from '../../common/api.js';

const MAX_TIMER_MS = 2_147_483_647;
const positiveMs = z.number().int().positive().max(MAX_TIMER_MS);

export const settingsSchema = z.strictObject({
  url: z.string().url().max(2048),
  api: z.enum(['ollama', 'openai', 'auto']),
  model: z.string().min(1).max(512).nullable(),
  profile: z.enum(['quick', 'study', 'custom']),
  custom: z.strictObject({
    concurrency: z.array(z.number().int().min(1).max(4096)).min(1).max(64),
    mode: z.enum(['burst', 'sustained']),
    prompt: z.string().min(1).max(1_000_000),
    cooldownMs: z.number().int().min(0).max(MAX_TIMER_MS),
    timeoutMs: positiveMs,
    idleTimeoutMs: positiveMs,
    maxTokens: z.number().int().positive().max(10_000_000).nullable(),
    durationMs: positiveMs.nullable(),
    requests: z.number().int().positive().max(10_000_000).nullable(),
    think: z.boolean().nullable(),
  }),
  thresholds: z.strictObject({
    maxWaitMs: z.number().positive().max(MAX_TIMER_MS),
    minTokensPerSecond: z.number().positive().max(1_000_000),
  }),
}) satisfies z.ZodType<Settings>;

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
  // The verdict's defaults (docs/reports.md, from the study's limits): wait at most 10 s, read at least 20 tokens/s.
  thresholds: { maxWaitMs: 10_000, minTokensPerSecond: 20 },
};

/** One line naming the first bad field, for error answers. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'value';
  return `${where}: ${issue.message}`;
}

export interface LoadedSettings {
  settings: Settings;
  /** Why the file was not used, one line; null when it was read fine or did not exist yet. */
  warning: string | null;
}

export async function loadSettings(file: string): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: structuredClone(DEFAULT_SETTINGS), warning: null };
    return { settings: structuredClone(DEFAULT_SETTINGS), warning: `cannot read ${file} (${String(err)}); using the defaults` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { settings: structuredClone(DEFAULT_SETTINGS), warning: `${file} is not valid JSON; using the defaults` };
  }
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) {
    return { settings: structuredClone(DEFAULT_SETTINGS), warning: `${file} is not valid settings (${describeZodError(parsed.error)}); using the defaults` };
  }
  return { settings: parsed.data, warning: null };
}

/** Atomic: a crash mid-save leaves the old file or the new one, never half of one. */
export function saveSettingsFile(file: string, settings: Settings): void {
  mkdirSync(dirname(file), { recursive: true });
  writeJsonAtomic(file, settings);
}
