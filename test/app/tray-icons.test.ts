import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDarkBar, TRAY_ICON_FILES, trayIconFile } from '../../main/app/tray-icons.js';

const TRAY_DIR = new URL('../../build/tray/', import.meta.url);

/** Width, height and colour type from a PNG's IHDR. */
function pngHeader(file: string): { width: number; height: number; rgba: boolean } {
  const bytes = readFileSync(new URL(file, TRAY_DIR));
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), rgba: bytes[25] === 6 };
}

describe('tray icons', () => {
  it('macOS: the black 16 px template whatever the bar; Windows 16 px and Linux 22 px by the bar', () => {
    expect(trayIconFile('running', 'darwin', true)).toEqual({ file: 'running-16-black.png', template: true });
    expect(trayIconFile('done', 'win32', false)).toEqual({ file: 'done-16-black.png', template: false });
    expect(trayIconFile('done', 'win32', true)).toEqual({ file: 'done-16-white.png', template: false });
    expect(trayIconFile('failed', 'linux', true)).toEqual({ file: 'failed-22-white.png', template: false });
    expect(trayIconFile('idle', 'linux', false)).toEqual({ file: 'idle-22-black.png', template: false });
  });

  it('the bar is dark by the taskbar theme on Windows, by the desktop theme elsewhere', () => {
    const theme = { shouldUseDarkColors: false, shouldUseDarkColorsForSystemIntegratedUI: true };
    expect(isDarkBar('win32', theme)).toBe(true);
    expect(isDarkBar('linux', theme)).toBe(false);
  });

  it('build/tray holds exactly the icons the app names, each an RGBA PNG of its size (@2x double)', () => {
    expect(readdirSync(TRAY_DIR).sort()).toEqual([...TRAY_ICON_FILES].sort());
    expect(TRAY_ICON_FILES).toHaveLength(32);
    for (const file of TRAY_ICON_FILES) {
      const px = Number(/-(\d+)-/.exec(file)![1]) * (file.includes('@2x') ? 2 : 1);
      expect(pngHeader(file), file).toEqual({ width: px, height: px, rgba: true });
    }
    // Each state draws differently at every size and ink.
    for (const variant of ['16-black', '16-white@2x', '22-white', '22-black@2x']) {
      const drawn = new Set(['idle', 'running', 'done', 'failed'].map((state) => readFileSync(new URL(`${state}-${variant}.png`, TRAY_DIR)).toString('base64')));
      expect(drawn.size, variant).toBe(4);
    }
  });
});
