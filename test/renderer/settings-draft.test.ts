// The Setup form's draft → Settings: numbers from text, rules and messages from the settings schema.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import { parseRates } from '../../renderer/setup/load-shape-text.js';
import { draftOf, settingsOf } from '../../renderer/setup/settings-draft.js';

const draft = draftOf(DEFAULT_SETTINGS);

describe('Setup draft', () => {
  it('round-trips the settings', () => {
    expect(settingsOf(DEFAULT_SETTINGS, draft)).toEqual(DEFAULT_SETTINGS);
  });

  it('normalises the levels as the back end does', () => {
    const saved = settingsOf(DEFAULT_SETTINGS, { ...draft, levels: '8, 2, 2, 1' });
    expect(typeof saved === 'string' ? saved : saved.custom.concurrency).toEqual([1, 2, 8]);
  });

  it('says the schema\'s rule under the field\'s label, in one line', () => {
    expect(settingsOf(DEFAULT_SETTINGS, { ...draft, levels: '1, x' })).toBe('Levels: positive whole numbers separated by commas, e.g. 1,2,4,8.');
    expect(settingsOf(DEFAULT_SETTINGS, { ...draft, levels: '1, 5000' })).toBe('Levels: whole numbers from 1 to 4096.');
    expect(settingsOf(DEFAULT_SETTINGS, { ...draft, maxTokens: '0' })).toBe('Max tokens: a whole number > 0.');
    expect(settingsOf(DEFAULT_SETTINGS, { ...draft, maxTokens: '2.5' })).toBe('Max tokens: a whole number > 0.');
    expect(settingsOf(DEFAULT_SETTINGS, { ...draft, requests: 'lots' })).toBe('Requests: a whole number > 0.');
    expect(settingsOf(DEFAULT_SETTINGS, { ...draft, timeoutS: '' })).toBe('Timeout: a time > 0 and at most 24.8 days.');
    expect(settingsOf(DEFAULT_SETTINGS, { ...draft, timeoutS: '3000000' })).toBe('Timeout: a time > 0 and at most 24.8 days.');
    expect(settingsOf(DEFAULT_SETTINGS, { ...draft, cooldownS: '-1' })).toBe('Cooldown: a time ≥ 0 and at most 24.8 days.');
    expect(settingsOf(DEFAULT_SETTINGS, { ...draft, minTps: '0' })).toBe('Slowest acceptable speed: a number > 0 and at most 1000000.');
  });

  it('turns seconds into whole milliseconds', () => {
    const saved = settingsOf(DEFAULT_SETTINGS, { ...draft, durationS: '1.5', maxWaitS: '2.5' });
    expect(typeof saved === 'string' ? saved : [saved.custom.durationMs, saved.thresholds.maxWaitMs]).toEqual([1500, 2500]);
  });

  it('the custom profile\'s load shapes: the run configuration\'s rule under the field\'s label', () => {
    const custom = { ...DEFAULT_SETTINGS, profile: 'custom' as const, custom: { ...DEFAULT_SETTINGS.custom, mode: 'rate' as const } };
    expect(settingsOf(custom, { ...draft, requests: '10' })).toBe('Mode: rate mode needs at least one request rate.');
    expect(settingsOf({ ...custom, custom: { ...custom.custom, rates: parseRates('1, x') } }, { ...draft, requests: '10' })).toBe(
      'Rates: numbers > 0 and at most 10000 (requests per second).',
    );
    expect(settingsOf({ ...custom, custom: { ...custom.custom, rates: [1], repeats: Number.NaN } }, { ...draft, requests: '10' })).toBe(
      'Repeats: a whole number from 1 to 100.',
    );
    const saved = settingsOf({ ...custom, custom: { ...custom.custom, rates: parseRates('2, 0.5'), slo: 'ttft=2s' } }, { ...draft, requests: '10' });
    expect(typeof saved === 'string' ? saved : [saved.custom.rates, saved.custom.requests, saved.custom.slo]).toEqual([[0.5, 2], 10, 'ttft=2s']);
  });
});
