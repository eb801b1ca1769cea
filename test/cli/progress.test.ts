import { describe, expect, it } from 'vitest';
import { clock, ProgressBar, renderProgress, type ProgressState, type ProgressStream } from '../../main/cli/progress.js';

const level: ProgressState = {
  levelIndex: 2,
  levelCount: 4,
  concurrency: 4,
  done: 12,
  total: 16,
  liveTokensPerSecond: 84.2,
  etaMs: 41_000,
  errors: 0,
  phase: 'level',
};

describe('renderProgress', () => {
  it('draws the documented line', () => {
    expect(renderProgress(level, 80)).toBe(
      'level 3/4 · 4 parallel ▕█████████░░░▏ 12/16 req · 84.2 t/s · ETA 0:41 · errors 0',
    );
  });

  it('caps the bar on wide terminals', () => {
    const line = renderProgress({ ...level, done: 16 }, 200);
    expect(line).toBe(`level 3/4 · 4 parallel ▕${'█'.repeat(24)}▏ 16/16 req · 84.2 t/s · ETA 0:41 · errors 0`);
  });

  const cases: [string, Partial<ProgressState>, number, string][] = [
    ['empty bar at the start', { done: 0, liveTokensPerSecond: null, etaMs: null }, 60, 'level 3/4 · 4 parallel ▕░░░░░░░░░░░░░░░▏ 0/16 req · errors 0'],
    ['overfull counts stay in the bar', { done: 20, total: 16 }, 70, 'level 3/4 ▕███████████████▏ 20/16 req · 84.2 t/s · ETA 0:41 · errors 0'],
    ['errors and a fast rate', { errors: 3, liveTokensPerSecond: 1234.56 }, 70, 'level 3/4 ▕███████████░░░░▏ 12/16 req · 1235 t/s · ETA 0:41 · errors 3'],
    ['ETA over an hour', { etaMs: 3_723_000 }, 80, 'level 3/4 · 4 parallel ▕██████░░░▏ 12/16 req · 84.2 t/s · ETA 1:02:03 · errors 0'],
    ['sustained by duration: elapsed/duration', { total: null, done: 37, elapsedMs: 20_000, durationMs: 60_000 }, 90, 'level 3/4 · 4 parallel ▕████░░░░░░░░░▏ 37 req · 0:20/1:00 · 84.2 t/s · ETA 0:41 · errors 0'],
    ['sustained without a duration: no bar', { total: null, done: 37, elapsedMs: 5000 }, 80, 'level 3/4 · 4 parallel · 37 req · 0:05 · 84.2 t/s · ETA 0:41 · errors 0'],
    ['warm-up', { phase: 'warmup', elapsedMs: 3_200 }, 80, 'warm-up request (not counted) · 0:03'],
    ['cooldown', { phase: 'cooldown' }, 80, 'level 3/4 · 4 parallel · cooling down · ETA 0:41 · errors 0'],
    ['finishing', { phase: 'finishing', errors: 2 }, 80, 'level 3/4 · 4 parallel · finishing · errors 2'],
    ['non-finite numbers are left out', { liveTokensPerSecond: Number.NaN, etaMs: Number.POSITIVE_INFINITY }, 60, 'level 3/4 · 4 parallel ▕██████████░░░░▏ 12/16 req · errors 0'],
    ['narrow: parallel goes first', { }, 62, 'level 3/4 ▕█████░░▏ 12/16 req · 84.2 t/s · ETA 0:41 · errors 0'],
    ['narrower: then t/s and ETA', { }, 44, 'level 3/4 ▕████████░░░▏ 12/16 req · errors 0'],
    ['narrower still: then the bar', { }, 33, 'level 3/4 · 12/16 req · errors 0'],
    ['tiny: level and count', { }, 24, 'level 3/4 · 12/16 req'],
    ['tinier: cut with an ellipsis', { }, 6, 'level…'],
    ['zero width', { }, 0, ''],
  ];
  it.each(cases)('%s', (_what, change, width, expected) => {
    expect(renderProgress({ ...level, ...change }, width)).toBe(expected);
  });

  it('never exceeds the width and never holds a line break, at any width and state', () => {
    const states: ProgressState[] = [
      level,
      { ...level, total: null, elapsedMs: 12_345, durationMs: 600_000, errors: 12_345, concurrency: 4096, levelCount: 14 },
      { ...level, phase: 'warmup', elapsedMs: 1_000_000 },
      { ...level, phase: 'cooldown', etaMs: 99_999_999 },
      { ...level, phase: 'finishing' },
    ];
    for (const state of states) {
      for (let width = 0; width <= 140; width++) {
        const line = renderProgress(state, width);
        expect(line.length, `${state.phase} at ${width}`).toBeLessThanOrEqual(width);
        expect(line).not.toMatch(/[\r\n]/);
        if (width >= 12) expect(line.startsWith(state.phase === 'warmup' ? 'warm-up' : 'level ')).toBe(true);
      }
    }
  });
});

describe('clock', () => {
  it.each([
    [0, '0:00'],
    [-5000, '0:00'],
    [1, '0:01'],
    [59_000, '0:59'],
    [60_000, '1:00'],
    [599_001, '10:00'],
    [3_600_000, '1:00:00'],
    [36_061_000, '10:01:01'],
  ])('%d ms left → %s', (ms, text) => {
    expect(clock(ms)).toBe(text);
  });

  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [59_999, '0:59'],
    [3_600_500, '1:00:00'],
  ])('%d ms spent → %s', (ms, text) => {
    expect(clock(ms, 'down')).toBe(text);
  });
});

