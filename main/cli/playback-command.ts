// `tokenbench playback`: the playback view's clip rendered without a window — the same clip builders,
// frame states and painter (common/playback/), drawn on @napi-rs/canvas (Skia, prebuilt) and encoded by
// the same GIF encoder as the view's export.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { replayClip, speedClip } from '../../common/playback/clip.js';
import { DEFAULT_EXPORT, DEFAULT_GIF_FPS, exportSettingsIssue, GIF_FPS, parseSize } from '../../common/playback/export-options.js';
import { frameCount, type Clip } from '../../common/playback/frame-state.js';
import { encodeGifClip } from '../../common/playback/gif-clip.js';
import { formatSpeed, parseSpeed, PRESET_SPEEDS } from '../../common/playback/lanes.js';
import { recordedText, sampleText } from '../../common/playback/playback-text.js';
import type { RequestRecord } from '../../common/results.js';
import { maxOf } from '../metrics/stats.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { PLAYBACK_OPTIONS } from './commands/playback.js';
import { CliError } from './errors.js';
import { parseIntegerInRange, parseSeconds, quote } from './flag-values.js';
import type { CliIo } from './io.js';
import { exportCanvas } from './playback-canvas.js';
import { openRunForCli } from './report-files.js';

type Values = CommandArgs<typeof PLAYBACK_OPTIONS>['values'];

export async function renderPlayback({ values }: CommandArgs<typeof PLAYBACK_OPTIONS>, io: CliIo): Promise<Outcome> {
  const out = outputFile(values);
  const frame = frameFlags(values);
  const clip = await clipOf(values, frame, io);
  const issue = exportSettingsIssue({ format: 'gif', seconds: clip.seconds, fps: clip.fps, width: clip.width, height: clip.height }, clip.lanes.length);
  if (issue !== null) throw new CliError(issue);
  const canvas = await exportCanvas(clip.width, clip.height, values.font);
  const started = performance.now();
  const gif = await encodeGifClip(clip, canvas.surface, { fonts: canvas.fonts });
  await writeFile(out, gif, { flag: values.force ? 'w' : 'wx' });
  const took = (performance.now() - started) / 1000;
  io.stderr.write(
    `Wrote ${out}: ${frameCount(clip)} frames, ${clip.seconds} s at ${clip.fps} fps, ${clip.width}×${clip.height}, ` +
      `${Math.round(gif.byteLength / 1024)} KB, rendered in ${took.toFixed(1)} s\n`,
  );
  return 'ok';
}

/** `--out FILE.gif`, refused up front when it exists without --force (as report does). */
function outputFile(values: Values): string {
  if (values.out === undefined) throw new CliError('--out: missing (the GIF to write, e.g. --out speed.gif); see tokenbench playback --help');
  const file = resolve(values.out);
  const extension = extname(file).toLowerCase();
  if (extension === '.webm') {
    throw new CliError('--out: WebM needs a browser video encoder (WebCodecs), which Node does not have; export WebM from the playback view, or write a .gif');
  }
  if (extension !== '.gif') throw new CliError(`--out: ${quote(values.out)} is not a .gif file`);
  if (existsSync(file) && !values.force) throw new CliError(`--out: ${file} exists; pass --force to overwrite it`);
  return file;
}

interface FrameFlags {
  seconds: number | null;
  fps: number;
  width: number;
  height: number;
}

function frameFlags(values: Values): FrameFlags {
  const size = values.size === undefined ? DEFAULT_EXPORT : parseSize(values.size);
  if (size === null) throw new CliError(`--size: ${quote(values.size ?? '')} is not WIDTHxHEIGHT in pixels (e.g. 640x360)`);
  const fps = values.fps === undefined ? DEFAULT_GIF_FPS : parseIntegerInRange('--fps', values.fps, 1, 50);
  if (!GIF_FPS.includes(fps)) throw new CliError(`--fps: ${fps} is not one of ${GIF_FPS.join(', ')} (a GIF frame lasts whole hundredths of a second)`);
  const seconds = values.seconds === undefined ? null : parseSeconds('--seconds', values.seconds, { allowZero: false }) / 1000;
  return { seconds, fps, width: size.width, height: size.height };
}

