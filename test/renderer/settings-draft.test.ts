// The Setup form's draft → Settings: numbers from text, rules and messages from the settings schema.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
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
});
