// The one loop of every export: frame k painted at its virtual instant k / fps (frame-state.ts) by the
// frame painter, then handed to the encoder (GIF: gif-clip.ts; WebM: the renderer's webm-export.ts).
import type { Canvas2D } from './canvas-2d.js';
import { frameAt, frameCount, type Clip, type FrameState } from './frame-state.js';
import { createFramePainter } from './painter.js';
import type { ExportFonts } from './playback-theme.js';

export interface ExportProgress {
  /** `frames`: painting and encoding frame by frame (done of total); `finishing`: the encoder's last step. */
  phase: 'frames' | 'finishing';
  done: number;
  total: number;
}

export interface ClipExportOptions {
  fonts?: ExportFonts;
  onProgress?(progress: ExportProgress): void;
  /** Told of each frame's state as it is painted (tests compare the encoded frames with these). */
  onFrame?(state: FrameState): void;
  /** Awaited between frames: the browser yields to the page so it stays responsive. */
  breathe?(): Promise<void>;
  /** An AbortSignal (or anything with `aborted`): checked before each frame. */
  signal?: { readonly aborted: boolean };
}

/** The export was cancelled through its signal. */
export class ExportCancelledError extends Error {
  override name = 'ExportCancelledError';
  constructor() {
    super('export cancelled');
  }
}

/** Paints every frame of the clip on `ctx` in time order and awaits `encode` after each. */
export async function paintFrames(clip: Clip, ctx: Canvas2D, options: ClipExportOptions, encode: (state: FrameState) => Promise<void>): Promise<void> {
  const painter = createFramePainter(ctx, clip, options.fonts);
  const total = frameCount(clip);
  for (let index = 0; index < total; index++) {
    if (options.signal?.aborted) throw new ExportCancelledError();
    const state = frameAt(clip, index);
    painter.paint(state);
    options.onFrame?.(state);
    await encode(state);
    options.onProgress?.({ phase: 'frames', done: index + 1, total });
    await options.breathe?.();
  }
  if (options.signal?.aborted) throw new ExportCancelledError();
  options.onProgress?.({ phase: 'finishing', done: 0, total: 1 });
}
