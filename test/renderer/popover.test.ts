// The menu-bar popover at its real size (380 × 560) in Chromium, through web mode: the real page and HTTP
// bridge, `tokenbench ui`'s web server and app service, runs against the scripted LLM server. Its three
// states (idle, running, done) fit the width, pass the accessibility check and are driven from the
// keyboard; the done state shows the run that just ended; it refreshes on show; the browser notifies
// when a run ends. Screenshots: test/artifacts/popover-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERDICT_STATISTICS } from '../../common/findings.js';
import { rate, seconds } from '../../common/format.js';
import { noticeFacts, runNotice } from '../../common/run-notice.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import type { AppService } from '../../main/app/service.js';
import type { WebServer } from '../../main/app/web-server.js';
import { seriousViolations } from '../support/axe.js';
import { hasChromium, NO_CHROMIUM_REASON } from '../support/browser.js';
import { DEFAULT_MODEL, startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { repoRoot } from './bundle.js';
import { pressTabUntil } from './keyboard.js';
import { startWebApp, type WebApp } from './web-app.js';

if (!hasChromium) console.warn(`popover at 380 × 560: skipped — ${NO_CHROMIUM_REASON}`);

const artifacts = join(repoRoot, 'test', 'artifacts');
const POPOVER = { width: 380, height: 560 };
const WAIT = { timeout: 20_000 };

/** Records every browser notification the page makes (the real one is still made) and permission asks. */
const RECORD_NOTIFICATIONS = `(() => {
  const Real = window.Notification;
  if (!Real) return;
  window.__notices = [];
  window.__permissionAsks = 0;
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notices.push({ title, body: options && options.body, tag: options && options.tag, notification: this });
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = (...args) => {
    window.__permissionAsks += 1;
    return Real.requestPermission(...args);
  };
  window.Notification = Recorded;
})();`;

describe.skipIf(!hasChromium)('the popover at 380 × 560 (web mode, real back end, Chromium)', () => {
  let llm: ScriptedServer;
  let app: WebApp;
  let service: AppService;
  let web: WebServer;
  let context: BrowserContext;
  let page: Page;
  let firstRun = '';

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    // 60 tokens 25 ms apart: each request takes ~1.5 s, so the running state lasts a few seconds.
    [llm, app] = await Promise.all([startScriptedServer({ tokens: 60, tokenIntervalMs: 25 }), startWebApp()]);
    ({ service, web } = app);
    await service.saveSettings({ ...DEFAULT_SETTINGS, url: llm.url, profile: 'custom', custom: { ...DEFAULT_SETTINGS.custom, concurrency: [1, 2] } });
    context = await app.browser.browser.newContext({ viewport: POPOVER });
    await context.addInitScript(RECORD_NOTIFICATIONS);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    app.watch(page);
    await page.goto(`${web.url}#/popover`);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await llm?.close();
    expect(app?.pageErrors).toEqual([]);
    console.log(`document.scrollingElement.scrollWidth per state at 380 px: ${JSON.stringify(widths)}`);
  });

  /** What each state measured, printed at the end. */
  const widths: Record<string, number> = {};
  const scrollWidth = async () => {
    const width = (await page.evaluate('document.scrollingElement.scrollWidth')) as number;
    const popover = page.locator('.popover');
    widths[(await popover.count()) > 0 ? ((await popover.getAttribute('data-state')) ?? '?') : 'setup'] = width;
    return width;
  };
  const popoverState = () => page.locator('.popover').getAttribute('data-state');
  const notices = () => page.evaluate('window.__notices.map(({ title, body, tag }) => ({ title, body, tag }))') as Promise<Array<{ title: string; body: string; tag: string }>>;

  it('idle: the servers found, the next run (server, model, profile), Run benchmark; fits, passes axe, never asks to notify on load', async () => {
    const status = page.getByLabel('Server status');
    await expect.poll(() => status.textContent(), WAIT).toContain('Reachable');
    expect(await status.textContent()).toMatch(/ollama \d+\.\d+/);
    // The scripted server is not on a port discovery knows: the list says what a run would use instead.
    await page.locator('[data-default-target], .found-servers').first().waitFor(WAIT);
    expect(await page.locator('[data-next="model"]').textContent()).toBe('the loaded model, else the first installed');
    expect(await page.locator('[data-next="profile"]').textContent()).toBe('Custom · 1, 2 parallel · burst');
    // Not among the found servers: its models are on the status line.
    expect(await page.locator('[data-status="models"]').textContent()).toBe(DEFAULT_MODEL.name);
    expect(await popoverState()).toBe('idle');
    expect(await scrollWidth()).toBeLessThanOrEqual(POPOVER.width);
    await page.screenshot({ path: join(artifacts, 'popover-idle.png') });
    expect(await seriousViolations(page)).toEqual([]);

    expect(await page.evaluate('window.__permissionAsks')).toBe(0);
    await pressTabUntil(page, 'Notify me when it ends');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('window.__permissionAsks'), WAIT).toBe(1);
    // Headless Chromium answers the prompt itself; from here on the page may notify.
    await context.grantPermissions(['notifications'], { origin: new URL(web.url).origin });
  });

  it('running: Run benchmark from the keyboard turns the popover into a compact card; Open live view opens a tab', async () => {
    await pressTabUntil(page, 'Run benchmark');
    await page.keyboard.press('Enter');
    const card = page.locator('.running-card');
    await card.waitFor(WAIT);
    firstRun = (await card.getAttribute('data-run'))!;
    expect(firstRun).toMatch(/\S/);
    await expect.poll(() => card.locator('h2').textContent(), WAIT).toMatch(/^Level [12] of 2$/);
    await expect.poll(() => card.locator('[data-running="tps"]').textContent(), WAIT).toMatch(/^\d+\.\d$/);
    expect(await popoverState()).toBe('running');
    expect(await scrollWidth()).toBeLessThanOrEqual(POPOVER.width);
    await page.screenshot({ path: join(artifacts, 'popover-running.png') });
    expect(await seriousViolations(page)).toEqual([]);

    const [tab] = await Promise.all([context.waitForEvent('page', WAIT), card.getByRole('button', { name: 'Open live view' }).click()]);
    await tab.waitForLoadState();
    const opened = new URL(tab.url());
    expect(opened.hash).toBe(`#/live/${firstRun}`);
    expect(opened.searchParams.get('token')).toBe(new URL(web.url).searchParams.get('token'));
    await tab.locator('.phase').waitFor(WAIT);
    await tab.close();
  });

  it('done: the verdict of the run that just ended, its statistics named as such; nothing of the running card stays', async () => {
    const card = page.locator('.done-card');
    await expect.poll(() => card.getAttribute('data-done-run'), WAIT).toBe(firstRun);
    expect(await popoverState()).toBe('done');
    const detail = await service.getRun(firstRun);
    expect(detail.manifest.status).toBe('completed');
    const both = detail.verdict.maxConcurrencyForBoth;
    expect(both).toBe(2);
    expect(await card.locator('[data-done="headline"]').textContent()).toBe('Serves up to 2 parallel within your limits (the most this run tried)');
    const level = detail.verdict.levels.find((l) => l.concurrency === both)!;
    expect(await card.locator('.facts-of').textContent()).toBe('At 2 parallel');
    expect(await card.locator('.done-facts dt').allTextContents()).toEqual([`TTFT ${VERDICT_STATISTICS.wait}`, `Tokens/s ${VERDICT_STATISTICS.speed} (slow tail)`, 'Errors']);
    expect(await card.locator('.done-facts dd').allTextContents()).toEqual([`${seconds(level.waitMs)} s`, rate(level.tokensPerSecond), '0']);
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    expect(await page.getByText(/reading yet/).count()).toBe(0);
    expect(await scrollWidth()).toBeLessThanOrEqual(POPOVER.width);
    await page.screenshot({ path: join(artifacts, 'popover-done.png') });
    expect(await seriousViolations(page)).toEqual([]);

    // The browser called back, with the desktop notification's words (common/run-notice.ts).
    const expected = runNotice({ type: 'finished', runId: firstRun, status: 'completed', reason: null }, noticeFacts(detail));
    await expect.poll(notices, WAIT).toEqual([{ title: expected.title, body: expected.body, tag: firstRun }]);
    expect(expected.title).toBe(`Run completed — ${DEFAULT_MODEL.name}`);
    // A click on it shows the page at that run's dashboard.
    await page.evaluate('window.__notices[0].notification.onclick()');
    await page.waitForURL(`**#/runs/${firstRun}`, WAIT);
    await page.locator('.verdict').waitFor(WAIT);
    await page.goBack();
    await card.waitFor(WAIT);
  });

  it('a second run: the done state shows it, not the one before', async () => {
    await pressTabUntil(page, 'Run again');
    await page.keyboard.press('Enter');
    await page.locator('.running-card').waitFor(WAIT);
    const second = (await page.locator('.running-card').getAttribute('data-run'))!;
    expect(second).not.toBe(firstRun);
    await expect.poll(() => page.locator('.done-card').getAttribute('data-done-run'), WAIT).toBe(second);
    expect(await page.locator('.done-card h2').textContent()).toContain('Run completed');
    await expect.poll(async () => (await notices()).map((n) => n.tag), WAIT).toEqual([firstRun, second]);
  });

  it('refreshes on every show: focus or visibility reads settings and runs again', async () => {
    await pressTabUntil(page, 'Servers and next run');
    await page.keyboard.press('Enter');
    await page.locator('[data-next="profile"]').waitFor(WAIT);
    const settings = await service.getSettings();
    await service.saveSettings({ ...settings, profile: 'quick' });
    await page.waitForTimeout(400); // focus and visibility within 300 ms count as one show
    await page.evaluate('window.dispatchEvent(new Event("focus"))');
    await expect.poll(() => page.locator('[data-next="profile"]').textContent(), WAIT).toBe('Quick · 1, 2, 4, 8 parallel');
    await service.saveSettings({ ...settings, model: DEFAULT_MODEL.name });
    await page.waitForTimeout(400);
    await page.evaluate('document.dispatchEvent(new Event("visibilitychange"))');
    await expect.poll(() => page.locator('[data-next="model"]').textContent(), WAIT).toBe(DEFAULT_MODEL.name);
    expect(await page.locator('[data-next="profile"]').textContent()).toBe('Custom · 1, 2 parallel · burst');
  });

  it('a run started elsewhere shows as running; Cancel from the keyboard ends it, and the done card says so', async () => {
    const slow = await startScriptedServer({ tokenIntervalMs: 5, script: ({ index }) => ({ tokens: index === 0 ? 3 : 5_000 }) });
    try {
      const settings = await service.getSettings();
      await service.saveSettings({ ...settings, url: slow.url, model: null });
      const { runId } = await service.startRun(); // as the tray menu's Run does
      const card = page.locator('.running-card');
      await expect.poll(() => card.getAttribute('data-run'), WAIT).toBe(runId);
      await expect.poll(() => card.locator('h2').textContent(), WAIT).toBe('Level 1 of 2');
      await pressTabUntil(page, 'Cancel run');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.done-card').getAttribute('data-done-run'), WAIT).toBe(runId);
      expect(await page.locator('.done-card h2').textContent()).toContain('Run cancelled');
      expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
      expect(await scrollWidth()).toBeLessThanOrEqual(POPOVER.width);
      // A cancelled run does not call back.
      expect((await notices()).map((n) => n.tag)).not.toContain(runId);
    } finally {
      await slow.close();
    }
  });

  it('Setup at 380 px: Detect checks the address typed, not the saved one; every field found by its label', async () => {
    const other = await startScriptedServer({ version: '0.13.0', models: ['llama3.2:1b', 'qwen3:0.6b'] });
    try {
      await page.goto(`${web.url}#/setup`);
      const url = page.getByLabel('Server URL');
      await url.waitFor(WAIT);
      await url.fill(other.url);
      await page.getByRole('button', { name: 'Detect' }).click();
      await expect.poll(() => page.locator('[data-check]').textContent(), WAIT).toBe(`Found ollama 0.13.0 at ${other.url}.`);
      expect(await page.getByLabel('Model').locator('option').allTextContents()).toEqual(['The loaded model, else the first installed', 'llama3.2:1b', 'qwen3:0.6b']);
      expect(await scrollWidth()).toBeLessThanOrEqual(POPOVER.width);
      await page.screenshot({ path: join(artifacts, 'popover-setup.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
