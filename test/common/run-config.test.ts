import { describe, expect, it } from 'vitest';
import { applyProfile, PROFILE_SETTINGS } from '../../common/profiles.js';
import {
  DEFAULTS,
  loadModeIssue,
  MAX_CONCURRENCY,
  MAX_TIMER_MS,
  normalizeLevels,
  recordedRunConfigSchema,
  runConfigSchema,
  type RunConfig,
} from '../../common/run-config.js';
import { DEFAULT_SETTINGS, settingsSchema } from '../../common/settings.js';
import { describeZodError } from '../../common/zod-error.js';

const config = (patch: Record<string, unknown> = {}): Record<string, unknown> => ({ ...DEFAULTS, concurrency: [1, 2], ...patch });
const errorOf = (value: unknown, schema: typeof runConfigSchema | typeof recordedRunConfigSchema = runConfigSchema): string => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return describeZodError(parsed.error);
};

describe('normalizeLevels', () => {
  it('keeps each level once, smallest first', () => {
    expect(normalizeLevels([4, 1, 4, 2, 1])).toEqual([1, 2, 4]);
    expect(normalizeLevels([256, 19, 1])).toEqual([1, 19, 256]);
    expect(normalizeLevels([8])).toEqual([8]);
  });
});

describe('runConfigSchema', () => {
  it('normalises the levels and drops keys that are not RunConfig fields', () => {
    const parsed = runConfigSchema.parse(config({ concurrency: [8, 2, 2, 1], json: true, help: false }));
    expect(parsed.concurrency).toEqual([1, 2, 8]);
    expect(parsed).not.toHaveProperty('json');
    expect(parsed).not.toHaveProperty('help');
  });

  it('holds every level to the one concurrency cap', () => {
    expect(runConfigSchema.parse(config({ concurrency: [MAX_CONCURRENCY] })).concurrency).toEqual([4096]);
    expect(errorOf(config({ concurrency: [1, MAX_CONCURRENCY + 1] }))).toBe('concurrency.1: whole numbers from 1 to 4096');
    expect(errorOf(config({ concurrency: [0] }))).toBe('concurrency.0: whole numbers from 1 to 4096');
    expect(errorOf(config({ concurrency: [1.5] }))).toBe('concurrency.0: whole numbers from 1 to 4096');
    expect(errorOf(config({ concurrency: [] }))).toBe('concurrency: at least one level');
  });

  it('holds every timer to 2^31−1 ms and timeouts above 0', () => {
    expect(runConfigSchema.parse(config({ timeoutMs: MAX_TIMER_MS })).timeoutMs).toBe(MAX_TIMER_MS);
    expect(errorOf(config({ timeoutMs: MAX_TIMER_MS + 1 }))).toBe('timeoutMs: a time > 0 and at most 24.8 days');
    expect(errorOf(config({ idleTimeoutMs: 0 }))).toBe('idleTimeoutMs: a time > 0 and at most 24.8 days');
    expect(errorOf(config({ cooldownMs: -1 }))).toBe('cooldownMs: a time ≥ 0 and at most 24.8 days');
    expect(runConfigSchema.parse(config({ cooldownMs: 0 })).cooldownMs).toBe(0);
  });

  it('records the sample interval (≥ 100 ms) and the Ollama endpoint; both optional for old run folders', () => {
    expect(runConfigSchema.parse(config({ sampleIntervalMs: 100, ollamaEndpoint: 'chat' }))).toMatchObject({ sampleIntervalMs: 100, ollamaEndpoint: 'chat' });
    expect(errorOf(config({ sampleIntervalMs: 99 }))).toMatch(/^sampleIntervalMs: /);
    expect(errorOf(config({ ollamaEndpoint: 'completions' }))).toMatch(/^ollamaEndpoint: /);
    const { sampleIntervalMs: _interval, ollamaEndpoint: _endpoint, ...old } = DEFAULTS;
    expect(runConfigSchema.safeParse(old).success).toBe(true);
  });

  it('burst levels send N requests; sustained levels end by time or by count, exactly one', () => {
    expect(loadModeIssue({ mode: 'burst' })).toBeNull();
    expect(loadModeIssue({ mode: 'burst', durationMs: 1000 })).toBe('burst-with-duration');
    expect(loadModeIssue({ mode: 'burst', requests: 5 })).toBe('burst-with-requests');
    expect(loadModeIssue({ mode: 'sustained', durationMs: 1000, requests: 5 })).toBe('sustained-with-both');
    expect(loadModeIssue({ mode: 'sustained' })).toBe('sustained-without-end');
    expect(loadModeIssue({ mode: 'sustained', requests: 5 })).toBeNull();
    expect(errorOf(config({ mode: 'sustained' }))).toBe('sustained mode needs exactly one of a duration or a request count per level');
    expect(errorOf(config({ durationMs: 1000 }))).toBe('a duration only applies to sustained mode (burst mode sends N requests per level)');
  });

  it('run.json may record the imported study runs\' 0 = no timeout; nothing runs with it', () => {
    const imported = config({ timeoutMs: 0, idleTimeoutMs: 0, warmup: false });
    expect(recordedRunConfigSchema.parse(imported)).toMatchObject({ timeoutMs: 0, idleTimeoutMs: 0 });
    expect(errorOf(imported)).toMatch(/^timeoutMs: /);
  });
});

