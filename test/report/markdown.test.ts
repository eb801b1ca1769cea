import { describe, expect, it } from 'vitest';
import { summarizeRun } from '../../main/metrics/level-summary.js';
import { buildRecord } from '../../main/metrics/record.js';
import { DEFINITIONS } from '../../common/definitions.js';
import { MISSING } from '../../common/format.js';
import { renderMarkdown } from '../../main/report/markdown.js';
import { escapeMarkdown } from '../../main/report/markdown-text.js';
import { level, manifest, model, stats } from './sample-run.js';

/** Cells of a GFM table row: split on pipes not escaped by an odd run of backslashes. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (c === '\\' && i + 1 < row.length) {
      cell += c + row[i + 1];
      i++;
    } else if (c === '|') {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out.slice(1, -1); // the leading and trailing pipes frame the row
}

/** The table rows (header, delimiter, body) under a `## heading`. */
function tableUnder(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('|')) rows.push(line);
  }
  return rows;
}

const levels = [
  level(1),
  level(4, {
    requests: 4,
    ok: 2,
    errors: 2,
    errorsByKind: { http: 1, 'idle-timeout': 1 },
    ttftMs: stats(1500, 2500, 2900),
    e2eMs: stats(30_000, 40_000, 41_234, 12_346, 45_678),
    queueMs: stats(700, 700, 700),
  }),
];

describe('renderMarkdown', () => {
  const md = renderMarkdown(model({ levels }));

  it('opens with the title, status, target, model, host and config', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Tokenbench run 2025-01-20T10-00-00Z-ollama');
    expect(lines).toContain('- **Status:** completed');
    expect(lines).toContain('- **Target:** http://127.0.0.1:11434 (ollama API, server 0.5.7)');
    expect(md).toContain('- **Model:** deepseek-r1:7b (family qwen2, parameter\\_size 7.6B, quantization\\_level Q4\\_K\\_M)');
    expect(md).toContain('Apple M2 Pro × 12 cores, 16.0 GiB RAM, GPU Apple M2 Pro (19 cores)');
    expect(md).toContain('- **Load:** burst mode; concurrency 1, 2; cooldown 10 s; warm-up yes');
    expect(md).toContain('max tokens 256');
  });

  it('shows the study\'s table, the one the CLI prints', () => {
    const [header, delimiter, ...rows] = tableUnder(md, 'Summary per level');
    expect(cells(header)).toEqual([
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
    ]);
    expect(cells(delimiter)).toHaveLength(10);
    expect(cells(rows[0])).toEqual(['1', '53.1', '50.1', '0.83', '0.93', '0.93', '0.0', '20.00', '21.50', '100.0']);
    expect(cells(rows[1])).toEqual(['4', '53.1', '50.1', '1.50', '2.50', '2.90', '50.0', '30.00', '41.23', '100.0']);
  });

  it('shows the speed per level with both slow tails and the server\'s own rate', () => {
    const [header, , one] = tableUnder(md, 'Speed per level');
    expect(cells(header)).toEqual(['Parallel', 'Mean t/s', 'p5 t/s', 'p1 t/s', 'Min t/s', "Server's own t/s (mean)"]);
    expect(cells(one)).toEqual(['1', '53.1', '50.1', '49.9', '53.1', MISSING]);
  });

  it('shows throughput with the wait and queue estimate', () => {
    const [header, , one, four] = tableUnder(md, 'Throughput and wait per level');
    expect(cells(header)).toContain('Throughput t/s');
    expect(cells(one)).toEqual(['1', '1 / 1', '1000', '10.00', '100.0', '0.83', '0.93', MISSING]);
    expect(cells(four)).toEqual(['4', '2 / 4', '1000', '10.00', '100.0', '1.50', '2.90', '0.70']);
  });

  it('shows E2E min/mean/p99/max', () => {
    const [header, , , four] = tableUnder(md, 'Request duration (E2E) per level');
    expect(cells(header)).toEqual(['Parallel', 'Min (s)', 'Mean (s)', 'p99 (s)', 'Max (s)']);
    expect(cells(four)).toEqual(['4', '12.35', '30.00', '41.23', '45.68']);
  });

  it('shows a column per error kind that occurred', () => {
    const [header, , one, four] = tableUnder(md, 'Errors by kind');
    expect(cells(header)).toEqual(['Parallel', 'Requests', 'Errors', 'Errors %', 'http', 'idle-timeout']);
    expect(cells(one)).toEqual(['1', '1', '0', '0.0', '0', '0']);
    expect(cells(four)).toEqual(['4', '4', '2', '50.0', '1', '1']);
  });

  it('says so when no request failed', () => {
    const clean = renderMarkdown(model({ levels: [level(1)] }));
    expect(tableUnder(clean, 'Errors by kind')).toEqual([]);
    expect(clean).toContain('No request ended in error.');
  });

  it('gives every table row as many cells as its header', () => {
    for (const heading of ['Summary per level', 'Speed per level', 'Throughput and wait per level', 'Request duration (E2E) per level', 'Errors by kind']) {
      const rows = tableUnder(md, heading);
      expect(rows.length, heading).toBe(2 + levels.length);
      for (const row of rows) expect(cells(row).length, row).toBe(cells(rows[0]).length);
    }
  });

  it('leaves out the energy table without power data', () => {
    expect(md).not.toContain('## Energy per level');
  });

  it('shows energy per level when telemetry measured it, — where it did not', () => {
    const energy = {
      joules: 1234.56,
      watts: 20.3,
      joulesPerToken: 1.23456,
      tokensPerJoule: 0.81,
      source: 'macmon|x',
      samples: 61,
      combinedJoulesPerToken: 2.5,
    };
    const withEnergy = renderMarkdown(model({ levels: [level(1, { energy }), level(2)] }));
    const [header, , one, two] = tableUnder(withEnergy, 'Energy per level');
    expect(cells(header)).toEqual([
      'Parallel',
      'GPU energy (J)',
      'Avg GPU power (W)',
      'J/token',
      'Tokens/J',
      'CPU+GPU+ANE J/token',
      'Samples',
      'Source',
    ]);
    expect(cells(one)).toEqual(['1', '1234.6', '20.3', '1.235', '0.81', '2.500', '61', 'macmon\\|x']);
    expect(cells(two)).toEqual(['2', MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING]);
  });

  it('ends with the definitions', () => {
    const defs = md.slice(md.indexOf('## Definitions'));
    for (const d of DEFINITIONS) expect(defs).toContain(`- **${d.term}** — ${d.text}`);
  });

  it('handles a run with no finished level', () => {
    const empty = renderMarkdown(model({ manifest: manifest({ status: 'failed', reason: 'server went away', endedAt: null }), levels: [] }));
    expect(empty).toContain('- **Status:** failed — server went away');
    expect(empty).toContain(`**Ended:** ${MISSING}`);
    expect(empty).toContain('No level finished');
    expect(empty).toContain('## Definitions');
  });
});

