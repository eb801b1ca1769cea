import { describe, expect, it } from 'vitest';
import { runConfigFromSettings, SettingsError } from '../../main/app/run-settings.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import { PROFILE_SETTINGS } from '../../common/profiles.js';

const app = (telemetry: 'none' | 'auto') => ({ url: 'http://127.0.0.1:11434', outDir: '/runs', telemetry, sampleIntervalMs: 1000 });

describe('settings → run configuration', () => {
  it('quick: the CLI profile, with the user timeouts', () => {
    const { config, addGpuCoreLevel } = runConfigFromSettings({ ...DEFAULT_SETTINGS, profile: 'quick' }, app('none'));
    expect(config).toMatchObject({ concurrency: [1, 2, 4, 8], maxTokens: 128, timeoutMs: DEFAULT_SETTINGS.custom.timeoutMs });
    expect(addGpuCoreLevel).toBe(false);
  });

  it('study: the study levels, 10 s cooldown, the 2 h timeout its queues need, and the GPU-core level', () => {
    const { config, addGpuCoreLevel } = runConfigFromSettings({ ...DEFAULT_SETTINGS, profile: 'study' }, app('auto'));
    expect(config).toMatchObject({ concurrency: PROFILE_SETTINGS.study.concurrency, cooldownMs: 10_000, timeoutMs: 7_200_000 });
    expect(config.maxTokens).toBeUndefined();
    expect(addGpuCoreLevel).toBe(true);
  });

  it('targets the server the app resolved (Setup’s, the one found, or the built-in engine’s), not Setup’s empty URL', () => {
    const { config } = runConfigFromSettings({ ...DEFAULT_SETTINGS, url: '' }, { ...app('none'), url: 'http://127.0.0.1:40123' });
    expect(config.url).toBe('http://127.0.0.1:40123');
  });

  it('custom sustained mode needs exactly one of duration and request count', () => {
    const custom = { ...DEFAULT_SETTINGS.custom, mode: 'sustained' as const };
    expect(() => runConfigFromSettings({ ...DEFAULT_SETTINGS, profile: 'custom', custom }, app('none'))).toThrow(SettingsError);
    const ok = runConfigFromSettings({ ...DEFAULT_SETTINGS, profile: 'custom', custom: { ...custom, requests: 20 } }, app('none'));
    expect(ok.config).toMatchObject({ mode: 'sustained', requests: 20 });
  });
});
