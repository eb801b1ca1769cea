import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELTA_METRICS, deltaRows, levelDeltas } from '../../main/report/compare/deltas.js';
import type { ReportPage } from '../../main/report/html/blocks.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, type LaunchedBrowser } from '../support/browser.js';
import { openReport, type PageCheck } from './support/open-in-chromium.js';
import { cli, HOSTILE_TOKENS, makeRealisticRun } from './support/realistic-run.js';
import { level, stats, tail } from './sample-run.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = resolve(REPO, 'test', 'artifacts');

describe('levelDeltas (pure)', () => {
  const a = [level(1, { ttftMs: stats(1000, 1200, 1300), tokensPerSecond: tail(50, 45, 40) }), level(2, { ttftMs: stats(2000, 2400, 2500) })];
  const b = [level(1, { ttftMs: stats(500, 600, 700), tokensPerSecond: tail(40, 35, 30) }), level(4)];
  const deltas = levelDeltas(a, b);
  const get = (concurrency: number, key: string) => deltas.find((d) => d.concurrency === concurrency)!.metrics.find((m) => m.metric.key === key)!;

  it('one entry per level of either run, ascending, saying which run has it', () => {
    expect(deltas.map((d) => [d.concurrency, d.inA, d.inB])).toEqual([
      [1, true, true],
      [2, true, false],
      [4, false, true],
    ]);
  });

  it('B − A, relative to A, and the better run by the metric\'s direction', () => {
    expect(get(1, 'ttftMean')).toMatchObject({ a: 1000, b: 500, delta: -500, relative: -0.5, winner: 'B' });
    expect(get(1, 'speedMean')).toMatchObject({ a: 50, b: 40, delta: -10, relative: -0.2, winner: 'A' });
    expect(get(1, 'throughput')).toMatchObject({ delta: 0, winner: 'same' });
  });

  it('a side that is missing gives no delta rather than a made-up one', () => {
    expect(get(2, 'ttftMean')).toMatchObject({ a: 2000, b: null, delta: null, relative: null, winner: null });
    expect(get(1, 'joulesPerToken')).toMatchObject({ a: null, b: null, delta: null });
  });

  it('rows show seconds for ms metrics, a sign on deltas, and leave out metrics neither run has', () => {
    const rows = deltaRows(levelDeltas([a[0]], [b[0]]), '–');
    expect(rows.find((r) => r[1] === 'TTFT mean (s)')).toEqual(['1', 'TTFT mean (s)', '1.00', '0.50', '-0.50', '-50.0 %', 'B']);
    expect(rows.find((r) => r[1] === 'Tokens/s mean')).toEqual(['1', 'Tokens/s mean', '50.0', '40.0', '-10.0', '-20.0 %', 'A']);
    expect(rows.some((r) => r[1] === 'GPU J/token')).toBe(false);
    expect(rows).toHaveLength(DELTA_METRICS.length - 1);
  });
});

describe('tokenbench compare on two real runs', () => {
  let work: string;
  let runA: string;
  let runB: string;
  let browser: LaunchedBrowser | null = null;
  let check: PageCheck | null = null;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tokenbench-compare-'));
    // A: 2 slots; B: 4 slots (the same machine after raising OLLAMA_NUM_PARALLEL), one 503 at level 8.
    runA = await makeRealisticRun({ outDir: join(work, 'runs'), slots: 2, tokenIntervalMs: 20, wattsPerRequest: 15 });
    runB = await makeRealisticRun({ outDir: join(work, 'runs'), slots: 4, tokenIntervalMs: 20, wattsPerRequest: 12, faults: { 10: { type: 'http', status: 503 } } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('--format md: both runs, both verdicts, the deltas per level', async () => {
    const result = await cli(['compare', runA, runB, '--format', 'md']);
    expect(result.code, result.stderr).toBe(0);
    const md = result.stdout;
    expect(md).toMatch(/^# Tokenbench comparison: .* \(A\) vs .* \(B\)/);
    expect(md).toContain('| Effective parallelism | requests beyond 2 waited in a queue: the server decodes 2 at a time');
    expect(md).toContain('requests beyond 4 waited in a queue: the server decodes 4 at a time');
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && /\| TTFT mean \(s\) \|/.test(l));
    expect(rows.map((r) => r.split('|')[1].trim())).toEqual(['1', '2', '4', '8']);
    // B's 4 slots make the 4-parallel level wait less than A's 2 slots.
    expect(rows[2]).toMatch(/\| B \|$/);
    for (const token of HOSTILE_TOKENS) expect(md).not.toContain(token);
  });

  it('--help fits 80 columns; tokenbench --help lists compare', async () => {
    const help = await cli(['compare', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tokenbench compare RUN_A RUN_B/);
    for (const line of help.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect((await cli(['--help'])).stdout).toMatch(/^  compare /m);
  });

  it('refuses anything but two run folders, with one line and exit 2', async () => {
    for (const argv of [['compare', runA], ['compare', runA, join(work, 'nope')], ['compare', runA, runB, '--format', 'pdf']]) {
      const bad = await cli(argv);
      expect(bad.code, argv.join(' ')).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('--format html: the same charts with both runs overlaid, and the deltas', async () => {
    const file = join(work, 'compare.html');
    const result = await cli(['compare', runA, runB, '--out', file]);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    const page = JSON.parse(/<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html)![1]) as ReportPage;
    const blocks = page.sections.flatMap((s) => s.blocks);
    const ttft = blocks.find((b) => b.type === 'chart' && b.id === 'ttft');
    expect(ttft?.type === 'chart' && ttft.chart?.series.map((s) => [s.label, s.dashed])).toEqual([
      ['A: TTFT mean', false],
      ['A: TTFT p95', false],
      ['A: TTFT p99', false],
      ['B: TTFT mean', true],
      ['B: TTFT p95', true],
      ['B: TTFT p99', true],
    ]);
    expect(blocks.filter((b) => b.type === 'chart')).toHaveLength(17);
    const deltas = blocks.find((b) => b.type === 'table' && b.table.headers.includes('Δ (B − A)'));
    expect(deltas?.type === 'table' && deltas.table.rows.length).toBeGreaterThan(4 * 6);
    for (const token of HOSTILE_TOKENS) expect(html).not.toContain(token);
  });

  describe.skipIf(!hasChromium)('in real Chromium', () => {
    beforeAll(async () => {
      if (!hasChromium) console.warn(`skipped: ${NO_CHROMIUM_REASON}`);
      const file = join(work, 'open-compare.html');
      expect((await cli(['compare', runA, runB, '--out', file])).code).toBe(0);
      browser = await launchChromium();
      check = await openReport(browser.browser, file);
    }, 60_000);

    it('draws every overlaid chart with data, no console error, no network request, nothing executed', async () => {
      const c = check!;
      expect(c.consoleErrors).toEqual([]);
      expect(c.network).toEqual([]);
      expect(c.pwned).toBeUndefined();
      expect(c.chartsDrawn).toBe(17);
      for (const canvas of c.canvases) expect(canvas.painted, canvas.id).toBeGreaterThan(200);
      mkdirSync(ARTIFACTS, { recursive: true });
      await c.page.screenshot({ path: join(ARTIFACTS, 'compare.png'), fullPage: true });
    });
  });
});
