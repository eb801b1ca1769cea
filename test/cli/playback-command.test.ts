// `tokenbench playback` end to end: the GIF it writes is decoded (modern-gif) and every frame is held
// against the frame state of its instant — the count the pacing formula gives (⌊t × speed⌋; recorded
// offsets ≤ t for a replay), and the pixels the shared painter draws for that state (a frame one token
// off differs visibly).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { decode, decodeFrames } from 'modern-gif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayClip, speedClip } from '../../common/playback/clip.js';
import { frameAt, frameCount, type Clip, type FrameState } from '../../common/playback/frame-state.js';
import { createFramePainter } from '../../common/playback/painter.js';
import { sampleText } from '../../common/playback/playback-text.js';
import { openRunFolder } from '../../main/store/run-reader.js';
import { cli } from '../support/cli-in-process.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';

let work: string;
let server: ScriptedServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tokenbench-playback-cli-'));
  server = await startScriptedServer({ tokens: 30, thinkingTokens: 6, prefillMs: 200, tokenIntervalMs: 20 });
});
afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Pixels whose colour differs by more than a palette step can explain (> 48 in a channel). */
function differingPixels(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let count = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i] - b[i]) > 48 || Math.abs(a[i + 1] - b[i + 1]) > 48 || Math.abs(a[i + 2] - b[i + 2]) > 48) count += 1;
  }
  return count;
}

/** Paints states with the shared painter on @napi-rs/canvas, as the command does. */
function painterFor(clip: Clip): (state: FrameState) => Uint8ClampedArray {
  const canvas = createCanvas(clip.width, clip.height);
  const ctx = canvas.getContext('2d');
  const painter = createFramePainter(ctx, clip);
  return (state) => {
    painter.paint(state);
    return ctx.getImageData(0, 0, clip.width, clip.height).data;
  };
}

/** The state with one more token in lane `lane` (its status line unchanged): what a frame one token late would show. */
function oneMore(state: FrameState, lane: number): FrameState {
  return { ...state, lanes: state.lanes.map((l, i) => (i === lane ? { ...l, frame: { ...l.frame, shown: l.frame.shown + 1 } } : l)) };
}

describe('tokenbench playback', () => {
  it('renders the speed lanes into a GIF whose frames show exactly ⌊t × speed⌋ tokens', async () => {
    const out = join(work, 'speed.gif');
    const result = await cli(['playback', '--speeds', '55,19.9', '--seconds', '3', '--size', '320x180', '--fps', '10', '--out', out]);
    expect(result.stderr).toMatch(/^Wrote .*speed\.gif: 30 frames, 3 s at 10 fps, 320×180, \d+ KB, rendered in \d+\.\d s\n$/);
    expect(result.code).toBe(0);

    const bytes = readFileSync(out);
    const gif = decode(bytes);
    expect([gif.width, gif.height]).toEqual([320, 180]);
    expect(gif.frames).toHaveLength(30);
    expect(gif.frames.every((f) => f.delay === 100)).toBe(true);

    const clip = speedClip([55, 19.9], sampleText(), { seconds: 3, fps: 10, width: 320, height: 180 });
    expect(frameCount(clip)).toBe(30);
    const decoded = decodeFrames(bytes);
    const expected = painterFor(clip);
    const late = painterFor(clip);
    for (let k = 0; k < 30; k++) {
      const state = frameAt(clip, k);
      // Frame k is the instant k / 10 s: ⌊k/10 × 55⌋ and ⌊k/10 × 19.9⌋ tokens.
      expect(state.lanes.map((l) => l.frame.shown)).toEqual([Math.floor((k * 55) / 10), Math.floor((k * 199) / 100 + 1e-9)]);
      expect(differingPixels(decoded[k].data, expected(state)), `frame ${k}`).toBe(0);
      if (k % 5 === 0) expect(differingPixels(decoded[k].data, late(oneMore(state, 0))), `frame ${k} + 1 token`).toBeGreaterThan(5);
    }
  });

  it('replays a recorded request: each frame holds the pieces whose recorded offset ≤ t', async () => {
    const runs = join(work, 'runs');
    const made = await cli(['run', '--url', server.url, '--concurrency', '1', '--think', '--out', runs, '--telemetry', 'none']);
    expect(made.code).toBe(0);
    const dir = join(runs, readdirSync(runs)[0]!);
    const out = join(work, 'replay.gif');
    const result = await cli(['playback', '--run', dir, '--replay', '--size', '320x180', '--fps', '20', '--out', out]);
    expect(result.code).toBe(0);

    const run = await openRunFolder(dir);
    const record = run.requests[0]!;
    const last = Math.max(...record.pieceOffsetsMs);
    // Without --seconds: until the last token, plus a second.
    const seconds = Math.ceil(last / 1000) + 1;
    expect(result.stderr).toContain(`: ${seconds * 20} frames, ${seconds} s at 20 fps, 320×180`);
    const bytes = readFileSync(out);
    expect(decode(bytes).frames.every((f) => f.delay === 50)).toBe(true);
    const clip = replayClip(record, run.manifest.id, run.summary.levels[0]?.tokensPerSecond?.mean, { seconds, fps: 20, width: 320, height: 180 })!;
    expect(clip.caption).toContain(`request #${record.index}`);
    const decoded = decodeFrames(bytes);
    expect(decoded).toHaveLength(seconds * 20);
    const expected = painterFor(clip);
    let waiting = 0;
    for (let k = 0; k < decoded.length; k++) {
      const state = frameAt(clip, k);
      const t = k * 50;
      expect(state.lanes[0]!.frame.shown).toBe(record.pieceOffsetsMs.filter((offset) => offset <= t).length);
      if (state.lanes[0]!.frame.state === 'waiting') waiting += 1;
      expect(differingPixels(decoded[k].data, expected(state)), `frame ${k}`).toBe(0);
    }
    // 200 ms before the first token: the first frames wait.
    expect(waiting).toBeGreaterThanOrEqual(4);
  });

  it('never overwrites --out without --force, and says why WebM needs the playback view', async () => {
    const out = join(work, 'exists.gif');
    writeFileSync(out, 'keep me');
    const refused = await cli(['playback', '--seconds', '1', '--out', out]);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe(`tokenbench playback: --out: ${out} exists; pass --force to overwrite it\n`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = await cli(['playback', '--seconds', '1', '--size', '160x120', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(decode(readFileSync(out)).frames).toHaveLength(10);

    const webm = await cli(['playback', '--out', join(work, 'clip.webm')]);
    expect(webm.code).toBe(2);
    expect(webm.stderr).toMatch(/WebM needs a browser video encoder \(WebCodecs\), which Node does not have/);
    expect(existsSync(join(work, 'clip.webm'))).toBe(false);
  });

  it.each([
    [['--fps', '15'], '--fps: 15 is not one of 1, 2, 4, 5, 10, 20, 25, 50'],
    [['--size', 'big'], '--size: "big" is not WIDTHxHEIGHT'],
    [['--size', '4000x300'], 'width: 160 to 1920 pixels'],
    [['--seconds', '500'], 'length: 1 to 120 seconds'],
    [['--speeds', '55,0'], '--speeds: "0" is not a speed'],
    [['--replay'], '--replay: only applies with --run DIR'],
    [['--size', '1920x1080', '--seconds', '60'], 'holds too many pixels for the encoder'],
  ])('refuses %j with one line, writing nothing', async (flags, message) => {
    const out = join(work, 'refused.gif');
    const result = await cli(['playback', ...flags, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(existsSync(out)).toBe(false);
  });
});
