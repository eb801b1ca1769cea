// The real page (renderer/pages/app.tsx) in Chromium, talking to the real back end over the web wire
// format through the HTTP bridge: `tokenbench ui`'s web server and app service, running a real
// benchmark against the built-in llama.cpp engine serving the tiny model, then cancelling a long run. Proves fetch + token header, SSE live events,
// cancel and the report download path end to end.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/app/service.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import type { WebServer } from '../../main/app/web-server.js';
import { hasChromium, NO_CHROMIUM_REASON } from '../support/browser.js';
import { startBuiltInServer } from '../../main/serve/index.js';
import { startScriptedServer } from '../support/scripted-server.js';
import { tinyModel } from '../support/fixtures.js';
import { startWebApp, type WebApp } from './web-app.js';

if (!hasChromium) console.warn(`renderer web mode: skipped — ${NO_CHROMIUM_REASON}`);


interface LlmServer {
  url: string;
  close(): Promise<void>;
}

/** A real target: llama.cpp through the built-in engine, decoding 2 at a time. */
function startTarget(): Promise<LlmServer> {
  return startBuiltInServer({ gguf: tinyModel, port: 0, parallel: 2, threads: 1 });
}

const WAIT = { timeout: 15_000 };

describe.skipIf(!hasChromium)('renderer in web mode (HTTP bridge, real back end, Chromium)', () => {
  let llm: LlmServer;
  let app: WebApp;
  let service: AppService;
  let web: WebServer;
  let page: Page;

  beforeAll(async () => {
    [llm, app] = await Promise.all([startTarget(), startWebApp()]);
    ({ service, web } = app);
    await service.saveSettings({ ...DEFAULT_SETTINGS, url: llm.url, profile: 'custom', custom: { ...DEFAULT_SETTINGS.custom, concurrency: [1, 3], maxTokens: 8 } });
    page = await app.browser.browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(15_000);
    app.watch(page);
    await page.goto(web.url);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await llm?.close();
    expect(app?.pageErrors).toEqual([]);
  });

  it('shows the real server status, runs a benchmark from the popover and follows it live to the end', async () => {
    const status = page.getByLabel('Server status');
    await expect.poll(() => status.textContent(), WAIT).toContain('Reachable');
    expect(await status.textContent()).toMatch(/ollama \d+\.\d+/);

    await page.getByRole('button', { name: 'Run benchmark' }).click();
    // The popover follows the run over the event stream to its end, then shows that run's result.
    const done = page.locator('.done-card');
    await done.waitFor(WAIT);
    const runId = (await done.getAttribute('data-done-run'))!;
    await page.goto(`${web.url}#/live/${runId}`);
    await expect.poll(() => page.locator('.phase').textContent(), WAIT).toBe('Run completed');
    // The live table holds every measured request (1 + 3), the warm-up excluded.
    await expect.poll(() => page.locator('.count').textContent(), WAIT).toBe('4');
    expect(await page.locator('.rt-body [role="row"]').count()).toBe(4);
    expect(await page.locator('.rt-body [role="cell"]:nth-child(2)').allTextContents()).toEqual(['ok', 'ok', 'ok', 'ok']);
    await page.screenshot({ path: 'test/artifacts/web-mode-live-run.png' });

    await page.getByRole('link', { name: 'Open the results' }).click();
    // Telemetry off: no telemetry charts (the run's own timeline draws); no request failed: the error-rate
    // chart says so instead of drawing; the server's view beside ours is drawn (the server reports its durations).
    await expect.poll(() => page.locator('.chart-card canvas').count(), WAIT).toBe(13);
    const runs = await service.listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('completed');
    const card = page.locator('[data-chart="throughput"]');
    await card.getByRole('button', { name: 'Show data' }).click();
    const detail = await service.getRun(runs[0].id);
    expect(await card.locator('tbody td:first-child').allTextContents()).toEqual(['1', '3']);
    // The level summary's throughput as every table shows a rate: 1 decimal.
    expect(await card.locator('tbody td:nth-child(2)').allTextContents()).toEqual(detail.levels.map((l) => l.throughputTokensPerSecond.toFixed(1)));
    await page.screenshot({ path: 'test/artifacts/web-mode-dashboard.png', fullPage: true });
  });

  it('saves a report as a download of the URL the server made, and shows a server error as one line', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: 'Save report…' }).click()]);
    // A single-use download id, never the token: the page shows the file name, not a URL.
    const [run] = await service.listRuns();
    expect(download.url()).toMatch(new RegExp(`/api/download/[A-Za-z0-9_-]{43}/${run!.id}\\.html$`));
    expect(download.url()).not.toContain('token');
    expect(download.suggestedFilename()).toBe(`${run!.id}.html`);
    await expect.poll(() => page.locator('.save-message').textContent(), WAIT).toBe(`Saved: ${run!.id}.html`);

    // A run id the back end does not know: the dashboard shows the server's error line.
    await page.goto(`${web.url}#/runs/no-such-run`);
    await expect.poll(() => page.locator('.error').textContent(), WAIT).toMatch(/^Could not open the run: .+/);
  });
  it('cancels a second, long run from the live view; it is saved as cancelled with its requests', async () => {
    // A short warm-up, then answers long enough (25 s) that only a cancel ends them.
    const slow = await startScriptedServer({ tokenIntervalMs: 5, script: ({ index }) => ({ tokens: index === 0 ? 3 : 5_000 }) });
    try {
      const settings = await service.getSettings();
      await service.saveSettings({ ...settings, url: slow.url, custom: { ...settings.custom, concurrency: [2], maxTokens: null } });
      await page.goto(`${web.url}#/popover`);
      // The popover's done state offers "Servers and next run"; Run benchmark is there.
      await page.getByRole('button', { name: 'Servers and next run' }).click();
      await page.getByRole('button', { name: 'Run benchmark' }).click();
      // The full live view opens in a tab of its own (the popover stays small).
      const [live] = await Promise.all([page.context().waitForEvent('page', WAIT), page.getByRole('button', { name: 'Open live view' }).click()]);
      await expect.poll(() => live.locator('.phase').textContent(), WAIT).toBe('Level 1: 2 parallel');
      await live.getByRole('button', { name: 'Cancel run' }).click();
      await expect.poll(() => live.locator('.phase').textContent(), WAIT).toMatch(/^Run cancelled/);
      await live.close();
      const cancelled = (await service.listRuns()).find((r) => r.status === 'cancelled');
      expect(cancelled).toBeDefined();
      const detail = await service.getRun(cancelled!.id);
      expect(detail.requests).toHaveLength(2);
      expect(detail.requests.every((r) => r.error?.kind === 'cancelled')).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('lists a damaged run folder in History with its reason beside every other run; opening it shows the reason', async () => {
    const [good] = await service.listRuns();
    const damagedId = '2025-11-29T10-00-00Z_damaged';
    const damagedDir = join(app.runsDir, damagedId);
    cpSync(join(app.runsDir, good!.id), damagedDir, { recursive: true });
    const stored = JSON.parse(readFileSync(join(damagedDir, 'run.json'), 'utf8')) as Record<string, unknown>;
    delete stored.target;
    writeFileSync(join(damagedDir, 'run.json'), JSON.stringify({ ...stored, id: damagedId }));

    await page.goto(`${web.url}#/history`);
    const rows = page.locator('.history-table tbody tr');
    await expect.poll(() => rows.count(), WAIT).toBe(3);
    const reason = 'run.json is damaged (target: Invalid input: expected object, received undefined)';
    const damagedRow = page.locator(`tr[data-run="${damagedId}"]`);
    expect(await damagedRow.locator('.status').textContent()).toBe('damaged');
    expect(await damagedRow.locator('.damaged-reason').textContent()).toBe(reason);
    expect(await damagedRow.getByRole('checkbox').count()).toBe(0);
    expect(await damagedRow.getByRole('button', { name: 'Report' }).count()).toBe(0);
    // The other runs keep their rows, status and headline.
    expect(await page.locator('tr[data-run] .status').allTextContents()).toEqual(['cancelled', 'completed', 'damaged']);

    await damagedRow.getByRole('link', { name: 'Open' }).click();
    await expect.poll(() => page.locator('.error').textContent(), WAIT).toBe(`Could not open the run: run ${damagedId} is damaged: ${reason}`);
  });
});
