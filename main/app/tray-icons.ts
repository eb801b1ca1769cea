// Which tray icon file shows a run state on this platform and bar. The files are drawn by
// build/make-icons.mjs into build/tray/ as `<state>-<px>-<ink>.png` plus `@2x` (Electron loads the @2x
// file next to the one named on high-density screens).
import type { TrayState } from './tray.js';

export const TRAY_STATES: readonly TrayState[] = ['idle', 'running', 'done', 'failed'];
const SIZES = [16, 22] as const;
const INKS = ['black', 'white'] as const;

export interface TrayIconFile {
  /** A file name in build/tray/. */
  file: string;
  /** macOS template image: macOS recolours it to suit a light or dark menu bar. */
  template: boolean;
}

/**
 * macOS: the black 16 px glyph as a template image. Windows (16 px) and Linux panels (22 px) draw icons
 * as they are, so the ink is chosen against the bar: white on a dark bar, black on a light one.
 */
export function trayIconFile(state: TrayState, platform: NodeJS.Platform, darkBar: boolean): TrayIconFile {
  if (platform === 'darwin') return { file: `${state}-16-black.png`, template: true };
  const px = platform === 'linux' ? 22 : 16;
  return { file: `${state}-${px}-${darkBar ? 'white' : 'black'}.png`, template: false };
}

/** The part of Electron's nativeTheme that tells the bar's colour. */
export interface ThemeLike {
  shouldUseDarkColors: boolean;
  shouldUseDarkColorsForSystemIntegratedUI: boolean;
}

/**
 * Whether the bar the icon sits on is dark. Windows themes the taskbar apart from apps (the "system"
 * colour mode); on Linux the desktop theme is the best hint Electron has.
 */
export function isDarkBar(platform: NodeJS.Platform, theme: ThemeLike): boolean {
  return platform === 'win32' ? theme.shouldUseDarkColorsForSystemIntegratedUI : theme.shouldUseDarkColors;
}

/** Every file build/tray/ must hold (pack-check and the tests check them). */
export const TRAY_ICON_FILES: readonly string[] = TRAY_STATES.flatMap((state) =>
  SIZES.flatMap((px) => INKS.flatMap((ink) => [`${state}-${px}-${ink}.png`, `${state}-${px}-${ink}@2x.png`])),
);
