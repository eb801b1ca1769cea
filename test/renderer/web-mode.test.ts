// The real page (renderer/pages/app.tsx) in Chromium, talking to the real back end over the web wire
// format through the HTTP bridge: `tokenbench ui`'s web server and app service, running a real
// benchmark against the built-in llama.cpp engine serving the tiny model, then cancelling a long run. Proves fetch + token header, SSE live events,
// cancel and the report download path end to end.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../main/app/service.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import { newWebToken, startWebServer, webReportSaver, type WebServer } from '../../main/app/web-server.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, type LaunchedBrowser } from '../support/browser.js';
import { startBuiltInServer } from '../../main/serve/index.js';
import { startScriptedServer } from '../support/scripted-server.js';
import { bundlePage, type BundledPage } from './bundle.js';
import { tinyModel } from '../support/fixtures.js';

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
  let service: AppService;
  let web: WebServer;
  let bundle: BundledPage;
  let browser: LaunchedBrowser;
  let page: Page;
  let work: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tokenbench-webmode-'));
    const token = newWebToken();
    [llm, bundle, browser] = await Promise.all([
      startTarget(),
      bundlePage('renderer/pages/app.tsx'),
      launchChromium(),
    ]);
    service = createAppService({ runsDir: join(work, 'runs'), settingsFile: join(work, 'settings.json'), saveReport: webReportSaver(token), telemetry: 'none' });
    await service.saveSettings({ ...DEFAULT_SETTINGS, url: llm.url, profile: 'custom', custom: { ...DEFAULT_SETTINGS.custom, concurrency: [1, 3], maxTokens: 8 } });
    web = await startWebServer({ service, token, rendererDir: bundle.dir });
    page = await browser.browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // CSP violations (the server's WEB_CSP header) show as console errors.
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) pageErrors.push(`console: ${msg.text()}`);
    });
    await page.goto(web.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await service?.close();
    await llm?.close();
    bundle?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows the real server status, runs a benchmark from the popover and follows it live to the end', async () => {
    const status = page.getByLabel('Server status');
    await expect.poll(() => status.textContent(), WAIT).toContain('Reachable');
    expect(await status.textContent()).toMatch(/ollama \d+\.\d+/);

    await page.getByRole('button', { name: 'Run benchmark' }).click();
    await page.waitForURL('**#/live/**', WAIT);
    await expect.poll(() => page.locator('.phase').textContent(), WAIT).toBe('Run completed');
    // The live table holds every measured request (1 + 3), the warm-up excluded.
    await expect.poll(() => page.locator('.count').textContent(), WAIT).toBe('4');
    expect(await page.locator('.rt-body [role="row"]').count()).toBe(4);
    expect(await page.locator('.rt-body [role="cell"]:nth-child(2)').allTextContents()).toEqual(['ok', 'ok', 'ok', 'ok']);
    await page.screenshot({ path: 'test/artifacts/web-mode-live-run.png' });

    await page.getByRole('link', { name: 'Open the results' }).click();
    // Telemetry off: no time charts; no request failed: the error-rate chart says so instead of drawing;
    // the server's view beside ours is drawn (the scripted server reports its durations).
    await expect.poll(() => page.locator('.chart-card canvas').count(), WAIT).toBe(7);
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
    expect(download.url()).toMatch(/\/api\/report\/.+\.html\?token=/);
    await expect.poll(() => page.locator('.save-message').textContent(), WAIT).toMatch(/^Saved: \/api\/report\//);

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
      await page.getByRole('button', { name: 'Run benchmark' }).click();
      await page.waitForURL('**#/live/**', WAIT);
      await expect.poll(() => page.locator('.phase').textContent(), WAIT).toBe('Level 1: 2 parallel');
      await page.getByRole('button', { name: 'Cancel run' }).click();
      await expect.poll(() => page.locator('.phase').textContent(), WAIT).toMatch(/^Run cancelled/);
      const cancelled = (await service.listRuns()).find((r) => r.status === 'cancelled');
      expect(cancelled).toBeDefined();
      const detail = await service.getRun(cancelled!.id);
      expect(detail.requests).toHaveLength(2);
      expect(detail.requests.every((r) => r.error?.kind === 'cancelled')).toBe(true);
    } finally {
      await slow.close();
    }
  });
});