/** A stream that records what is written to it, as a terminal or as a pipe. */
function fakeStream(isTTY: boolean, columns?: number): ProgressStream & { writes: string[]; text: () => string } {
  const writes: string[] = [];
  return {
    isTTY,
    columns,
    writes,
    write(chunk: string) {
      writes.push(chunk);
      return true;
    },
    text: () => writes.join(''),
  };
}

function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let at = 1_000;
  return { now: () => at, advance: (ms) => (at += ms) };
}

describe('ProgressBar on a terminal', () => {
  it('redraws in place, at most every 100 ms, and ends the line on done()', () => {
    const stream = fakeStream(true, 101);
    const clock = fakeClock();
    const bar = new ProgressBar(stream, { now: clock.now });

    bar.update({ ...level, done: 1 });
    clock.advance(50);
    bar.update({ ...level, done: 2 }); // throttled
    clock.advance(49);
    bar.update({ ...level, done: 3 }); // 99 ms since the last draw: still throttled
    expect(stream.writes).toEqual([`\r${renderProgress({ ...level, done: 1 }, 100)}\x1b[K`]);

    clock.advance(1);
    bar.update({ ...level, done: 4 }); // 100 ms: drawn
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[1]).toBe(`\r${renderProgress({ ...level, done: 4 }, 100)}\x1b[K`);

    clock.advance(10);
    bar.update({ ...level, done: 5 }); // throttled, but done() shows it
    bar.done();
    expect(stream.writes.slice(2)).toEqual([`\r${renderProgress({ ...level, done: 5 }, 100)}\x1b[K`, '\n']);

    bar.update({ ...level, done: 6 });
    bar.done();
    expect(stream.writes).toHaveLength(4);
  });

  it('redraws at once when the level or the phase changes', () => {
    const stream = fakeStream(true, 81);
    const clock = fakeClock();
    const bar = new ProgressBar(stream, { now: clock.now });
    bar.update({ ...level, phase: 'warmup' });
    bar.update({ ...level, levelIndex: 0, done: 0 });
    bar.update({ ...level, levelIndex: 0, phase: 'cooldown' });
    bar.update({ ...level, levelIndex: 1, done: 0 });
    bar.update({ ...level, levelIndex: 1, done: 1 }); // same stage, same instant: throttled
    expect(stream.writes).toHaveLength(4);
    expect(stream.writes[3]).toContain('level 2/4');
  });

  it('honours a custom interval and falls back to 80 columns', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const bar = new ProgressBar(stream, { now: clock.now, intervalMs: 1000 });
    bar.update(level);
    clock.advance(999);
    bar.update({ ...level, done: 13 });
    clock.advance(1);
    bar.update({ ...level, done: 14 });
    expect(stream.writes).toEqual([
      `\r${renderProgress(level, 80)}\x1b[K`,
      `\r${renderProgress({ ...level, done: 14 }, 80)}\x1b[K`,
    ]);
  });

  it('prints a note on its own line and redraws the bar below it', () => {
    const stream = fakeStream(true, 81);
    const bar = new ProgressBar(stream, { now: fakeClock().now });
    bar.update(level);
    stream.writes.length = 0;
    bar.note('telemetry: GPU not available (no nvidia-smi)');
    expect(stream.text()).toBe(
      `\r\x1b[Ktelemetry: GPU not available (no nvidia-smi)\n\r${renderProgress(level, 80)}\x1b[K`,
    );
  });

  it('writes nothing on done() when nothing was shown', () => {
    const stream = fakeStream(true, 81);
    new ProgressBar(stream).done();
    expect(stream.writes).toEqual([]);
  });
});

describe('ProgressBar on a pipe or CI log', () => {
  it('writes a plain line per level start and one at the end, no carriage returns or escapes', () => {
    const stream = fakeStream(false);
    const clock = fakeClock();
    const bar = new ProgressBar(stream, { now: clock.now });
    const run = { ...level, levelCount: 2, concurrency: 1 };

    bar.update({ ...run, phase: 'warmup', levelIndex: 0, elapsedMs: 0 });
    bar.update({ ...run, phase: 'warmup', levelIndex: 0, elapsedMs: 900 });
    for (let done = 0; done <= 4; done++) {
      clock.advance(500);
      bar.update({ ...run, levelIndex: 0, done, total: 4 });
    }
    bar.update({ ...run, levelIndex: 0, done: 4, total: 4, phase: 'cooldown' });
    for (let done = 0; done <= 8; done++) {
      clock.advance(500);
      bar.update({ ...run, levelIndex: 1, concurrency: 2, done, total: 8, errors: done > 6 ? 1 : 0 });
    }
    const last: ProgressState = { ...run, levelIndex: 1, concurrency: 2, done: 8, total: 8, errors: 1, phase: 'finishing' };
    bar.update(last);
    bar.done();

    expect(stream.writes).toEqual([
      `${renderProgress({ ...run, phase: 'warmup', levelIndex: 0, elapsedMs: 0 }, 80)}\n`,
      `${renderProgress({ ...run, levelIndex: 0, done: 0, total: 4 }, 80)}\n`,
      `${renderProgress({ ...run, levelIndex: 1, concurrency: 2, done: 0, total: 8, errors: 0 }, 80)}\n`,
      `${renderProgress(last, 80)}\n`,
    ]);
    expect(stream.text()).not.toMatch(/[\r\x1b]/);
  });

  it('does not repeat the last line at the end when nothing changed', () => {
    const stream = fakeStream(false);
    const bar = new ProgressBar(stream);
    bar.update(level);
    bar.done();
    bar.done();
    expect(stream.writes).toEqual([`${renderProgress(level, 80)}\n`]);
  });

  it('writes notes as plain lines', () => {
    const stream = fakeStream(false);
    const bar = new ProgressBar(stream);
    bar.note('cancelling…');
    expect(stream.writes).toEqual(['cancelling…\n']);
  });
});
