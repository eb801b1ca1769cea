import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportPage } from '../../main/report/html/blocks.js';
import { runReportPage } from '../../main/report/html/report-page.js';
import { jsonForScript } from '../../main/report/html/document.js';
import { openRunFolder, type OpenedRun } from '../../main/store/run-reader.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, type LaunchedBrowser } from '../support/browser.js';
import { openReport, type PageCheck } from './support/open-in-chromium.js';
import { cli, HOSTILE_TOKENS, makeRealisticRun } from './support/realistic-run.js';
import { MISSING } from '../../common/format.js';
import { manifest, model } from './sample-run.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = resolve(REPO, 'test', 'artifacts');

let work: string;
let runDir: string;
let run: OpenedRun;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tokenbench-html-'));
  // 2 slots, levels 1,2,4,8: requests past 2 queue. Index 0 is the warm-up; 5 and 12 fail. Tokens every
  // 20 ms: a queued request waits ~0.5 s for a slot, far beyond what a busy machine adds to a TTFT, so the
  // parallelism read from the TTFTs does not depend on the machine's load.
  runDir = await makeRealisticRun({
    outDir: join(work, 'runs'),
    slots: 2,
    tokenIntervalMs: 20,
    wattsPerRequest: 15,
    faults: { 5: { type: 'http', status: 503, body: '{"error":"server busy <script>window.__pwned=1</script>"}' }, 12: { type: 'truncate', afterTokens: 3 } },
  });
  run = await openRunFolder(runDir);
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function pageOf(html: string): ReportPage {
  const match = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no data element');
  return JSON.parse(match[1]) as ReportPage;
}

