// Settings (what the user picked in Setup) → the RunConfig the engine runs, with the same profiles as
// `tokenbench run --profile`.
import type { RunConfig } from '../../common/run-config.js';
import { DEFAULTS } from '../../common/run-config.js';
import { PROFILE_SETTINGS } from '../engine/profiles.js';
import type { Settings } from '../../common/api.js';

/** Settings that cannot make a run; the message is one line for the UI. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

export interface RunPlanFromSettings {
  config: RunConfig;
  addGpuCoreLevel: boolean;
}

export function runConfigFromSettings(settings: Settings, outDir: string, telemetry: RunConfig['telemetry']): RunPlanFromSettings {
  const base: RunConfig = {
    url: settings.url,
    ...(settings.api === 'auto' ? {} : { api: settings.api }),
    ...(settings.model === null ? {} : { model: settings.model }),
    concurrency: [...DEFAULTS.concurrency],
    mode: DEFAULTS.mode,
    prompt: settings.custom.prompt,
    cooldownMs: DEFAULTS.cooldownMs,
    warmup: DEFAULTS.warmup,
    timeoutMs: settings.custom.timeoutMs,
    idleTimeoutMs: settings.custom.idleTimeoutMs,
    ...(settings.custom.think === null ? {} : { think: settings.custom.think }),
    telemetry,
    outDir,
  };
  if (settings.profile !== 'custom') {
    const profile = PROFILE_SETTINGS[settings.profile];
    const config: RunConfig = { ...base, concurrency: [...profile.concurrency], cooldownMs: profile.cooldownMs };
    if (profile.maxTokens !== undefined) config.maxTokens = profile.maxTokens;
    if (profile.timeoutMs !== undefined) config.timeoutMs = profile.timeoutMs;
    return { config, addGpuCoreLevel: settings.profile === 'study' };
  }
  const { custom } = settings;
  const config: RunConfig = {
    ...base,
    concurrency: [...custom.concurrency],
    mode: custom.mode,
    cooldownMs: custom.cooldownMs,
    ...(custom.maxTokens === null ? {} : { maxTokens: custom.maxTokens }),
  };
  if (custom.mode === 'sustained') {
    if ((custom.durationMs === null) === (custom.requests === null)) {
      throw new SettingsError('sustained mode needs exactly one of a duration or a request count per level');
    }
    if (custom.durationMs !== null) config.durationMs = custom.durationMs;
    if (custom.requests !== null) config.requests = custom.requests;
  }
  return { config, addGpuCoreLevel: false };
}
