// Settings (what the user picked in Setup) → the RunConfig the engine runs, through the same profile
// rule and schema as `tokenbench run --profile`.
import { applyProfile } from '../../common/profiles.js';
import { DEFAULTS, runConfigSchema, type RunConfig } from '../../common/run-config.js';
import { customRunConfig, type Settings } from '../../common/settings.js';
import { describeZodError } from '../../common/zod-error.js';

/** Settings that cannot make a run; the message is one line for the UI. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

export interface RunPlanFromSettings {
  config: RunConfig;
  addGpuCoreLevel: boolean;
}

/**
 * What the app decides rather than the user's settings; `url`: the server the run targets — Setup's, or,
 * when Setup names none, the one discovery picked or the built-in engine started for the run.
 */
export type AppRunChoices = Required<Pick<RunConfig, 'url' | 'outDir' | 'telemetry' | 'sampleIntervalMs'>>;

export function runConfigFromSettings(settings: Settings, app: AppRunChoices): RunPlanFromSettings {
  const { custom } = settings;
  // The user's prompt, timeouts and thinking apply to every profile; a profile may override the timeout.
  const base: RunConfig = {
    ...DEFAULTS,
    ...app,
    ...(settings.api === 'auto' ? {} : { api: settings.api }),
    ...(settings.model === null ? {} : { model: settings.model }),
    prompt: custom.prompt,
    timeoutMs: custom.timeoutMs,
    idleTimeoutMs: custom.idleTimeoutMs,
    ...(custom.think === null ? {} : { think: custom.think }),
  };
  const plan = settings.profile === 'custom' ? applyProfile(base, undefined, customRunConfig(custom)) : applyProfile(base, settings.profile);
  const parsed = runConfigSchema.safeParse(plan.config);
  if (!parsed.success) throw new SettingsError(describeZodError(parsed.error));
  return { config: parsed.data, addGpuCoreLevel: plan.addGpuCoreLevel };
}
