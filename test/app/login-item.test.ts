import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsSchema } from '../../common/settings.js';
import { LaunchAtLogin, launchAtLoginPreference, launchAtLoginSupported } from '../../main/app/login-item.js';

describe('launch at login', () => {
  it('applies the preference at start and on each change, once per change', () => {
    const applied: Array<{ openAtLogin: boolean }> = [];
    const login = new LaunchAtLogin('darwin', (settings) => void applied.push(settings));
    login.follow(true);
    login.follow(true);
    login.follow(false);
    login.follow(undefined);
    login.follow(false);
    login.follow(true);
    expect(applied).toEqual([{ openAtLogin: true }, { openAtLogin: false }, { openAtLogin: true }]);
  });

  it('leaves the login items alone where Electron has none (Linux)', () => {
    const applied: unknown[] = [];
    new LaunchAtLogin('linux', (settings) => void applied.push(settings)).follow(true);
    expect(applied).toEqual([]);
    expect(['darwin', 'win32', 'linux'].map((p) => launchAtLoginSupported(p as NodeJS.Platform))).toEqual([true, true, false]);
  });

  it('reads the preference from the settings; a file saved before the field existed has none', () => {
    expect(launchAtLoginPreference({ ...DEFAULT_SETTINGS, launchAtLogin: true })).toBe(true);
    expect(launchAtLoginPreference({ ...DEFAULT_SETTINGS, launchAtLogin: false })).toBe(false);
    // The defaults (also what a damaged file falls back to) leave the OS login items alone.
    expect(launchAtLoginPreference(DEFAULT_SETTINGS)).toBeUndefined();
    expect(launchAtLoginPreference(settingsSchema.parse(DEFAULT_SETTINGS))).toBeUndefined();
    // Not a boolean: the settings file is refused as a whole (defaults + a warning, main/app/settings.ts).
    expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, launchAtLogin: 'yes' }).success).toBe(false);
  });
});