async function clipOf(values: Values, frame: FrameFlags, io: CliIo): Promise<Clip> {
  const speeds = values.speeds === undefined ? null : parseSpeeds(values.speeds);
  if (values.run === undefined) {
    for (const flag of ['level', 'request', 'replay'] as const) {
      if (values[flag] !== undefined) throw new CliError(`--${flag}: only applies with --run DIR (a run folder's request)`);
    }
    return speedClip(speeds ?? PRESET_SPEEDS, sampleText(), { ...frame, seconds: frame.seconds ?? DEFAULT_EXPORT.seconds });
  }
  if (values.replay && speeds !== null) throw new CliError('--replay and --speeds cannot be used together (a replay plays the recorded timing)');
  const run = await openRunForCli(values.run);
  for (const warning of run.warnings) io.stderr.write(`warning: ${warning}\n`);
  const record = chosenRequest(run.requests, values);
  const levelMean = run.summary.levels.find((l) => l.concurrency === record.level)?.tokensPerSecond?.mean ?? null;
  if (values.replay) {
    const lastMs = maxOf(record.pieceOffsetsMs, 0);
    const seconds = frame.seconds ?? Math.min(120, Math.ceil(lastMs / 1000) + 1);
    const clip = replayClip(record, run.manifest.id, levelMean, { ...frame, seconds });
    if (clip === null) throw new CliError(`request #${record.index} of level ${record.level} has no recorded token to replay`);
    return clip;
  }
  const text = recordedText(record, run.manifest.id);
  if (text === null) throw new CliError(`request #${record.index} of level ${record.level} has no recorded token to play`);
  const seconds = frame.seconds ?? DEFAULT_EXPORT.seconds;
  if (speeds !== null) return speedClip(speeds, text, { ...frame, seconds });
  // The run's own speeds: one lane per level at its mean decode speed (the view's "Add this run's speeds").
  const levels = run.summary.levels.filter((l) => (l.tokensPerSecond?.mean ?? 0) > 0).sort((a, b) => a.concurrency - b.concurrency);
  if (levels.length === 0) throw new CliError(`${values.run}: no level has a decode speed; pass --speeds`);
  const means = levels.map((l) => l.tokensPerSecond?.mean ?? 0);
  return speedClip(means, text, { ...frame, seconds }, levels.map((l, i) => `${l.concurrency} parallel · ${formatSpeed(means[i])} tokens/s`));
}

function parseSpeeds(raw: string): number[] {
  const speeds = raw.split(',').map((item) => {
    const speed = parseSpeed(item);
    if (speed === null) throw new CliError(`--speeds: ${quote(item)} is not a speed (tokens/s, more than 0 and at most 10000; e.g. 55,19.9)`);
    return speed;
  });
  return speeds;
}

/** `--level`/`--request`, or the view's default: the first ok request with tokens of the lowest level. */
function chosenRequest(requests: readonly RequestRecord[], values: Values): RequestRecord {
  const playable = requests.filter((r) => r.status === 'ok' && r.pieces.length > 0).sort((a, b) => a.level - b.level || a.index - b.index);
  if (values.level === undefined && values.request === undefined) {
    const first = playable[0];
    if (!first) throw new CliError(`${values.run}: no successful request with recorded tokens to play`);
    return first;
  }
  if (values.level === undefined || values.request === undefined) throw new CliError('--level and --request go together (the level, then the index of a request in it)');
  const level = parseIntegerInRange('--level', values.level, 1, Number.MAX_SAFE_INTEGER);
  const index = parseIntegerInRange('--request', values.request, 0, Number.MAX_SAFE_INTEGER);
  const found = requests.find((r) => r.level === level && r.index === index);
  if (!found) throw new CliError(`--request: the run has no request #${index} at level ${level}`);
  return found;
}
