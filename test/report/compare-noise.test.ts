// compare with load shapes (main/report/compare): levels matched by what they are, repeated levels
// compared by their means, and Welch's t-test saying per level whether a difference lies outside the noise.
import { describe, expect, it } from 'vitest';
import type { LevelSummary } from '../../common/results.js';
import { deltaHeaders, deltaRows, levelDeltas } from '../../main/report/compare/deltas.js';
import { NOISE_HEADERS, NOISE_TEST_STATEMENT, noiseRows, noiseSummary, noiseTests } from '../../main/report/compare/noise.js';
import { level } from './sample-run.js';

const repeats = (concurrency: number, throughputs: number[]): LevelSummary[] =>
  throughputs.map((t, repeat) => level(concurrency, { levelIndex: 0, repeat, throughputTokensPerSecond: t }));

describe('compare: outside the noise?', () => {
  const a = repeats(4, [500, 510, 490]);
  const b = repeats(4, [600, 590, 610]);

  it("Welch's t-test per level and headline figure, stated once", () => {
    const noise = noiseTests(a, b);
    expect(noise.map((l) => [l.label, l.nA, l.nB])).toEqual([['4', 3, 3]]);
    const throughput = noise[0].tests.throughputTokensPerSecond!;
    expect(throughput).toMatchObject({ test: 'welch-t', meanA: 500, meanB: 600, difference: 100, outsideNoise: true });
    expect(NOISE_TEST_STATEMENT).toContain("Welch's unequal-variance t-test");
    const rows = noiseRows(noise);
    expect(NOISE_HEADERS).toEqual(['Level', 'Figure', 'A mean', 'B mean', 'Δ (B − A)', '95 % CI of Δ', 'p', 'Outside the noise']);
    expect(rows[0]).toEqual(['4', 'Throughput t/s', '500.0', '600.0', '100.0', expect.stringMatching(/^\d+\.\d – \d+\.\d$/), '< 0.001', 'yes']);
    // Identical elsewhere: no spread and no difference, never outside the noise.
    expect(rows.filter((r) => r[7] === 'yes').map((r) => r[1])).toEqual(['Throughput t/s']);
    expect(noiseSummary(noise)).toBe(`1 of ${rows.length} differences lie outside the noise.`);
  });

  it('says it cannot tell noise from difference with fewer than 2 repeats a side', () => {
    const single = noiseTests([level(4)], b);
    expect(noiseRows(single)).toEqual([]);
    expect(noiseSummary(single)).toBe('Noise cannot be told from difference: that needs at least 2 repeats of a level in each run (A has 1, B has 3).');
  });

  it('deltas compare a repeated level by its means', () => {
    const deltas = levelDeltas(a, b);
    expect(deltas).toHaveLength(1);
    expect(deltas[0].metrics.find((m) => m.metric.key === 'throughput')).toMatchObject({ a: 500, b: 600, delta: 100, winner: 'B' });
  });
});

describe('compare: rate levels', () => {
  const rate = (r: number, levelIndex: number): LevelSummary => level(0, { mode: 'rate', rate: r, levelIndex, repeat: 0, requests: 4, ok: 4 });

  it('match by rate, name levels by it, and say "Level"', () => {
    const deltas = levelDeltas([rate(1, 0), rate(2, 1)], [rate(2, 0), rate(4, 1)]);
    expect(deltas.map((d) => [d.label, d.inA, d.inB])).toEqual([
      ['1/s', true, false],
      ['2/s', true, true],
      ['4/s', false, true],
    ]);
    expect(deltaHeaders(deltas)[0]).toBe('Level');
    expect(deltaRows(deltas, '—')[0][0]).toBe('1/s');
  });
});
