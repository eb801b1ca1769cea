// A clip as a WebM video, in the browser: every frame painted at its virtual instant by the shared loop
// (common/playback/paint-frames.ts), taken from the canvas by mediabunny's CanvasSource, encoded by the
// browser's WebCodecs VideoEncoder (VP9, else VP8) with the frame's exact timestamp, and muxed into WebM.
// WebCodecs rather than MediaRecorder on the canvas: MediaRecorder records in real time (a 30 s clip
// takes 30 s) and stamps frames by the wall clock, so frames would not sit at their virtual instants.
// Electron 45 and current Chromium both have WebCodecs; where it is missing, WebM export says so.
import { BufferTarget, CanvasSource, canEncodeVideo, Output, QUALITY_HIGH, WebMOutputFormat, type VideoCodec } from 'mediabunny';
import type { Clip } from '../../common/playback/frame-state.js';
import { paintFrames, type ClipExportOptions } from '../../common/playback/paint-frames.js';

const CODECS: readonly VideoCodec[] = ['vp9', 'vp8'];

/** A one-line reason WebM cannot be made here, or null. */
export function webmUnavailable(): string | null {
  return typeof VideoEncoder === 'undefined' ? 'this browser has no video encoder (WebCodecs): export a GIF instead' : null;
}

export async function encodeWebmClip(clip: Clip, canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, options: ClipExportOptions = {}): Promise<Uint8Array> {
  const missing = webmUnavailable();
  if (missing !== null) throw new Error(missing);
  let codec: VideoCodec | null = null;
  for (const candidate of CODECS) {
    if (await canEncodeVideo(candidate, { width: clip.width, height: clip.height })) {
      codec = candidate;
      break;
    }
  }
  if (codec === null) throw new Error('this browser can encode neither VP9 nor VP8 video: export a GIF instead');
  const target = new BufferTarget();
  const output = new Output({ format: new WebMOutputFormat(), target });
  // Text on a flat background: a key frame every second keeps seeking quick and costs little.
  const source = new CanvasSource(canvas, { codec, bitrate: QUALITY_HIGH, keyFrameInterval: 1 });
  output.addVideoTrack(source, { frameRate: clip.fps });
  await output.start();
  try {
    await paintFrames(clip, ctx, options, (state) => source.add(state.timeMs / 1000, 1 / clip.fps));
  } catch (err) {
    await output.cancel();
    throw err;
  }
  await output.finalize();
  options.onProgress?.({ phase: 'finishing', done: 1, total: 1 });
  if (target.buffer === null) throw new Error('the WebM muxer produced no file');
  return new Uint8Array(target.buffer);
}