describe('renderMarkdown verdict', () => {
  const verdictRows = (md: string): string[][] => tableUnder(md, 'Verdict').slice(2, 7).map(cells);

  it('answers the thresholds the model was built with, like the HTML verdict panel', () => {
    // Level 1 meets TTFT p95 0.93 s ≤ 1 s and p5 50.1 t/s ≥ 50; level 4 has errors, so neither counts there.
    const md = renderMarkdown(model({ levels }, { maxWaitMs: 1_000, minTokensPerSecond: 50 }));
    expect(md).toContain('Thresholds: wait (TTFT p95) ≤ 1.0 s, speed (tokens/s p5, the slow tail) ≥ 50.0 tokens/s.');
    expect(verdictRows(md).map((r) => r.slice(0, 2))).toEqual([
      ['Wait ≤ 1.0 s', 'up to 1 parallel'],
      ['Speed ≥ 50.0 tokens/s', 'up to 1 parallel'],
      ['Both', 'up to 1 parallel'],
      ['Energy per token', MISSING],
      ['Effective parallelism', MISSING],
    ]);
    const strict = renderMarkdown(model({ levels }, { maxWaitMs: 500, minTokensPerSecond: 50 }));
    expect(verdictRows(strict).map((r) => r.slice(0, 2)).slice(0, 3)).toEqual([
      ['Wait ≤ 0.5 s', 'no level'],
      ['Speed ≥ 50.0 tokens/s', 'up to 1 parallel'],
      ['Both', 'no level'],
    ]);
  });

  it('lists each level against the thresholds, errors disqualifying', () => {
    const [header, , one, four] = tableUnder(renderMarkdown(model({ levels }, { maxWaitMs: 3_000, minTokensPerSecond: 20 })), 'Verdict').slice(7);
    expect(cells(header)).toEqual(['Parallel', 'TTFT p95 (s)', 'Wait ok', 't/s p5', 'Speed ok', 'Errors', 'J/token']);
    expect(cells(one)).toEqual(['1', '0.93', 'yes', '50.1', 'yes', '0', MISSING]);
    expect(cells(four)).toEqual(['4', '2.50', 'no: errors', '50.1', 'no: errors', '2', MISSING]);
  });
});

