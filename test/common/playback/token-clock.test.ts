import { describe, expect, it } from 'vitest';
import { dueAfterWait, dueAtSpeed, dueByOffsets, newTimeline, pause, play, positionAt, seek, withRate } from '../../../common/playback/token-clock.js';

describe('dueAtSpeed', () => {
  it('gives 3,300 tokens after 60 s at 55 tokens/s and exact floors at the presets', () => {
    expect(dueAtSpeed(60_000, 55)).toBe(3300);
    expect(dueAtSpeed(1_000, 100)).toBe(100);
    expect(dueAtSpeed(999.9, 100)).toBe(99);
    expect(dueAtSpeed(10_000, 30.7)).toBe(307);
    expect(dueAtSpeed(10_000, 19.9)).toBe(199);
    expect(dueAtSpeed(10_000, 9.1)).toBe(91);
    expect(dueAtSpeed(10_000, 6.3)).toBe(63);
    // 1/6.3 s is not a binary fraction: the 63rd token is due at exactly 10 s, not one frame later.
    expect(dueAtSpeed((63 * 1000) / 6.3, 6.3)).toBe(63);
  });

  it('shows nothing before the first interval, at zero speed or before the start', () => {
    expect(dueAtSpeed(9, 100)).toBe(0);
    expect(dueAtSpeed(10, 100)).toBe(1);
    expect(dueAtSpeed(5_000, 0)).toBe(0);
    expect(dueAtSpeed(-5, 55)).toBe(0);
  });
});

describe('Timeline', () => {
  it('derives the position from the clock, so jittery frames never drift', () => {
    let t = play(newTimeline(), 1_000);
    // Frames at irregular intervals (4–70 ms): the count at each frame is a function of now only.
    let now = 1_000;
    let seed = 7;
    let shown = 0;
    while (now < 61_000) {
      seed = (seed * 16807) % 2147483647;
      now = Math.min(61_000, now + 4 + (seed % 67));
      shown = Math.max(shown, dueAtSpeed(positionAt(t, now), 55));
    }
    expect(shown).toBe(3300);
    t = pause(t, now);
    expect(positionAt(t, now + 10_000)).toBe(60_000);
  });

  it('keeps the position across pause and resume and does not count the paused time', () => {
    let t = play(newTimeline(), 0);
    t = pause(t, 4_000);
    expect(dueAtSpeed(positionAt(t, 9_000), 55)).toBe(220);
    t = play(t, 9_000);
    expect(positionAt(t, 10_000)).toBe(5_000);
    expect(play(t, 12_000)).toBe(t); // play while playing changes nothing
  });

  it('applies a rate from the moment it is set, keeping what was reached', () => {
    let t = play(newTimeline(), 0);
    t = withRate(t, 2, 1_000);
    expect(positionAt(t, 1_000)).toBe(1_000);
    expect(positionAt(t, 2_000)).toBe(3_000);
    t = withRate(pause(t, 2_000), 0.5, 5_000);
    expect(positionAt(t, 6_000)).toBe(3_000); // still paused
    expect(positionAt(play(t, 6_000), 8_000)).toBe(4_000);
    expect(() => newTimeline(0)).toThrow(RangeError);
    expect(() => withRate(t, Number.NaN, 0)).toThrow(RangeError);
  });

  it('seeks in content time, keeping the play state', () => {
    const t = seek(play(newTimeline(2), 0), 3_900, 1_000);
    expect(t.playing).toBe(true);
    expect(positionAt(t, 1_050)).toBe(4_000);
    expect(positionAt(seek(t, -5, 2_000), 2_000)).toBe(0);
  });

  it('never goes backwards when the clock reads earlier than the anchor', () => {
    const t = play(newTimeline(), 500);
    expect(positionAt(t, 400)).toBe(0);
  });
});

describe('dueByOffsets', () => {
  const offsets = [3_897.1, 3_950, 3_950, 4_003.4, 6_600];
  it('counts the pieces whose recorded offset has been reached, ties included', () => {
    expect(dueByOffsets(0, offsets)).toBe(0);
    expect(dueByOffsets(3_897.09, offsets)).toBe(0);
    expect(dueByOffsets(3_897.1, offsets)).toBe(1);
    expect(dueByOffsets(3_950, offsets)).toBe(3);
    expect(dueByOffsets(6_599, offsets)).toBe(4);
    expect(dueByOffsets(1e9, offsets)).toBe(5);
    expect(dueByOffsets(10, [])).toBe(0);
  });
});

describe('dueAfterWait', () => {
  it('shows the first token when the wait ends, then one per interval, up to the total', () => {
    expect(dueAfterWait(1_999, 2_000, 50, 10)).toBe(0);
    expect(dueAfterWait(2_000, 2_000, 50, 10)).toBe(1);
    expect(dueAfterWait(2_020, 2_000, 50, 10)).toBe(2);
    // n tokens span (n − 1)/speed: the decode-speed definition.
    expect(dueAfterWait(2_000 + (9 * 1000) / 50, 2_000, 50, 10)).toBe(10);
    expect(dueAfterWait(60_000, 2_000, 50, 10)).toBe(10);
    expect(dueAfterWait(5_000, 0, 50, 0)).toBe(0);
  });
});
