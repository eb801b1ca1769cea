// The canvas `tokenbench playback` paints on: @napi-rs/canvas (Skia, prebuilt binaries, no system
// libraries), which finds the system's fonts itself. A font file given with --font is drawn with instead.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FrameSurface } from '../../common/playback/gif-clip.js';
import { EXPORT_FONTS, type ExportFonts } from '../../common/playback/playback-theme.js';
import { CliError } from './errors.js';
import { quote } from './flag-values.js';

/** The family name a --font file is registered under. */
const GIVEN_FONT = 'Tokenbench Export Font';

export interface ExportCanvas {
  surface: FrameSurface;
  fonts: ExportFonts;
}

export async function exportCanvas(width: number, height: number, fontFile: string | undefined): Promise<ExportCanvas> {
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  let fonts: ExportFonts = EXPORT_FONTS;
  if (fontFile !== undefined) {
    const file = resolve(fontFile);
    if (!existsSync(file)) throw new CliError(`--font: ${quote(fontFile)} does not exist`);
    if (GlobalFonts.registerFromPath(file, GIVEN_FONT) === null) throw new CliError(`--font: ${quote(fontFile)} is not a font file this canvas can read (TrueType or OpenType)`);
    fonts = { sans: `'${GIVEN_FONT}'`, mono: `'${GIVEN_FONT}'` };
  } else if (GlobalFonts.families.length === 0) {
    throw new CliError('no font found on this system to draw the text with: install one (e.g. fonts-dejavu-core) or pass --font FILE.ttf');
  }
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  return { surface: { ctx, pixels: () => imageBytes(ctx.getImageData(0, 0, width, height).data) }, fonts };
}

/** @napi-rs/canvas types getImageData's bytes loosely (any buffer); they are a fresh ArrayBuffer's, as in a browser. */
function imageBytes(data: Uint8ClampedArray): Uint8ClampedArray<ArrayBuffer> {
  return data as Uint8ClampedArray<ArrayBuffer>;
}
