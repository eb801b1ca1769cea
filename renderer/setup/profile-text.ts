// How screens describe the profiles (common/profiles.ts): Setup's sentence, the popover's line.
import { PROFILE_SETTINGS } from '../../common/profiles.js';
import type { Settings } from '../../common/settings.js';

export const PROFILE_TEXT: Record<Settings['profile'], string> = {
  quick: 'Quick: 1, 2, 4, 8 parallel, short answers.',
  study: "Study: 1, 2, 4, 8, 16, the GPU's core count, 32, 64, 128, 256 parallel, 10 s cooldown, full answers, 2 h per-request timeout (its queued requests waited ~3,200 s) — as in the study.",
  custom: 'Custom: your levels, mode, prompt and limits below.',
};

/** "Quick · 1, 2, 4, 8 parallel": the profile and the levels a run with these settings goes through. */
export function profileLine(settings: Settings): string {
  if (settings.profile === 'custom') return `Custom · ${settings.custom.concurrency.join(', ')} parallel · ${settings.custom.mode}`;
  const profile = PROFILE_SETTINGS[settings.profile];
  const name = settings.profile === 'quick' ? 'Quick' : 'Study';
  return `${name} · ${profile.concurrency.join(', ')} parallel${profile.addGpuCoreLevel ? " and the GPU's core count" : ''}`;
}
