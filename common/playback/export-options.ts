// What an exported clip may be: its length, size and frame rate, checked the same in the playback view
// and by `tokenbench playback`. The limits keep an export to seconds of work and a bounded amount of memory.

export const EXPORT_FORMATS = ['gif', 'webm'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_LIMITS = {
  minSeconds: 1,
  maxSeconds: 120,
  minWidth: 160,
  maxWidth: 1920,
  minHeight: 120,
  maxHeight: 1080,
  maxLanes: 8,
} as const;

export const DEFAULT_EXPORT = { seconds: 10, width: 640, height: 360 } as const;

/**
 * A GIF frame's delay is a whole number of centiseconds, so only these rates keep every frame exactly
 * 1/fps long (browsers draw delays under 2 cs as 10 cs: 50 fps is the most).
 */
export const GIF_FPS: readonly number[] = [1, 2, 4, 5, 10, 20, 25, 50];
export const DEFAULT_GIF_FPS = 10;
export const WEBM_FPS: readonly number[] = [10, 15, 20, 24, 25, 30, 50, 60];
export const DEFAULT_WEBM_FPS = 30;

/**
 * The GIF encoder (modern-gif) holds every frame's RGBA pixels until it has chosen the palette: frames ×
 * width × height is kept under this (160 M pixels = 640 MB), e.g. 30 s at 10 fps of 1280 × 420, or
 * 60 s of 640 × 360 at 10 fps.
 */
export const GIF_PIXEL_BUDGET = 160_000_000;

export interface ExportSettings {
  format: ExportFormat;
  seconds: number;
  fps: number;
  width: number;
  height: number;
}

/** `640x360` (or `640×360`) → the size; null when it is not two whole numbers. */
export function parseSize(text: string): { width: number; height: number } | null {
  const match = /^\s*(\d{2,5})\s*[x×X]\s*(\d{2,5})\s*$/.exec(text);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}

/** Why these settings cannot make a clip, in one line; null when they can. */
export function exportSettingsIssue(settings: ExportSettings, lanes: number): string | null {
  const { format, seconds, fps, width, height } = settings;
  const L = EXPORT_LIMITS;
  if (lanes < 1) return 'no lane to export';
  if (lanes > L.maxLanes) return `at most ${L.maxLanes} lanes fit in a clip (got ${lanes})`;
  if (!(seconds >= L.minSeconds && seconds <= L.maxSeconds)) return `length: ${L.minSeconds} to ${L.maxSeconds} seconds`;
  if (!Number.isInteger(width) || width < L.minWidth || width > L.maxWidth) return `width: ${L.minWidth} to ${L.maxWidth} pixels`;
  if (!Number.isInteger(height) || height < L.minHeight || height > L.maxHeight) return `height: ${L.minHeight} to ${L.maxHeight} pixels`;
  const rates = format === 'gif' ? GIF_FPS : WEBM_FPS;
  if (!rates.includes(fps)) return `${format === 'gif' ? 'GIF' : 'WebM'} frame rate: one of ${rates.join(', ')} fps${format === 'gif' ? ' (a GIF frame lasts whole hundredths of a second)' : ''}`;
  if (format === 'webm' && (width % 2 !== 0 || height % 2 !== 0)) return 'WebM: width and height must be even';
  const pixels = Math.round(seconds * fps) * width * height;
  if (format === 'gif' && pixels > GIF_PIXEL_BUDGET) {
    return `a GIF of ${seconds} s at ${fps} fps and ${width}×${height} holds too many pixels for the encoder (${Math.round(pixels / 1e6)} M, at most ${GIF_PIXEL_BUDGET / 1e6} M): make it shorter, smaller or slower, or export WebM`;
  }
  return null;
}