describe('renderMarkdown with hostile text', () => {
  const prompt = 'Compare a | b\nthen <script>alert(1)</script> and \\| this';
  const md = renderMarkdown(
    model({
      manifest: manifest({
        warnings: ['Token counts are words | not tokens\nsecond line'],
        config: { ...manifest().config, prompt },
        target: { ...manifest().target, model: 'evil|model', modelDetails: null },
      }),
      levels,
      warnings: ['Found 3 rows | with TTFB 0', 'Token counts are words | not tokens\nsecond line'],
    }),
  );

  it('escapes pipes, newlines and HTML in the header lines', () => {
    expect(md).toContain('- **Model:** evil\\|model\n');
    expect(md).toContain('prompt “Compare a \\| b then &lt;script>alert(1)&lt;/script> and \\\\\\| this”');
    expect(md).not.toContain('<script>');
  });

  it('shows each warning once, in a blockquote list, on one line each', () => {
    const quoted = md.split('\n').filter((l) => l.startsWith('>'));
    expect(quoted).toEqual([
      '> **Warnings**',
      '>',
      '> - Token counts are words \\| not tokens second line',
      '> - Found 3 rows \\| with TTFB 0',
    ]);
  });

  it('escapeMarkdown keeps one cell one cell', () => {
    const row = `| ${escapeMarkdown('a|b\\|c\r\nd')} | x |`;
    expect(cells(row)).toEqual(['a\\|b\\\\\\|c d', 'x']);
  });
});

describe('renderMarkdown from real records', () => {
  it('reports what summarizeRun computed, errors excluded from the wait', () => {
    const t0 = 1_700_000_000_000;
    const okRecord = buildRecord({
      level: 2,
      index: 0,
      startedAt: t0,
      firstByteMs: 400,
      pieces: ['a', 'b', 'c'],
      pieceOffsetsMs: [500, 600, 700],
      pieceKinds: 'aaa',
      end: { kind: 'done', atMs: 750, counters: { outputTokens: 3 } },
    });
    const failed = buildRecord({
      level: 2,
      index: 1,
      startedAt: t0,
      firstByteMs: null,
      pieces: [],
      pieceOffsetsMs: [],
      pieceKinds: '',
      end: { kind: 'error', atMs: 20, error: { kind: 'http', message: 'HTTP 503', httpStatus: 503 } },
    });
    const summary = summarizeRun([okRecord, failed], [{ concurrency: 2, mode: 'burst', startedAt: t0, endedAt: t0 + 1000 }]);
    const md = renderMarkdown(model({ levels: summary.levels, requests: [okRecord, failed] }));
    const [, , row] = tableUnder(md, 'Summary per level');
    // TTFT 0.50 s (the failed request is not a 0 s wait); (3 − 1) / 0.2 s = 10 t/s; 1 of 2 failed; E2E 0.75 s; 3 tokens / 1 s
    expect(cells(row)).toEqual(['2', '10.0', '10.0', '0.50', '0.50', '0.50', '50.0', '0.75', '0.75', '3.0']);
    const [, , speed] = tableUnder(md, 'Speed per level');
    expect(cells(speed).slice(0, 4)).toEqual(['2', '10.0', '10.0', '10.0']);
    const [, , throughput] = tableUnder(md, 'Throughput and wait per level');
    expect(cells(throughput)).toEqual(['2', '1 / 2', '3', '1.00', '3.0', '0.50', '0.50', MISSING]);
  });
});
