// What a level is (common/levels.ts): its key in a run, its key across runs, its order and its names.
import { describe, expect, it } from 'vitest';
import { compareLevels, compareMatchedLevels, levelColumns, levelDescription, levelKey, levelLabel, levelMatchKey, rateText, recordLevelKey } from '../../common/levels.js';
import { level } from '../report/sample-run.js';

describe('levels', () => {
  it('a level of a run is (repeat, place); one written before places existed, its concurrency', () => {
    expect(levelKey(level(4))).toBe('c4');
    expect(levelKey(level(4, { levelIndex: 2, repeat: 1 }))).toBe('1:2');
    expect(levelKey(level(4, { levelIndex: 2 }))).toBe('0:2');
    expect(recordLevelKey({ level: 4, levelIndex: 2, repeat: 1 })).toBe('1:2');
    expect(recordLevelKey({ level: 4 })).toBe('c4');
  });

  it('across runs: a concurrency, a rate, a sweep step', () => {
    expect(levelMatchKey(level(4, { levelIndex: 3 }))).toBe('c4');
    expect(levelMatchKey(level(0, { mode: 'rate', rate: 1.5 }))).toBe('rate:1.5');
    expect(levelMatchKey(level(0, { mode: 'rate', rate: 1.5, sweep: 'rate', levelIndex: 4 }))).toBe('sweep-rate:4');
    expect(levelMatchKey(level(8, { mode: 'sustained', sweep: 'throughput' }))).toBe('sweep-throughput');
  });

  it('run order, and the order of one axis shared by runs', () => {
    const plan = [level(2, { levelIndex: 1, repeat: 1 }), level(1, { levelIndex: 0, repeat: 1 }), level(2, { levelIndex: 1, repeat: 0 })];
    expect([...plan].sort(compareLevels).map((l) => [l.repeat, l.levelIndex])).toEqual([[1, 0], [0, 1], [1, 1]]);
    const axis = [level(0, { mode: 'rate', rate: 2 }), level(4), level(1, { sweep: 'synchronous' }), level(0, { mode: 'rate', rate: 0.5 })];
    expect([...axis].sort(compareMatchedLevels).map(levelLabel)).toEqual(['4', 'sync', '0.5/s', '2/s']);
  });

  it('names a level for axes, tables and sentences', () => {
    expect(rateText(0.5)).toBe('0.5');
    expect(rateText(1.23456)).toBe('1.23');
    expect(rateText(12.345)).toBe('12.3');
    expect(rateText(200)).toBe('200');
    expect(levelLabel(level(8, { sweep: 'throughput' }))).toBe('max ×8');
    expect(levelDescription(level(0, { mode: 'rate', rate: 2, maxConcurrency: 8 }))).toBe('2 requests/s (≤ 8 in flight)');
    expect(levelDescription(level(4))).toBe('4 parallel');
    const columns = levelColumns([level(1, { repeat: 0 }), level(1, { repeat: 1 })]);
    expect(columns.headers).toEqual(['Parallel', 'Repeat']);
    expect(columns.cells(level(1, { repeat: 1 }))).toEqual(['1', '2']);
  });
});
