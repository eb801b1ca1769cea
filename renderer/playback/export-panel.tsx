// Export of the playback view: the lanes on screen (or the replay pair) as a GIF or a WebM clip of a chosen
// length, size and frame rate. Frames are painted at fixed virtual times by the shared painter
// (common/playback/), not recorded from the screen: a 30 s clip takes seconds, and each frame holds exactly
// the tokens due at its instant. The file is handed to the browser as a download (the app: a save dialog).
import { useEffect, useRef, useState } from 'react';
import { clipFileName, laneClip } from '../../common/playback/clip.js';
import {
  DEFAULT_EXPORT,
  DEFAULT_GIF_FPS,
  DEFAULT_WEBM_FPS,
  EXPORT_LIMITS,
  exportSettingsIssue,
  GIF_FPS,
  parseSize,
  WEBM_FPS,
  type ExportFormat,
} from '../../common/playback/export-options.js';
import { frameCount, type Clip } from '../../common/playback/frame-state.js';
import { encodeGifClip } from '../../common/playback/gif-clip.js';
import type { LaneSpec } from '../../common/playback/lanes.js';
import type { ExportProgress } from '../../common/playback/paint-frames.js';
import type { PlaybackText } from '../../common/playback/playback-text.js';
import { encodeWebmClip, webmUnavailable } from './webm-export.js';

const SIZES: readonly string[] = ['480x270', '640x360', '960x540', '1280x720'];

type ExportStatus =
  | { state: 'idle' }
  | { state: 'running'; progress: ExportProgress | null }
  | { state: 'done'; url: string; name: string; bytes: number; frames: number; ms: number }
  | { state: 'error'; message: string };

export interface ExportPanelProps {
  /** The speed lanes on screen. */
  speedLanes: readonly LaneSpec[];
  /** The replay of the chosen request and its level-mean lane; empty without a run. */
  replayLanes: readonly LaneSpec[];
  text: PlaybackText;
}

