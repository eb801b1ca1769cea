// The React renderer in real Chromium over a FakeBridge typed against preload/contract.ts: popover,
// live run, dashboard, history, setup. One browser for the whole file, one page reused across tests.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../common/settings.js';
import type { RunEvent } from '../../common/api.js';
import type { BridgeCall, HarnessData, HarnessGlobal } from '../../renderer/testing/harness-api.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, type LaunchedBrowser } from '../support/browser.js';
import { bundlePage, repoRoot, type BundledPage } from './bundle.js';
import { HOSTILE_TEXT, harnessData, LIVE_RUN, MAIN_RUN, OTHER_RUN, REPEATED_RUN, simulatedRecords } from './sample-data.js';

if (!hasChromium) console.warn(`renderer views: skipped — ${NO_CHROMIUM_REASON}`);

const artifacts = join(repoRoot, 'test', 'artifacts');
const WAIT = { timeout: 10_000 };

describe.skipIf(!hasChromium)('renderer views (fake bridge, Chromium)', () => {
  let browser: LaunchedBrowser;
  let bundle: BundledPage;
  let page: Page;
  let data: HarnessData;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    [bundle, browser] = await Promise.all([bundlePage('renderer/testing/harness.tsx'), launchChromium()]);
    page = await browser.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    data = harnessData();
    await page.addInitScript((d) => {
      (globalThis as HarnessGlobal).__harnessData = d;
    }, data);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    bundle?.remove();
    expect(pageErrors).toEqual([]);
  });

  /** A fresh app (fresh fake bridge) on the given route. */
  async function open(hash: string): Promise<void> {
    await page.goto(`${bundle.url}${hash}`);
    await page.waitForFunction(() => (globalThis as HarnessGlobal).__harnessReady === true, null, WAIT);
  }
  const calls = () => page.evaluate(() => (globalThis as HarnessGlobal).__fake!.calls) as Promise<BridgeCall[]>;
  const verbs = async () => (await calls()).map((c) => c.verb);
  const emit = (events: RunEvent[]) =>
    page.evaluate((list) => {
      for (const e of list) (globalThis as HarnessGlobal).__fake!.emit(e);
    }, events);

  it('popover: the last run\'s verdict, then the servers and the next run; Run benchmark starts a run in one click and follows it', async () => {
    await open('#/popover');
    // The newest run measured here (not the import) is the one the done state shows.
    const done = page.locator('.done-card');
    await expect.poll(() => done.getAttribute('data-done-run'), WAIT).toBe(MAIN_RUN);
    const detail = data.details[MAIN_RUN];
    const both = detail.verdict.maxConcurrencyForBoth;
    expect(await done.locator('[data-done="headline"]').textContent()).toBe(
      both === null ? 'No tested level is within your limits' : `Serves up to ${both} parallel within your limits`,
    );
    expect(await done.locator('.done-facts dt').allTextContents()).toEqual(['TTFT p95', 'Tokens/s p5 (slow tail)', 'Errors']);
    await done.getByRole('button', { name: 'Open dashboard' }).click();
    await done.getByRole('button', { name: 'Playback' }).click();
    await page.getByRole('button', { name: 'History & reports' }).click();
    expect((await calls()).filter((c) => c.verb === 'openWindow').map((c) => c.args)).toEqual([
      [{ page: 'run', runId: MAIN_RUN }],
      [{ page: 'playback', runId: MAIN_RUN }],
      [{ page: 'history' }],
    ]);

    await page.getByRole('button', { name: 'Servers and next run' }).click();
    const status = page.getByLabel('Server status');
    await expect.poll(() => status.textContent(), WAIT).toContain('Reachable');
    expect(await status.textContent()).toContain('ollama 0.12.3');
    // The target is among the servers found: its models are listed there, once.
    expect(await page.locator('[data-found="loaded"]').textContent()).toBe('deepseek-r1:7b');
    expect(await page.locator('[data-found="models"]').textContent()).toBe('deepseek-r1:7b, llama3.2:3b');
    expect(await page.locator('[data-status="models"]').count()).toBe(0);
    expect(await page.getByRole('alert').textContent()).toBe(data.status.warning);
    await page.screenshot({ path: join(artifacts, 'popover.png'), fullPage: true });

    expect(await verbs()).not.toContain('startRun');
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    const running = page.locator('.running-card');
    await expect.poll(() => running.getAttribute('data-run'), WAIT).toBe(LIVE_RUN);
    const started = (await calls()).filter((c) => c.verb === 'startRun');
    expect(started).toEqual([{ verb: 'startRun', args: [] }]); // the saved settings, no overrides
    await emit([
      { type: 'phase', runId: LIVE_RUN, phase: 'level', levelIndex: 1, concurrency: 2 },
      { type: 'progress', runId: LIVE_RUN, levelIndex: 1, levelCount: 4, done: 1, total: 2, liveTokensPerSecond: 41.26, etaMs: 65_000, errors: 1 },
    ]);
    await expect.poll(() => running.locator('h2').textContent(), WAIT).toBe('Level 2 of 4');
    expect(await running.locator('.phase-line').textContent()).toBe('2 parallel');
    expect(await running.locator('dd').allTextContents()).toEqual(['1 / 2', '41.3', '1', '1 min 05 s']);
    await running.getByRole('button', { name: 'Open live view' }).click();
    expect((await calls()).filter((c) => c.verb === 'openWindow').at(-1)!.args).toEqual([{ page: 'live', runId: LIVE_RUN }]);
    // The popover stays the popover: no full page in it.
    expect(page.url()).toMatch(/#\/popover$/);
  });

  it('live view appends request rows from events in batches, shows progress and telemetry, and cancels', async () => {
    await open(`#/live/${LIVE_RUN}`);
    await page.waitForFunction(() => (globalThis as HarnessGlobal).__fake!.listenerCount() > 0, null, WAIT);
    const level4 = simulatedRecords(4, Date.now());
    const level8 = simulatedRecords(8, Date.now()).map((r) => ({ ...r, pieces: [], pieceOffsetsMs: [], pieceKinds: '' }));
    await emit([
      { type: 'phase', runId: LIVE_RUN, phase: 'level', levelIndex: 2, concurrency: 8 },
      { type: 'requests', runId: LIVE_RUN, records: level4 },
      // another run's events must not leak into this view
      { type: 'requests', runId: 'someone-else', records: level8 },
      { type: 'progress', runId: LIVE_RUN, levelIndex: 2, levelCount: 4, done: 3, total: 8, liveTokensPerSecond: 123.4, etaMs: 65_000, errors: 1 },
      {
        type: 'telemetry',
        runId: LIVE_RUN,
        gpu: { t: Date.now(), source: 'macmon', gpuUsagePct: 87, gpuPowerW: 14.2, gpuFreqMHz: 1398 },
        process: [{ t: Date.now(), pid: 4242, name: 'ollama', cpuPct: 250, rssBytes: 512 * 1024 ** 2, threads: 21, fds: 40 }],
      },
    ]);
    const count = page.locator('.count');
    await expect.poll(() => count.textContent(), WAIT).toBe('4');
    expect(await page.locator('.phase').textContent()).toBe('Level 3: 8 parallel');
    expect(await page.locator('[data-progress="done"]').textContent()).toBe('3 / 8');
    const progress = await page.getByLabel('Progress').textContent();
    expect(progress).toContain('123.4');
    expect(progress).toContain('1 min 05 s');
    expect(await page.locator('[data-gauge="GPU usage"] .gauge-value').textContent()).toBe('87 %');
    expect(await page.getByLabel('Telemetry').textContent()).toContain('ollama 4242');

    // 200 more events, one record each (batching itself is proven in event-batcher.test.ts).
    const burst = simulatedRecords(200, Date.now()).map((r) => ({ ...r, level: 8 }));
    await emit(burst.map((r) => ({ type: 'requests', runId: LIVE_RUN, records: [r] })));
    await expect.poll(() => count.textContent(), WAIT).toBe('204');
    // Newest first; only the visible rows are in the DOM.
    expect(await page.locator('.rt-body [role="row"]').first().getAttribute('data-request')).toBe('8-199');
    expect(await page.locator('.rt-body [role="row"]').first().locator('[role="cell"]').allTextContents()).toEqual([
      '×8 #200', 'ok', '40', burst[199].tokensPerSecond!.toFixed(1), (burst[199].ttftMs! / 1000).toFixed(2),
      (burst[199].queueMs! / 1000).toFixed(2), (burst[199].e2eMs! / 1000).toFixed(2),
    ]);
    expect(await page.locator('.rt-body [role="row"]').count()).toBeLessThan(40);
    await expect.poll(() => page.locator('[data-chart="live-ttft"] canvas').count(), WAIT).toBe(1);
    // A finished level shows main's summary as it came.
    const summary = data.details[MAIN_RUN].levels[1];
    await emit([{ type: 'level', runId: LIVE_RUN, summary }]);
    const levelRow = page.locator('[data-table="levels"] tbody tr');
    await expect.poll(() => levelRow.count(), WAIT).toBe(1);
    const cells = await levelRow.locator('td').allTextContents();
    expect(cells[0]).toBe(String(summary.concurrency));
    expect(cells[1]).toBe(summary.tokensPerSecond!.mean.toFixed(1));
    // The study's table (common/report/study-table.ts): errors as a share of the level's requests.
    expect(cells[6]).toBe(((summary.errors / summary.requests) * 100).toFixed(1));
    await page.screenshot({ path: join(artifacts, 'live-run.png'), fullPage: true });

    // The truncated request's error message is model-controlled text: an attribute value, never markup.
    await emit([{ type: 'requests', runId: LIVE_RUN, records: simulatedRecords(16, Date.now()).filter((r) => r.status === 'error') }]);
    const hostileRow = page.locator('[data-request="16-15"]');
    await hostileRow.waitFor(WAIT);
    expect(await hostileRow.locator('[role="cell"]').nth(1).getAttribute('title')).toBe(HOSTILE_TEXT);
    expect(await hostileRow.locator('[role="cell"]').nth(1).textContent()).toBe('truncated');
    expect(await page.locator('.live-run img, .live-run b').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();

    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(async () => (await calls()).filter((c) => c.verb === 'cancelRun'), WAIT).toEqual([{ verb: 'cancelRun', args: [LIVE_RUN] }]);
    await emit([{ type: 'finished', runId: LIVE_RUN, status: 'cancelled', reason: 'cancelled by the user' }]);
    await expect.poll(() => page.locator('.phase').textContent(), WAIT).toBe('Run cancelled: cancelled by the user');
    // A finished run keeps no Cancel button and promises no reading "yet".
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    expect(await page.getByLabel('Telemetry').textContent()).not.toContain('yet');
  });

  it('live view opened on a run that already ended shows what its folder holds', async () => {
    await open(`#/live/${MAIN_RUN}`);
    await expect.poll(() => page.locator('.phase').textContent(), WAIT).toBe('Run completed');
    expect(await page.locator('.count').textContent()).toBe(String(data.details[MAIN_RUN].requests.length));
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    expect(await page.getByLabel('Telemetry').textContent()).toBe(
      'TelemetryNo live GPU reading: the run has ended (the results show its telemetry over time).No live server process reading: the run has ended (the results show its telemetry over time).',
    );
  });

  it('dashboard draws a repeated level\'s 95 % interval as an error bar, and shows the repeats', async () => {
    // Pixels of the first series' colour (#2563eb) in the throughput card: the same means with and without intervals.
    const blue = async (): Promise<number> =>
      (await page.evaluate(`(() => {
        const canvas = document.querySelector('[data-chart="throughput"] canvas');
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 37) < 30 && Math.abs(data[i + 1] - 99) < 30 && Math.abs(data[i + 2] - 235) < 30 && data[i + 3] > 100) n++;
        return n;
      })()`)) as number;
    const detail = data.details[REPEATED_RUN];
    const throughput = detail.view.levelCharts.find((b) => b.id === 'throughput')!;
    expect(throughput.chart?.series[0].intervals?.every((i) => i !== null && i.high > i.low)).toBe(true);
    await open(`#/runs/${REPEATED_RUN}-plain`);
    await expect.poll(() => page.locator('[data-chart="throughput"] canvas').count(), WAIT).toBe(1);
    await page.waitForTimeout(300);
    const plain = await blue();
    await open(`#/runs/${REPEATED_RUN}`);
    await expect.poll(() => page.locator('[data-chart="throughput"] canvas').count(), WAIT).toBe(1);
    await page.waitForTimeout(300);
    expect(await blue()).toBeGreaterThan(plain + 30);
    expect(await page.locator('[data-table="repeats"] tbody tr').count()).toBe(detail.view.repeats!.table.rows.length);
  });

  it('dashboard draws every chart of the report model with data, toggles data tables, and shows the verdict main computed', async () => {
    await open(`#/runs/${MAIN_RUN}`);
    const detail = data.details[MAIN_RUN];
    await expect.poll(() => page.locator('.chart-card canvas').count(), WAIT).toBe(21);
    // Each canvas has pixels of the first series' colour (#2563eb, the palette's first): data was drawn, not just axes.
    const drawn = await page.evaluate(`[...document.querySelectorAll('.chart-card')].map((card) => {
      const canvas = card.querySelector('canvas');
      if (!canvas) return [card.dataset.chart, -1];
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 37) < 30 && Math.abs(data[i + 1] - 99) < 30 && Math.abs(data[i + 2] - 235) < 30 && data[i + 3] > 100) n++;
      return [card.dataset.chart, n];
    })`);
    const drawnMap = new Map(drawn as Array<[string, number]>);
    // The same charts, in the same order, as the HTML report (test/report/html.test.ts).
    expect([...drawnMap.keys()]).toEqual([
      'ttft', 'speed', 'throughput', 'duration', 'combined', 'errors', 'tokens', 'pareto', 'itl', 'reasoning',
      'server-view',
      'timeline-throughput', 'timeline-in-flight', 'timeline-ttft',
      'gpu-power', 'gpu-frequency', 'gpu-usage',
      'process-cpu', 'process-ram', 'process-threads', 'process-fds',
    ]);
    // The legend's colour box alone is under 200 pixels; a drawn series is several times that.
    for (const [chart, pixels] of drawnMap) expect(pixels, chart).toBeGreaterThan(500);

    // The TTFT data table: one row per level, the mean as LevelSummary says, in seconds.
    const card = page.locator('[data-chart="ttft"]');
    expect(await card.locator('table').count()).toBe(0);
    await card.getByRole('button', { name: 'Show data' }).click();
    const rows = card.locator('tbody tr');
    expect(await rows.count()).toBe(detail.levels.length);
    const first = await rows.nth(0).locator('td').allTextContents();
    expect(first[0]).toBe('1');
    expect(Number(first[1])).toBeCloseTo(detail.levels[0].ttftMs!.mean / 1000, 2);
    await card.getByRole('button', { name: 'Hide data' }).click();
    expect(await card.locator('table').count()).toBe(0);

    const errorsCard = page.locator('[data-chart="errors"]');
    await errorsCard.getByRole('button', { name: 'Show data' }).click();
    // Error rate by kind (docs/reports.md): 1 truncated request of 16 at the last level.
    expect(await errorsCard.locator('thead th').allTextContents()).toEqual(['Parallel', 'Requests', 'Errors', 'Errors %', 'truncated %']);
    expect(await errorsCard.locator('tbody tr').last().locator('td').allTextContents()).toEqual(['16', '16', '1', '6.3', '6.3']);

    const levelRows = page.locator('[data-table="levels"] tbody tr');
    expect(await levelRows.count()).toBe(detail.levels.length);
    expect((await levelRows.last().locator('td').allTextContents())[6]).toBe('6.3');

    const verdict = detail.verdict;
    expect(await page.locator('[data-verdict="both"]').textContent()).toBe(
      verdict.maxConcurrencyForBoth === null ? 'no level' : `up to ${verdict.maxConcurrencyForBoth} parallel`,
    );
    expect(await page.locator('[data-parallelism]').getAttribute('data-parallelism')).toBe(String(detail.parallelism.slots ?? ''));
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });
  });

  it('history deletes only after confirmation, compares two runs and saves a report', async () => {
    await open('#/history');
    const row = page.locator(`[data-run="${OTHER_RUN}"]`);
    await row.waitFor(WAIT);
    expect(await page.locator('tbody tr').count()).toBe(3);
    expect(await page.locator('.badge').allTextContents()).toEqual(['imported']);
    await page.screenshot({ path: join(artifacts, 'history.png'), fullPage: true });

    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain(OTHER_RUN);
    expect(await verbs()).not.toContain('deleteRun');
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    expect(await dialog.count()).toBe(0);
    expect(await verbs()).not.toContain('deleteRun');

    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('tbody tr').count(), WAIT).toBe(2);
    expect((await calls()).filter((c) => c.verb === 'deleteRun')).toEqual([{ verb: 'deleteRun', args: [OTHER_RUN] }]);

    const mainRow = page.locator(`[data-run="${MAIN_RUN}"]`);
    await mainRow.getByRole('button', { name: 'Report' }).click();
    await mainRow.getByLabel('Report format').selectOption('md');
    await mainRow.getByRole('button', { name: 'Save report…' }).click();
    await expect.poll(() => mainRow.locator('.save-message').textContent(), WAIT).toBe(`Saved: ${data.savedReportPath}`);
    expect((await calls()).filter((c) => c.verb === 'saveReport')).toEqual([{ verb: 'saveReport', args: [MAIN_RUN, 'md'] }]);

    const compare = page.getByRole('button', { name: 'Compare the two selected' });
    expect(await compare.isDisabled()).toBe(true);
    await page.getByLabel(`Select ${MAIN_RUN}`).check();
    await page.getByLabel('Select run-imported').check();
    await compare.click();
    await page.waitForURL(`**#/compare/${MAIN_RUN}/run-imported`, WAIT);
    await expect.poll(() => page.locator('.chart-card canvas').count(), WAIT).toBe(10);
    const ttft = page.locator('[data-chart="ttft"]');
    await ttft.getByRole('button', { name: 'Show data' }).click();
    expect(await ttft.locator('thead th').allTextContents()).toEqual(['Run', 'Parallel', 'TTFT mean (s)', 'TTFT p95 (s)', 'TTFT p99 (s)', 'Queue mean (s)']);
    // B (levels 1, 2) has no value at 16: no row, not a zero; its line stops there (null, a gap).
    const ttftRows: string[][] = [];
    for (const row of await ttft.locator('tbody tr').all()) ttftRows.push((await row.locator('td').allTextContents()).slice(0, 2));
    expect(ttftRows).toEqual([['A', '1'], ['A', '2'], ['A', '4'], ['A', '8'], ['A', '16'], ['B', '1'], ['B', '2']]);
  });

  it('setup saves valid custom settings the back end accepts, and refuses bad levels without calling it', async () => {
    await open('#/setup');
    await page.getByLabel('Custom').check();
    await page.screenshot({ path: join(artifacts, 'setup.png'), fullPage: true });
    const levels = page.getByLabel('Levels (parallel requests)');
    await levels.fill('1, 2, x');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await page.locator('.save-message').textContent()).toContain('Levels');
    expect(await verbs()).not.toContain('saveSettings');

    await levels.fill('1, 3, 9');
    await page.getByLabel('Max tokens').fill('0');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await page.locator('.save-message').textContent()).toBe('Max tokens: a whole number > 0.');
    expect(await verbs()).not.toContain('saveSettings');
    await page.getByLabel('Max tokens').fill('64');
    await page.getByLabel('Longest acceptable wait (s)').fill('2.5');
    await page.getByLabel('Model').selectOption('llama3.2:3b');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('.save-message').textContent(), WAIT).toBe('Saved.');
    const saved = (await calls()).find((c) => c.verb === 'saveSettings')!.args[0];
    const parsed = settingsSchema.parse(saved);
    expect(parsed.profile).toBe('custom');
    expect(parsed.model).toBe('llama3.2:3b');
    expect(parsed.custom.concurrency).toEqual([1, 3, 9]);
    expect(parsed.custom.maxTokens).toBe(64);
    expect(parsed.thresholds.maxWaitMs).toBe(2500);
  });

  it('setup: the API key goes to the keychain verb, never into the settings; headers and TLS trust are saved', async () => {
    await open('#/setup');
    await page.getByText('Server on another machine (API key, headers, TLS)').click();
    await expect.poll(() => page.locator('.remote-fields .field-hint').first().textContent(), WAIT).toBe('No key stored.');
    await page.getByLabel('API key').fill('sk-renderer-secret');
    await page.getByRole('button', { name: 'Store key' }).click();
    await expect.poll(() => page.locator('.key-message').textContent(), WAIT).toBe('Key stored in the OS keychain.');
    expect((await calls()).filter((c) => c.verb === 'setApiKey')).toEqual([{ verb: 'setApiKey', args: ['(key)'] }]);
    expect(await page.getByLabel('API key').inputValue()).toBe('');
    await page.getByLabel('Headers').fill('X-Team: lab\nbroken');
    expect(await page.locator('.remote-fields .field').nth(1).locator('.field-hint').textContent()).toBe("expected 'Name: value' (a header name, a colon, its value)");
    await page.getByLabel('Headers').fill('X-Team: lab');
    await page.getByLabel('CA certificate file').fill('/etc/ssl/lab-ca.pem');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('.save-message').textContent(), WAIT).toBe('Saved.');
    const saved = (await calls()).filter((c) => c.verb === 'saveSettings').at(-1)!.args[0];
    expect(settingsSchema.parse(saved).remote).toEqual({ headers: ['X-Team: lab'], caFile: '/etc/ssl/lab-ca.pem', insecure: false });
    expect(JSON.stringify(saved)).not.toContain('sk-renderer-secret');
  });
});
