// The load shapes in the one run-config schema (common/run-config.ts) and the Setup settings built on it
// (common/settings.ts): rates, arrivals, seed, cap, repeats, objectives, and which mode each belongs to.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadModeIssue, runConfigSchema } from '../../common/run-config.js';
import { customRunConfig, DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../common/settings.js';
import { describeZodError } from '../../common/zod-error.js';
import { runConfigFromSettings } from '../../main/app/run-settings.js';

const config = (patch: Record<string, unknown>): Record<string, unknown> => ({ ...DEFAULTS, ...patch });
const errorOf = (value: unknown): string => {
  const parsed = runConfigSchema.safeParse(value);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return describeZodError(parsed.error);
};

describe('runConfigSchema: load shapes', () => {
  it('rate mode: the rates each once, ascending; arrivals, seed, cap, repeats and objectives recorded', () => {
    const parsed = runConfigSchema.parse(
      config({ mode: 'rate', rates: [4, 0.5, 4], requests: 10, arrivals: 'constant', seed: 0, maxConcurrency: 8, repeats: 3, slo: { ttftMs: 2000 } }),
    );
    expect(parsed).toMatchObject({ rates: [0.5, 4], arrivals: 'constant', seed: 0, maxConcurrency: 8, repeats: 3, slo: { ttftMs: 2000 } });
  });

  it.each([
    [{ mode: 'rate', requests: 5 }, 'rate-without-rates', 'rate mode needs at least one request rate'],
    [{ mode: 'burst', rates: [1] }, 'rates-outside-rate-mode', 'request rates only apply to rate mode'],
    [{ mode: 'sustained', requests: 5, arrivals: 'constant' }, 'pacing-outside-rate-modes', 'arrivals and a concurrency cap only apply to rate and sweep modes'],
    [{ mode: 'burst', maxConcurrency: 2 }, 'pacing-outside-rate-modes', 'arrivals and a concurrency cap only apply to rate and sweep modes'],
    [{ mode: 'rate', rates: [1] }, 'rate-without-end', 'rate mode needs exactly one of a duration or a request count per level'],
    [{ mode: 'rate', rates: [1], requests: 5, durationMs: 1000 }, 'rate-with-both', 'rate mode needs exactly one of a duration or a request count per level'],
    [{ mode: 'sweep' }, 'sweep-without-end', 'sweep mode needs exactly one of a duration or a request count per level'],
    [{ mode: 'sweep', requests: 5, durationMs: 1000 }, 'sweep-with-both', 'sweep mode needs exactly one of a duration or a request count per level'],
  ])('%j → %s', (patch, issue, message) => {
    expect(loadModeIssue(config(patch) as Parameters<typeof loadModeIssue>[0])).toBe(issue);
    expect(errorOf(config(patch))).toBe(message);
  });

  it('the same rule passes what each mode needs', () => {
    for (const patch of [
      { mode: 'rate', rates: [1], durationMs: 1000, arrivals: 'poisson', seed: 7, maxConcurrency: 4 },
      { mode: 'sweep', requests: 20, arrivals: 'constant', maxConcurrency: 16 },
      { mode: 'burst', repeats: 5, slo: { tokensPerSecond: 10 } },
    ]) {
      expect(loadModeIssue(config(patch) as Parameters<typeof loadModeIssue>[0]), JSON.stringify(patch)).toBeNull();
    }
  });

  it('holds each field to its range', () => {
    expect(errorOf(config({ mode: 'rate', rates: [0], requests: 1 }))).toBe('rates.0: numbers > 0 and at most 10000 (requests per second)');
    expect(errorOf(config({ mode: 'rate', rates: [], requests: 1 }))).toBe('rates: at least one rate');
    expect(errorOf(config({ mode: 'rate', rates: [1], requests: 1, seed: 2 ** 32 }))).toBe('seed: a whole number from 0 to 4294967295');
    expect(errorOf(config({ mode: 'rate', rates: [1], requests: 1, maxConcurrency: 0 }))).toBe('maxConcurrency: a whole number from 1 to 4096');
    expect(errorOf(config({ repeats: 0 }))).toBe('repeats: a whole number from 1 to 100');
    expect(errorOf(config({ slo: {} }))).toBe('slo: at least one objective (ttft, itl, e2e, tps)');
    expect(errorOf(config({ slo: { ttftMs: -1 } }))).toBe('slo.ttftMs: a number > 0');
  });
});

describe('Setup: each mode of the custom profile, validated by the run configuration’s rule', () => {
  const custom = (patch: Partial<Settings['custom']>): Settings => ({ ...DEFAULT_SETTINGS, profile: 'custom', custom: { ...DEFAULT_SETTINGS.custom, ...patch } });
  const messageOf = (settings: Settings): string | null => {
    const parsed = settingsSchema.safeParse(settings);
    return parsed.success ? null : describeZodError(parsed.error);
  };

  it('settings saved before the load shapes still read', () => {
    expect(settingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses a custom mode that cannot run, under the Mode field', () => {
    expect(messageOf(custom({ mode: 'rate', requests: 10 }))).toBe('custom.mode: rate mode needs at least one request rate');
    expect(messageOf(custom({ mode: 'rate', rates: [1] }))).toBe('custom.mode: rate mode needs exactly one of a duration or a request count per level');
    expect(messageOf(custom({ mode: 'sweep' }))).toBe('custom.mode: sweep mode needs exactly one of a duration or a request count per level');
    expect(messageOf(custom({ mode: 'rate', rates: [0], requests: 10 }))).toBe('custom.rates.0: numbers > 0 and at most 10000 (requests per second)');
    expect(messageOf(custom({ slo: 'ttft=2' }))).toBe('custom.slo: ttft=2 must be a positive duration with its unit: ms, s or m (e.g. 250ms, 2s)');
    // Another profile does not run the custom fields: they may be half-filled.
    expect(messageOf({ ...custom({ mode: 'rate' }), profile: 'quick' })).toBeNull();
  });

  it('a custom rate run: the fields a rate run takes, and a burst run ignores the pacing fields', () => {
    const settings = custom({ mode: 'rate', rates: [0.5, 2], requests: 20, durationMs: 5000, arrivals: 'constant', seed: 9, maxConcurrency: 4, repeats: 2, slo: 'ttft=2s, tps=20' });
    // A duration typed earlier beside the request count: a rate level ends one way only.
    expect(messageOf(settings)).toBe('custom.mode: rate mode needs exactly one of a duration or a request count per level');
    const ok = { ...settings, custom: { ...settings.custom, durationMs: null } };
    expect(messageOf(ok)).toBeNull();
    expect(runConfigFromSettings(ok, { url: 'http://127.0.0.1:11434', outDir: '/runs', telemetry: 'none', sampleIntervalMs: 1000 }).config).toMatchObject({
      mode: 'rate',
      rates: [0.5, 2],
      requests: 20,
      arrivals: 'constant',
      seed: 9,
      maxConcurrency: 4,
      repeats: 2,
      slo: { ttftMs: 2000, tokensPerSecond: 20 },
    });
    const burst = customRunConfig({ ...ok.custom, mode: 'burst' });
    expect(burst).toMatchObject({ mode: 'burst', rates: undefined, arrivals: undefined, seed: undefined, maxConcurrency: undefined, requests: undefined, repeats: 2 });
  });
});
