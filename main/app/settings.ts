// The settings file in the user-data folder, checked against common/settings.ts's schema. A missing or
// damaged file never stops the app: defaults + a warning.
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../common/settings.js';
import { describeZodError } from '../../common/zod-error.js';
import { writeJsonAtomic } from '../store/atomic-file.js';

export interface LoadedSettings {
  settings: Settings;
  /** Why the file was not used, one line; null when it was read fine or did not exist yet. */
  warning: string | null;
}

export async function loadSettings(file: string): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: structuredClone(DEFAULT_SETTINGS), warning: null };
    return { settings: structuredClone(DEFAULT_SETTINGS), warning: `cannot read ${file} (${String(err)}); using the defaults` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { settings: structuredClone(DEFAULT_SETTINGS), warning: `${file} is not valid JSON; using the defaults` };
  }
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) {
    return { settings: structuredClone(DEFAULT_SETTINGS), warning: `${file} is not valid settings (${describeZodError(parsed.error)}); using the defaults` };
  }
  return { settings: parsed.data, warning: null };
}

/** Atomic: a crash mid-save leaves the old file or the new one, never half of one. */
export function saveSettingsFile(file: string, settings: Settings): void {
  mkdirSync(dirname(file), { recursive: true });
  writeJsonAtomic(file, settings);
}
