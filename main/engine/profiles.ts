import { DEFAULTS, type RunConfig } from '../../common/run-config.js';

export type ProfileName = 'quick' | 'study';

export type ProfileSettings = Pick<RunConfig, 'concurrency' | 'cooldownMs'> & { maxTokens?: number; timeoutMs?: number };

/** Named profiles (docs/app.md § The service); the CLI's flags and the app's Custom override them. */
export const PROFILE_SETTINGS: Record<ProfileName, ProfileSettings> = {
  quick: { concurrency: [1, 2, 4, 8], cooldownMs: DEFAULTS.cooldownMs, maxTokens: 128 },
  // The study's levels and its 10 s pause; answers run to their natural end, as in the study. Its queued
  // requests waited up to ~3,200 s at 256 parallel, so the per-request limit is 2 h instead of the
  // default 10 min: reproducing the study must measure those waits, not time them out.
  study: { concurrency: [1, 2, 4, 8, 16, 32, 64, 128, 256], cooldownMs: 10_000, timeoutMs: 7_200_000 },
};
