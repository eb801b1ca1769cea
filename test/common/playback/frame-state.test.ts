// The shared frame states of playback (what the view's lanes and every exported frame show at an instant),
// the clips' captions and file names, the export limits and the text layout the painter draws.
import { describe, expect, it } from 'vitest';
import { clipFileName, laneClip, replayClip, speedClip } from '../../../common/playback/clip.js';
import { exportSettingsIssue, GIF_PIXEL_BUDGET, parseSize } from '../../../common/playback/export-options.js';
import { frameAt, frameCount, frameState, frameTimeMs } from '../../../common/playback/frame-state.js';
import { laneFrame } from '../../../common/playback/lane-frame.js';
import { speedLane, type LaneSpec } from '../../../common/playback/lanes.js';
import { sampleText, type PlaybackText } from '../../../common/playback/playback-text.js';
import { LaneTextLayout } from '../../../common/playback/text-layout.js';

const FRAME = { seconds: 10, fps: 10, width: 640, height: 360 };

describe('frame states', () => {
  it('take frame k at k / fps and show ⌊t × speed⌋ tokens in every speed lane', () => {
    const clip = speedClip([100, 55, 30.7, 19.9, 9.1, 6.3], sampleText(), FRAME);
    expect(frameCount(clip)).toBe(100);
    expect(frameTimeMs(clip, 37)).toBe(3700);
    expect(frameAt(clip, 0).lanes.map((l) => l.frame.shown)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(frameAt(clip, 37).lanes.map((l) => l.frame.shown)).toEqual([370, 203, 113, 73, 33, 23]);
    expect(frameAt(clip, 99).lanes.map((l) => l.frame.shown)).toEqual([990, 544, 303, 197, 90, 62]);
    // A speed lane counts on past the end of its text (it repeats); the status says so.
    expect(frameAt(clip, 37).lanes[0]!.frame).toEqual({ shown: 370, state: 'streaming', status: '3.7 s · 370 tokens · 100 tokens/s' });
  });

  it('replay: nothing before the first recorded offset, then the pieces whose offset ≤ t; the mean lane after the same wait', () => {
    const record = { level: 4, index: 2, tokensPerSecond: 12.5, pieces: ['a', 'b', 'c', 'd'], pieceOffsetsMs: [500, 520, 900, 1_200], pieceKinds: 'ttaa' };
    const clip = replayClip(record, 'run-1', 10, { ...FRAME, seconds: 2 })!;
    expect(clip.lanes.map((l) => l.kind)).toEqual(['replay', 'replay-mean']);
    const at = (ms: number) => frameState(clip, ms).lanes.map((l) => [l.frame.shown, l.frame.state]);
    expect(at(499)).toEqual([
      [0, 'waiting'],
      [0, 'waiting'],
    ]);
    expect(frameState(clip, 400).lanes[0]!.frame.status).toBe('waiting for the first token · 0.4 s · 12.5 tokens/s recorded');
    expect(at(520)).toEqual([
      [2, 'streaming'],
      [1, 'streaming'],
    ]);
    // Level mean 10 tokens/s: the n-th token at 500 + (n − 1) × 100 ms.
    expect(at(800)).toEqual([
      [2, 'streaming'],
      [4, 'done'],
    ]);
    expect(at(1_200)).toEqual([
      [4, 'done'],
      [4, 'done'],
    ]);
    expect(frameState(clip, 1_500).lanes[0]!.frame.status).toBe('1.2 s · 4/4 tokens · 12.5 tokens/s recorded');
    expect(clip.caption).toBe('Replay with the recorded timing beside the level mean, 10 tokens/s — run run-1, 4 parallel, request #2 — 4 token chunks as recorded · Tokenbench');
    expect(clipFileName(clip, 'gif')).toBe('tokenbench-replay-4-2.gif');
  });

  it('a speed lane reads idle at 0 only when not playing (the view before Play), and counts 0 without text', () => {
    const lane = speedLane(55, undefined, 'l');
    expect(laneFrame(lane, 0, 10, false).state).toBe('idle');
    expect(laneFrame(lane, 0, 10, true).state).toBe('streaming');
    expect(laneFrame(lane, 5_000, 0).shown).toBe(0);
  });

  it('caption and file name say the speeds and the text', () => {
    const clip = laneClip([speedLane(55, undefined, 'a'), speedLane(19.9, 'this run · 4 parallel', 'b')], sampleText(), FRAME);
    expect(clip.caption).toMatch(/^55 · 19\.9 tokens\/s — sample answer, \d+ tokens \(o200k_base\) · Tokenbench$/);
    expect(clipFileName(clip, 'webm')).toBe('tokenbench-55-19.9-tps.webm');
  });
});

describe('export settings', () => {
  const ok = { format: 'gif' as const, seconds: 30, fps: 10, width: 640, height: 360 };
  it('accept the defaults and refuse what a clip cannot be, in one line', () => {
    expect(exportSettingsIssue(ok, 2)).toBeNull();
    expect(exportSettingsIssue({ ...ok, fps: 15 }, 2)).toMatch(/^GIF frame rate: one of 1, 2, 4, 5, 10, 20, 25, 50 fps/);
    expect(exportSettingsIssue({ ...ok, format: 'webm', fps: 15 }, 2)).toBeNull();
    expect(exportSettingsIssue({ ...ok, format: 'webm', fps: 30, width: 641 }, 2)).toBe('WebM: width and height must be even');
    expect(exportSettingsIssue(ok, 0)).toBe('no lane to export');
    expect(exportSettingsIssue(ok, 9)).toBe('at most 8 lanes fit in a clip (got 9)');
    expect(exportSettingsIssue({ ...ok, seconds: 0.5 }, 1)).toBe('length: 1 to 120 seconds');
    // The encoder holds every frame: frames × pixels stays within the budget.
    expect(30 * 10 * 640 * 360).toBeLessThan(GIF_PIXEL_BUDGET);
    expect(exportSettingsIssue({ ...ok, width: 1280, height: 720 }, 1)).toMatch(/too many pixels/);
    expect(exportSettingsIssue({ ...ok, format: 'webm', width: 1280, height: 720 }, 1)).toBeNull();
    expect(parseSize('960x540')).toEqual({ width: 960, height: 540 });
    expect(parseSize('960 × 540')).toEqual({ width: 960, height: 540 });
    expect(parseSize('960')).toBeNull();
  });
});

describe('lane text layout', () => {
  // Every character 10 px wide: lines can be checked by length.
  const measure = (text: string) => text.length * 10;
  const text = (pieces: string[], kinds: string): PlaybackText => ({ pieces, kinds, origin: 'test' });

  it('wraps at token boundaries within the width, keeps a word whole and ends a line at a newline', () => {
    const layout = new LaneTextLayout(text(['One', ' two', ' three', ' four', '.', '\n', 'Five', ' six'], 'aaaaaaaa'), { a: 120, t: 100 }, measure, false);
    layout.advanceTo(8);
    expect(layout.all.map((l) => l.text)).toEqual(['One two', 'three four.', 'Five six']);
    expect(layout.all.every((l) => measure(l.text) <= 120)).toBe(true);
    // "." continues "four": at 100 px the word moves with it instead of starting a line with ".".
    const narrow = new LaneTextLayout(text(['One', ' two', ' three', ' four', '.'], 'aaaaa'), { a: 100, t: 100 }, measure, false);
    narrow.advanceTo(5);
    expect(narrow.all.map((l) => l.text)).toEqual(['One two', 'three', 'four.']);
  });

  it('sets thinking apart from the answer, splits a token wider than the lane, and marks each new pass of a looping lane', () => {
    const layout = new LaneTextLayout(text(['Hmm', ' ok', 'Answer', ' abcdefghijklmnop'], 'ttaa'), { a: 80, t: 60 }, measure, true);
    layout.advanceTo(4);
    expect(layout.all).toEqual([
      { kind: 't', text: 'Hmm ok' },
      { kind: 'gap', text: '' },
      { kind: 'a', text: 'Answer' },
      { kind: 'a', text: 'abcdefgh' },
      { kind: 'a', text: 'ijklmnop' },
    ]);
    layout.advanceTo(5);
    expect(layout.all.slice(-2)).toEqual([
      { kind: 'pass', text: '' },
      { kind: 't', text: 'Hmm' },
    ]);
    expect(layout.shown).toBe(5);
    // Going back lays the text out again from the start.
    layout.advanceTo(1);
    expect(layout.all).toEqual([{ kind: 't', text: 'Hmm' }]);
  });

  it('a replay lane stops at its last piece', () => {
    const layout = new LaneTextLayout(text(['a', 'b'], 'aa'), { a: 100, t: 100 }, measure, false);
    layout.advanceTo(10);
    expect(layout.shown).toBe(2);
    expect(layout.all).toEqual([{ kind: 'a', text: 'ab' }]);
  });
});

describe('lane specs of a clip', () => {
  it('keep the order the caller gave', () => {
    const lanes: LaneSpec[] = [speedLane(9.1, undefined, 'x'), speedLane(100, undefined, 'y')];
    expect(laneClip(lanes, sampleText(), FRAME).lanes).toEqual(lanes);
  });
});
