import { describe, expect, it } from 'vitest';
import { MISSING } from '../../common/format.js';
import { renderStudyTable } from '../../main/report/study-table.js';
import { level, stats } from './sample-run.js';

const COLUMNS = [
  'Parallel',
  'Avg t/s',
  'Slow-tail t/s (p5)',
  'TTFT avg (s)',
  'TTFT p95 (s)',
  'TTFT p99 (s)',
  'Errors %',
  'Duration avg (s)',
  'Duration p99 (s)',
  'Throughput t/s',
];

const cells = (line: string): string[] => line.split(' | ').map((c) => c.trim());
const indicesOf = (line: string, ch: string): number[] => [...line].flatMap((c, i) => (c === ch ? [i] : []));

describe('renderStudyTable', () => {
  const levels = [
    level(1),
    level(256, {
      requests: 256,
      ok: 208,
      errors: 48,
      errorsByKind: { http: 48 },
      ttftMs: stats(1_534_790, 3_078_620, 3_211_850),
      throughputTokensPerSecond: 1234.56,
    }),
    level(512, { requests: 4, ok: 0, errors: 4, ttftMs: null, tokensPerSecond: null, e2eMs: null, throughputTokensPerSecond: 0 }),
  ];
  const text = renderStudyTable(levels);
  const lines = text.split('\n');
  const [header, rule, ...rest] = lines;
  const rows = rest.slice(0, levels.length);

  it('has the study columns in order', () => {
    expect(cells(header)).toEqual(COLUMNS);
  });

  it('prints one row per level with seconds, rates and error share', () => {
    expect(cells(rows[0])).toEqual(['1', '53.1', '50.1', '0.83', '0.93', '0.93', '0.0', '20.00', '21.50', '100.0']);
    expect(cells(rows[1])).toEqual(['256', '53.1', '50.1', '1534.79', '3078.62', '3211.85', '18.8', '20.00', '21.50', '1234.6']);
  });

  it('prints — for values that do not exist, never 0', () => {
    expect(cells(rows[2])).toEqual(['512', MISSING, MISSING, MISSING, MISSING, MISSING, '100.0', MISSING, MISSING, '0.0']);
  });

  it('aligns every column', () => {
    const separators = indicesOf(header, '|');
    expect(separators).toHaveLength(COLUMNS.length - 1);
    expect(indicesOf(rule, '+')).toEqual(separators);
    for (const row of rows) {
      expect(indicesOf(row, '|')).toEqual(separators);
      expect(row.length).toBe(header.length);
    }
    // numbers are right-aligned under their header
    expect(rows[0].startsWith(' '.repeat('Parallel'.length - 1) + '1 |')).toBe(true);
  });

  it('ends with a one-line legend naming the definitions', () => {
    const legend = lines.slice(2 + levels.length).filter((l) => l.trim() !== '');
    expect(legend).toHaveLength(1);
    expect(legend[0]).toContain('TTFT = time to first token');
    expect(legend[0]).toContain('t/s = decode speed per request');
    expect(legend[0]).toContain('Duration = E2E');
  });

  it('prints just the header and legend without levels', () => {
    const empty = renderStudyTable([]).split('\n');
    expect(cells(empty[0])).toEqual(COLUMNS);
    expect(empty[2]).toBe('');
  });
});

describe('energy columns', () => {
  it('appear only when a level has GPU energy, with watts and joules per token', () => {
    const without = renderStudyTable([level(1)]);
    expect(without).not.toContain('J/token');
    const energy = { joules: 30, watts: 20.3, joulesPerToken: 0.125, tokensPerJoule: 8, source: 'powermetrics', samples: 3 };
    const table = renderStudyTable([level(1, { energy }), level(2)]);
    const [header, , first, second] = table.split('\n');
    expect(cells(header!).slice(-2)).toEqual(['GPU W', 'J/token']);
    expect(cells(first!).slice(-2)).toEqual(['20.3', '0.125']);
    expect(cells(second!).slice(-2)).toEqual([MISSING, MISSING]);
  });
});