/** Lets the page paint between frames, so the progress line moves and the view stays usable. */
const breathe = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function ExportPanel({ speedLanes, replayLanes, text }: ExportPanelProps) {
  const [source, setSource] = useState<'lanes' | 'replay'>('lanes');
  const [format, setFormat] = useState<ExportFormat>('gif');
  const [seconds, setSeconds] = useState(String(DEFAULT_EXPORT.seconds));
  const [size, setSize] = useState(`${DEFAULT_EXPORT.width}x${DEFAULT_EXPORT.height}`);
  const [fps, setFps] = useState(DEFAULT_GIF_FPS);
  const [status, setStatus] = useState<ExportStatus>({ state: 'idle' });
  const cancel = useRef<AbortController | null>(null);
  const url = status.state === 'done' ? status.url : null;
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  useEffect(() => () => cancel.current?.abort(), []);

  const chosen = source === 'replay' && replayLanes.length > 0 ? replayLanes : speedLanes;
  const dims = parseSize(size) ?? DEFAULT_EXPORT;
  const settings = { format, seconds: Number(seconds), fps, width: dims.width, height: dims.height };
  const issue = exportSettingsIssue(settings, chosen.length) ?? (format === 'webm' ? webmUnavailable() : null);
  const running = status.state === 'running';

  async function run(): Promise<void> {
    if (issue !== null) return;
    const clip: Clip = laneClip(chosen, text, settings);
    const controller = new AbortController();
    cancel.current = controller;
    setStatus({ state: 'running', progress: null });
    const started = performance.now();
    try {
      const canvas = document.createElement('canvas');
      canvas.width = clip.width;
      canvas.height = clip.height;
      const ctx = canvas.getContext('2d', { willReadFrequently: format === 'gif' });
      if (!ctx) throw new Error('no 2D canvas in this browser');
      const options = { signal: controller.signal, breathe, onProgress: (progress: ExportProgress) => setStatus({ state: 'running', progress }) };
      const bytes =
        format === 'gif'
          ? await encodeGifClip(clip, { ctx, pixels: () => ctx.getImageData(0, 0, clip.width, clip.height).data }, options)
          : await encodeWebmClip(clip, canvas, ctx, options);
      const blob = new Blob([bytes.slice().buffer], { type: format === 'gif' ? 'image/gif' : 'video/webm' });
      const done = { state: 'done' as const, url: URL.createObjectURL(blob), name: clipFileName(clip, format), bytes: blob.size, frames: frameCount(clip), ms: performance.now() - started };
      setStatus(done);
      download(done.url, done.name);
    } catch (err) {
      setStatus(controller.signal.aborted ? { state: 'idle' } : { state: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      cancel.current = null;
    }
  }

  const rates = format === 'gif' ? GIF_FPS : WEBM_FPS;
  return (
    <section className="pb-export" aria-label="Export" data-export-state={status.state}>
      <h3>Export as a GIF or a video</h3>
      <div className="pb-controls">
        <fieldset>
          <legend>What</legend>
          <select aria-label="export source" value={source} onChange={(event) => setSource(event.target.value === 'replay' ? 'replay' : 'lanes')}>
            <option value="lanes">The speed lanes ({speedLanes.length})</option>
            {replayLanes.length > 0 ? <option value="replay">The replay of the request</option> : null}
          </select>
        </fieldset>
        <fieldset>
          <legend>Format</legend>
          <select
            aria-label="export format"
            value={format}
            onChange={(event) => {
              const next: ExportFormat = event.target.value === 'webm' ? 'webm' : 'gif';
              setFormat(next);
              setFps(next === 'gif' ? DEFAULT_GIF_FPS : DEFAULT_WEBM_FPS);
            }}
          >
            <option value="gif">GIF</option>
            <option value="webm">WebM video</option>
          </select>
        </fieldset>
        <fieldset>
          <legend>Length (s)</legend>
          <input
            type="number"
            aria-label="export seconds"
            min={EXPORT_LIMITS.minSeconds}
            max={EXPORT_LIMITS.maxSeconds}
            step="1"
            value={seconds}
            onChange={(event) => setSeconds(event.target.value)}
          />
        </fieldset>
        <fieldset>
          <legend>Size</legend>
          <select aria-label="export size" value={size} onChange={(event) => setSize(event.target.value)}>
            {SIZES.map((s) => (
              <option key={s} value={s}>
                {s.replace('x', ' × ')}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset>
          <legend>Frames/s</legend>
          <select aria-label="export frame rate" value={fps} onChange={(event) => setFps(Number(event.target.value))}>
            {rates.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </fieldset>
        {running ? (
          <button type="button" data-action="export-cancel" onClick={() => cancel.current?.abort()}>
            Cancel
          </button>
        ) : (
          <button type="button" data-action="export" disabled={issue !== null} onClick={() => void run()}>
            Export {format === 'gif' ? 'GIF' : 'WebM'}
          </button>
        )}
      </div>
      <p className="pb-origin" role="status">
        {issue !== null && !running ? issue : statusLine(status)}
        {status.state === 'done' ? (
          <>
            {' '}
            <a href={status.url} download={status.name}>
              Save {status.name} again
            </a>
          </>
        ) : null}
      </p>
    </section>
  );
}

function statusLine(status: ExportStatus): string {
  switch (status.state) {
    case 'idle':
      return 'Frames are drawn at exact instants, not recorded from the screen: each shows exactly the tokens due at its time.';
    case 'running':
      if (status.progress === null) return 'Starting…';
      return status.progress.phase === 'frames' ? `Frame ${status.progress.done} of ${status.progress.total}…` : 'Encoding…';
    case 'done':
      return `${status.name}: ${status.frames} frames, ${Math.round(status.bytes / 1024)} KB, made in ${(status.ms / 1000).toFixed(1)} s.`;
    case 'error':
      return `Could not export: ${status.message}`;
  }
}

/** Hands the file to the browser: a download in web mode, the save dialog in the app. */
function download(url: string, name: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
