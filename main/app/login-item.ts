// "Launch at login": the app's entry in the OS login items follows the preference — applied at start and
// whenever the saved preference changes. Electron's app.setLoginItemSettings comes in as a parameter.
import type { Settings } from '../../common/settings.js';

/** Electron's app.setLoginItemSettings, as far as this app uses it. */
export type SetLoginItemSettings = (settings: { openAtLogin: boolean }) => void;

/** Electron implements login items on macOS and Windows only. */
export function launchAtLoginSupported(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/**
 * The preference as saved settings carry it; undefined in a file saved before the field existed (then the
 * OS login items are left as they are).
 */
export function launchAtLoginPreference(settings: Settings): boolean | undefined {
  return settings.launchAtLogin;
}

export class LaunchAtLogin {
  private applied: boolean | null = null;

  constructor(
    private readonly platform: NodeJS.Platform,
    private readonly setLoginItemSettings: SetLoginItemSettings,
  ) {}

  /** Applies `wanted` unless it is unset, unsupported here, or what was applied last. */
  follow(wanted: boolean | undefined): void {
    if (wanted === undefined || wanted === this.applied || !launchAtLoginSupported(this.platform)) return;
    this.setLoginItemSettings({ openAtLogin: wanted });
    this.applied = wanted;
  }
}
