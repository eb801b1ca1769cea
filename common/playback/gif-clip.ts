// A clip as an animated GIF: every frame painted at its virtual instant (paint-frames.ts), encoded by
// modern-gif — one palette of up to 255 colours chosen from all frames, each frame stored as what changed
// since the one before. Runs wherever a 2D canvas hands back its pixels: the browser's canvas in the
// playback view, @napi-rs/canvas in `tokenbench playback`.
import { Encoder } from 'modern-gif';
import type { Canvas2D } from './canvas-2d.js';
import type { Clip } from './frame-state.js';
import { paintFrames, type ClipExportOptions } from './paint-frames.js';

/** A canvas of the clip's size: its 2D context and its pixels (RGBA, row by row). */
export interface FrameSurface {
  readonly ctx: Canvas2D;
  /** A fresh array each call (getImageData's): the encoder keeps every frame's pixels until the end. */
  pixels(): Uint8ClampedArray<ArrayBuffer>;
}

export async function encodeGifClip(clip: Clip, surface: FrameSurface, options: ClipExportOptions = {}): Promise<Uint8Array> {
  // The frame rates allowed for GIF (export-options.ts) make this a whole number of centiseconds.
  const delay = 1000 / clip.fps;
  const encoder = new Encoder({ width: clip.width, height: clip.height, maxColors: 255 });
  await paintFrames(clip, surface.ctx, options, async () => {
    await encoder.encode({ data: surface.pixels(), delay });
  });
  const buffer = await encoder.flush('arrayBuffer');
  options.onProgress?.({ phase: 'finishing', done: 1, total: 1 });
  return new Uint8Array(buffer);
}