describe('tokenbench report --format html (the file)', () => {
  it('is one file with a strict CSP, inert JSON data and inlined chart.js, written by the CLI', async () => {
    const file = join(work, 'report.html');
    const result = await cli(['report', runDir, '--format', 'html', '--out', file]);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[^']+' 'sha256-[^']+' 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:;/);
    // Three scripts: the data, chart.js, the page's own; nothing loaded from anywhere.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script[^>]*\bsrc=|<link\b|<img\b|<iframe\b/i);
    expect(html).toContain('Chart.js v4');
    // The hostile tokens are in the run, but never as markup in the file.
    expect(run.requests.some((r) => r.text.includes(HOSTILE_TOKENS[0]))).toBe(true);
    for (const token of HOSTILE_TOKENS) expect(html).not.toContain(token);
    // The data element round-trips to the same text.
    const page = pageOf(html);
    const answer = page.sections.flatMap((s) => s.blocks).find((b) => b.type === 'answer');
    expect(answer?.type === 'answer' && answer.answer).toContain(HOSTILE_TOKENS[1]);
    expect(answer?.type === 'answer' && answer.thinking.length).toBeGreaterThan(0);
  });

  it('JSON for a script element escapes every "<" and still parses to the same value', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- x', c: 'line\u2028sep' };
    const text = jsonForScript(value);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('shows every chart of docs/reports.md, each with its data table, and the verdict from the data', async () => {
    const page = pageOf((await cli(['report', runDir, '--format', 'html'])).stdout);
    const charts = page.sections.flatMap((s) => s.blocks).filter((b) => b.type === 'chart');
    expect(charts.map((c) => c.type === 'chart' && c.id)).toEqual([
      'ttft', 'speed', 'throughput', 'duration', 'combined', 'errors', 'tokens', 'pareto', 'itl', 'reasoning',
      'server-view',
      'timeline-throughput', 'timeline-in-flight', 'timeline-ttft',
      'gpu-power', 'gpu-frequency', 'gpu-usage',
      'process-cpu', 'process-ram', 'process-threads', 'process-fds',
    ]);
    for (const c of charts) {
      if (c.type !== 'chart') continue;
      expect(c.chart, c.id).not.toBeNull();
      expect(c.table.rows.length, c.id).toBeGreaterThan(0);
    }
    const text = JSON.stringify(page);
    // 2 slots: the server decodes 2 at a time, read from the TTFTs.
    expect(text).toContain('requests beyond 2 waited in a queue: the server decodes 2 at a time');
    expect(text).toContain('Wait ≤ 10.0 s');
    expect(text).toContain('Speed ≥ 20.0 tokens/s');
    // Energy per token is there (from the telemetry written into the folder).
    expect(text).toMatch(/\d+\.\d{3} J\/token/);
    // Errors by kind: the 503 and the truncated stream.
    const errors = charts.find((c) => c.type === 'chart' && c.id === 'errors');
    expect(errors?.type === 'chart' && errors.table.headers).toEqual(expect.arrayContaining(['http %', 'truncated %']));
  });

  it('--max-wait and --min-speed set the verdict thresholds; bad values exit 2 with one line', async () => {
    const page = pageOf((await cli(['report', runDir, '--format', 'html', '--max-wait', '0.001', '--min-speed', '1000000'])).stdout);
    const cards = page.sections.flatMap((s) => s.blocks).find((b) => b.type === 'cards');
    expect(cards?.type === 'cards' && cards.cards.slice(0, 3).map((c) => [c.label, c.value])).toEqual([
      ['Wait ≤ 0.0 s', 'no level'],
      ['Speed ≥ 1000000.0 tokens/s', 'no level'],
      ['Both', 'no level'],
    ]);
    for (const args of [['--min-speed', 'fast'], ['--max-wait', '-3'], ['--min-speed', '0']]) {
      const bad = await cli(['report', runDir, '--format', 'html', ...args]);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toContain(args[0]);
    }
  });

  it('--format md shows the verdict with the thresholds given, as the HTML does', async () => {
    const md = (await cli(['report', runDir, '--format', 'md', '--max-wait', '0.001', '--min-speed', '1000000'])).stdout;
    expect(md).toContain('## Verdict');
    expect(md).toContain('| Wait ≤ 0.0 s | no level |');
    expect(md).toContain('| Speed ≥ 1000000.0 tokens/s | no level |');
    expect(md).toMatch(/^\*\*Effective parallelism: .+\.\*\*$/m);
    const loose = (await cli(['report', runDir, '--format', 'md', '--max-wait', '60', '--min-speed', '1'])).stdout;
    // Levels 1 and 2 meet both; level 4 holds the 503, so the answer stops at 2.
    expect(loose).toContain('| Wait ≤ 60.0 s | up to 2 parallel |');
  });

  it('--format json carries the verdict judged with the thresholds; --format csv refuses them in one line', async () => {
    const json = JSON.parse((await cli(['report', runDir, '--format', 'json', '--max-wait', '60', '--min-speed', '1'])).stdout) as {
      verdict: { thresholds: unknown; maxConcurrencyForWait: number | null };
    };
    expect(json.verdict.thresholds).toEqual({ maxWaitMs: 60_000, minTokensPerSecond: 1 });
    expect(json.verdict.maxConcurrencyForWait).toBe(2);
    const csv = await cli(['report', runDir, '--format', 'csv', '--max-wait', '60']);
    expect(csv.code).toBe(2);
    expect(csv.stdout).toBe('');
    expect(csv.stderr.trim().split('\n')).toHaveLength(1);
    expect(csv.stderr).toContain('--format csv');
  });
});

describe('a run with nothing to chart', () => {
  it('still makes a page: every chart says why it is empty, the verdict says no level', () => {
    const empty = model({
      manifest: manifest({ status: 'failed', reason: 'warm-up failed', telemetry: { gpu: { available: false, reason: 'no GPU sampler found' } } }),
      levels: [],
      warnings: ['requests.jsonl is missing'],
    });
    const page = runReportPage(empty);
    const blocks = page.sections.flatMap((s) => s.blocks);
    const charts = blocks.filter((b) => b.type === 'chart');
    expect(charts.filter((c) => c.type === 'chart' && c.id.startsWith('gpu-')).map((c) => c.type === 'chart' && c.unavailable)).toEqual(
      Array(3).fill('No data: no GPU sampler found.'),
    );
    expect(charts.find((c) => c.type === 'chart' && c.id === 'process-cpu')).toMatchObject({ chart: null, unavailable: 'No data: no samples in the run folder.' });
    expect(blocks).toContainEqual({ type: 'paragraph', tone: 'warning', text: 'requests.jsonl is missing' });
    expect(blocks).toContainEqual({ type: 'paragraph', tone: 'note', text: 'No ok request: there is no answer to show.' });
    const cards = blocks.find((b) => b.type === 'cards');
    expect(cards?.type === 'cards' && cards.cards.map((c) => c.value)).toEqual(['no level', 'no level', 'no level', MISSING, MISSING]);
  });
});

describe.skipIf(!hasChromium)('the HTML report in real Chromium', () => {
  let browser: LaunchedBrowser;
  let check: PageCheck;
  beforeAll(async () => {
    if (!hasChromium) console.warn(`skipped: ${NO_CHROMIUM_REASON}`);
    const file = join(work, 'open.html');
    expect((await cli(['report', runDir, '--format', 'html', '--out', file])).code).toBe(0);
    browser = await launchChromium();
    check = await openReport(browser.browser, file);
    mkdirSync(ARTIFACTS, { recursive: true });
    copyFileSync(file, join(ARTIFACTS, 'report.html'));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart, with data, without console errors or any network request', () => {
    expect(check.consoleErrors).toEqual([]);
    expect(check.network).toEqual([]);
    expect(check.chartsDrawn).toBe(21);
    expect(check.canvases).toHaveLength(21);
    for (const c of check.canvases) {
      expect(c.width, c.id).toBeGreaterThan(100);
      expect(c.painted, c.id).toBeGreaterThan(200);
    }
  });

  it('keeps model output inert: shown as text, nothing executed, no element made from it', async () => {
    expect(check.pwned).toBeUndefined();
    const dom = (await check.page.evaluate(`({
      scripts: document.querySelectorAll('script').length,
      images: document.images.length,
      answer: document.querySelector('.answer pre')?.textContent ?? '',
      thinking: document.querySelector('.thinking pre')?.textContent ?? '',
    })`)) as { scripts: number; images: number; answer: string; thinking: string };
    expect(dom).toMatchObject({ scripts: 3, images: 0 });
    expect(dom.answer).toContain(HOSTILE_TOKENS[0]);
    expect(dom.answer).toContain(HOSTILE_TOKENS[1]);
    // Thinking apart from the answer, each exactly as recorded (first ok request of level 1).
    const record = run.requests.find((r) => r.level === 1 && r.status === 'ok')!;
    expect(dom.answer).toBe(record.text);
    expect(dom.thinking).toBe(record.pieces.filter((_, i) => record.pieceKinds[i] === 't').join(''));
    expect(dom.thinking.length).toBeGreaterThan(0);
  });

  it('saves a screenshot and a PDF for a person to look at; printing opens the data tables', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await check.page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    const openCount = () => check.page.evaluate(`document.querySelectorAll('details[open]').length`);
    expect(await openCount()).toBe(0);
    await check.page.evaluate(`window.dispatchEvent(new Event('beforeprint'))`);
    expect(await openCount()).toBe(21);
    await check.page.evaluate(`window.dispatchEvent(new Event('afterprint'))`);
    expect(await openCount()).toBe(0);
    await check.page.emulateMedia({ media: 'print' });
    const pdf = await check.page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(ARTIFACTS, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(check.consoleErrors).toEqual([]);
    expect(check.network).toEqual([]);
    expect(existsSync(join(ARTIFACTS, 'report.png'))).toBe(true);
  });
});
