// The Setup form's text fields ⇄ Settings. Text is turned into numbers here; whether they are allowed
// is the settings schema's call (common/settings.ts, the one the back end checks too), and its first
// complaint is shown in one line under the field's label.
import type { core } from 'zod/mini';
import { settingsSchema, type Settings } from '../../common/settings.js';
import { LOAD_SHAPE_FIELD_LABELS } from './load-shape-text.js';
import { parseLevels, parseOptionalNumber } from './parse-fields.js';

/** The form's text fields; turned into Settings only when every field is valid. */
export interface Draft {
  levels: string;
  maxTokens: string;
  durationS: string;
  requests: string;
  cooldownS: string;
  timeoutS: string;
  idleTimeoutS: string;
  maxWaitS: string;
  minTps: string;
}

export function draftOf(s: Settings): Draft {
  const str = (v: number | null | undefined, scale = 1) => (v === null || v === undefined ? '' : String(v / scale));
  return {
    levels: s.custom.concurrency.join(', '),
    maxTokens: str(s.custom.maxTokens),
    durationS: str(s.custom.durationMs, 1000),
    requests: str(s.custom.requests),
    cooldownS: str(s.custom.cooldownMs, 1000),
    timeoutS: str(s.custom.timeoutMs, 1000),
    idleTimeoutS: str(s.custom.idleTimeoutMs, 1000),
    maxWaitS: str(s.thresholds.maxWaitMs, 1000),
    minTps: str(s.thresholds.minTokensPerSecond),
  };
}

/** What the form calls each settings field, for its messages. */
const FIELD_LABELS: Record<string, string> = {
  url: 'Server URL',
  api: 'API',
  model: 'Model',
  profile: 'Profile',
  'custom.concurrency': 'Levels',
  'custom.mode': 'Mode',
  'custom.prompt': 'Prompt',
  'custom.maxTokens': 'Max tokens',
  'custom.durationMs': 'Duration',
  'custom.requests': 'Requests',
  'custom.cooldownMs': 'Cooldown',
  'custom.timeoutMs': 'Timeout',
  'custom.idleTimeoutMs': 'Idle timeout',
  'custom.think': 'Thinking',
  'thresholds.maxWaitMs': 'Longest acceptable wait',
  'thresholds.minTokensPerSecond': 'Slowest acceptable speed',
  ...LOAD_SHAPE_FIELD_LABELS,
};

/** The schema's first complaint as "Label: what is expected." */
function formMessage(error: core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid settings.';
  const field = issue.path.filter((key) => typeof key === 'string').join('.');
  return `${FIELD_LABELS[field] ?? field}: ${issue.message}.`;
}

/** Settings from the draft (levels normalised), or the first problem in one line. */
export function settingsOf(base: Settings, d: Draft): Settings | string {
  const levels = parseLevels(d.levels);
  if (levels === null) return 'Levels: positive whole numbers separated by commas, e.g. 1,2,4,8.';
  // Empty → null; not a number → NaN, so that the schema says what the field expects.
  const num = (text: string): number | null => {
    const value = parseOptionalNumber(text);
    return value === undefined ? Number.NaN : value;
  };
  const ms = (text: string): number | null => {
    const seconds = num(text);
    return seconds === null ? null : Math.round(seconds * 1000);
  };
  const candidate = {
    ...base,
    custom: {
      ...base.custom,
      concurrency: levels,
      maxTokens: num(d.maxTokens),
      durationMs: ms(d.durationS),
      requests: num(d.requests),
      cooldownMs: ms(d.cooldownS),
      timeoutMs: ms(d.timeoutS),
      idleTimeoutMs: ms(d.idleTimeoutS),
    },
    thresholds: { maxWaitMs: ms(d.maxWaitS), minTokensPerSecond: num(d.minTps) },
  };
  const parsed = settingsSchema.safeParse(candidate);
  return parsed.success ? parsed.data : formMessage(parsed.error);
}