describe('applyProfile', () => {
  const base: RunConfig = { ...DEFAULTS, concurrency: [...DEFAULTS.concurrency] };

  it('profile over base, explicit values over the profile', () => {
    expect(applyProfile(base, 'quick').config).toMatchObject({ concurrency: [1, 2, 4, 8], maxTokens: 128, cooldownMs: 0 });
    const study = applyProfile(base, 'study', { timeoutMs: 60_000, maxTokens: 1000 });
    expect(study.config).toMatchObject({ concurrency: PROFILE_SETTINGS.study.concurrency, cooldownMs: 10_000, timeoutMs: 60_000, maxTokens: 1000 });
    expect(applyProfile(base, undefined, { cooldownMs: 5 }).config).toEqual({ ...base, cooldownMs: 5 });
  });

  it('explicit undefined values do not erase what the profile set', () => {
    expect(applyProfile(base, 'quick', { maxTokens: undefined }).config.maxTokens).toBe(128);
  });

  it('the study profile adds the GPU-core level unless levels were given', () => {
    expect(applyProfile(base, 'study').addGpuCoreLevel).toBe(true);
    expect(applyProfile(base, 'study', { concurrency: [1, 2] }).addGpuCoreLevel).toBe(false);
    expect(applyProfile(base, 'quick').addGpuCoreLevel).toBe(false);
    expect(applyProfile(base, undefined).addGpuCoreLevel).toBe(false);
  });

  it('never hands out the profile\'s or the base\'s level array', () => {
    const { config: quick } = applyProfile(base, 'quick');
    quick.concurrency.push(99);
    expect(PROFILE_SETTINGS.quick.concurrency).toEqual([1, 2, 4, 8]);
    applyProfile(base, undefined).config.concurrency.push(99);
    expect(base.concurrency).toEqual([1, 2, 4, 8]);
  });
});

describe('settingsSchema', () => {
  it('uses the run config\'s field rules: levels normalised and capped, timers capped', () => {
    const custom = (patch: Record<string, unknown>) => ({ ...DEFAULT_SETTINGS, custom: { ...DEFAULT_SETTINGS.custom, ...patch } });
    expect(settingsSchema.parse(custom({ concurrency: [2, 1, 2] })).custom.concurrency).toEqual([1, 2]);
    expect(settingsSchema.safeParse(custom({ concurrency: [4097] })).success).toBe(false);
    expect(settingsSchema.safeParse(custom({ timeoutMs: MAX_TIMER_MS + 1 })).success).toBe(false);
  });

  it('defaults the verdict thresholds to the verdict\'s own defaults', () => {
    expect(DEFAULT_SETTINGS.thresholds).toEqual({ maxWaitMs: 10_000, minTokensPerSecond: 20 });
  });
});
