// The named profiles (docs/app.md § The service) and the one rule for applying them, shared by
// `tokenbench run --profile` and the app's Setup.
import { DEFAULTS, type RunConfig } from './run-config.js';

export const PROFILE_NAMES = ['quick', 'study'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export type ProfileSettings = Pick<RunConfig, 'concurrency' | 'cooldownMs'> & Partial<Pick<RunConfig, 'maxTokens' | 'timeoutMs'>> & {
  /** The levels gain the GPU core count (the study's 19) once the host is known, unless levels were given. */
  addGpuCoreLevel: boolean;
};

export const PROFILE_SETTINGS: Record<ProfileName, ProfileSettings> = {
  quick: { concurrency: [1, 2, 4, 8], cooldownMs: DEFAULTS.cooldownMs, maxTokens: 128, addGpuCoreLevel: false },
  // The study's levels and its 10 s pause; answers run to their natural end, as in the study. Its queued
  // requests waited up to ~3,200 s at 256 parallel, so the per-request limit is 2 h instead of the
  // default 10 min: reproducing the study must measure those waits, not time them out.
  study: { concurrency: [1, 2, 4, 8, 16, 32, 64, 128, 256], cooldownMs: 10_000, timeoutMs: 7_200_000, addGpuCoreLevel: true },
};

/** A configuration to validate (runConfigSchema) and whether the run adds the GPU-core level. */
export interface ProfiledConfig {
  config: RunConfig;
  addGpuCoreLevel: boolean;
}

/**
 * `base` ← the profile's settings ← what the user set explicitly (`chosen`; undefined values are
 * ignored). Explicit values win over the profile whatever order they were given in; explicit levels
 * also stop the study profile from adding the GPU-core level.
 */
export function applyProfile(base: RunConfig, profile: ProfileName | undefined, chosen: Partial<RunConfig> = {}): ProfiledConfig {
  const { addGpuCoreLevel = false, ...fromProfile } = profile === undefined ? {} : PROFILE_SETTINGS[profile];
  const config: RunConfig = { ...base, ...definedOnly(fromProfile), ...definedOnly(chosen) };
  config.concurrency = [...config.concurrency];
  return { config, addGpuCoreLevel: addGpuCoreLevel && chosen.concurrency === undefined };
}

function definedOnly(values: Partial<RunConfig>): Partial<RunConfig> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
