// Accessibility of every screen, in real Chromium over the fake bridge: axe-core finds no serious or
// critical violation on the popover (idle, running, done), Setup, the live view, the dashboard, history,
// compare and playback; Setup and the popover work from the keyboard alone; focus is visible; every Setup
// field is found by its label. (The popover against the real back end: popover.test.ts.)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FoundServer, RunEvent } from '../../common/api.js';
import { settingsSchema } from '../../common/settings.js';
import type { BridgeCall, HarnessData, HarnessGlobal } from '../../renderer/testing/harness-api.js';
import { seriousViolations, type AxeFinding } from '../support/axe.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, type LaunchedBrowser } from '../support/browser.js';
import { bundlePage, repoRoot, type BundledPage } from './bundle.js';
import { focusedName, pressTabUntil } from './keyboard.js';
import { harnessData, LIVE_RUN, MAIN_RUN, OTHER_RUN, simulatedRecords } from './sample-data.js';

if (!hasChromium) console.warn(`accessibility: skipped — ${NO_CHROMIUM_REASON}`);

const artifacts = join(repoRoot, 'test', 'artifacts');
const WAIT = { timeout: 10_000 };
const POPOVER = { width: 380, height: 560 };
const WIDE = { width: 1280, height: 900 };

const LONG_MODEL = 'hf.co/bartowski/Qwen2.5-Coder-32B-Instruct-GGUF:Q4_K_M-with-a-very-long-tag-name';
const FOUND: FoundServer[] = [
  { url: 'http://127.0.0.1:11434', kind: 'ollama', api: 'ollama', version: '0.12.3', models: ['deepseek-r1:7b', 'llama3.2:3b', LONG_MODEL], loadedModel: 'deepseek-r1:7b' },
  { url: 'http://127.0.0.1:1234', kind: 'lm-studio', api: 'openai', version: null, models: ['qwen3-4b'], loadedModel: 'qwen3-4b' },
  { url: 'http://127.0.0.1:8080', kind: 'llama-server', api: 'openai', version: 'b6000', models: [LONG_MODEL], loadedModel: LONG_MODEL },
];

/** What axe found on each screen, for the report at the end. */
const results: Record<string, AxeFinding[]> = {};

describe.skipIf(!hasChromium)('accessibility of every screen (fake bridge, Chromium, axe-core)', () => {
  let browser: LaunchedBrowser;
  let app: BundledPage;
  let playback: BundledPage;
  let page: Page;

  /**
   * Chart cards that show neither a canvas nor why they are empty: axe runs once every chart is drawn.
   * (Which charts a run has is the report model's business, and the views tests count them; this one
   * only waits for them.) A page with no chart card yet is still drawing too.
   */
  const chartsStillDrawing = async (): Promise<number> =>
    (await page.evaluate(
      `(() => { const cards = [...document.querySelectorAll('.chart-card')]; return cards.length === 0 ? 1 : cards.filter((c) => !c.querySelector('canvas') && !c.querySelector('.empty')).length; })()`,
    )) as number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    [app, playback, browser] = await Promise.all([
      bundlePage('renderer/testing/harness.tsx'),
      bundlePage('renderer/pages/playback.tsx', 'playback'),
      launchChromium(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    app?.remove();
    playback?.remove();
    expect(pageErrors).toEqual([]);
    console.log(`axe-core, serious and critical violations per screen: ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.length])))}`);
  });

  /** A fresh page of the app over a fake bridge holding `data`, at `hash`. */
  async function open(hash: string, data: HarnessData, viewport = WIDE): Promise<Page> {
    await page?.close();
    page = await browser.browser.newPage({ viewport });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.addInitScript((d) => {
      (globalThis as HarnessGlobal).__harnessData = d;
    }, data);
    await page.goto(`${app.url}${hash}`);
    await page.waitForFunction(() => (globalThis as HarnessGlobal).__harnessReady === true, null, WAIT);
    return page;
  }
  const calls = () => page.evaluate(() => (globalThis as HarnessGlobal).__fake!.calls) as Promise<BridgeCall[]>;
  const emit = (events: RunEvent[]) =>
    page.evaluate((list) => {
      for (const e of list) (globalThis as HarnessGlobal).__fake!.emit(e);
    }, events);
  const scrollWidth = () => page.evaluate('document.scrollingElement.scrollWidth') as Promise<number>;

  async function expectAccessible(screen: string): Promise<void> {
    results[screen] = await seriousViolations(page);
    expect(results[screen], screen).toEqual([]);
  }

  it('popover, idle: several servers found, long model names; fits 380 px and passes axe', async () => {
    await open('#/popover', { ...harnessData(), runs: [], discovery: { servers: FOUND, defaultTarget: { kind: 'server', url: FOUND[0].url }, tookMs: 12 } }, POPOVER);
    await page.locator('.found-servers').waitFor(WAIT);
    expect(await page.locator('.found-server').count()).toBe(3);
    expect(await page.locator('.found-server.chosen .found-server-head').textContent()).toBe('Ollama 0.12.3 127.0.0.1:11434chosen');
    expect(await page.locator('[data-server="http://127.0.0.1:1234"] .found-server-head').textContent()).toBe('LM Studio 127.0.0.1:1234');
    expect(await scrollWidth()).toBeLessThanOrEqual(POPOVER.width);
    await page.screenshot({ path: join(artifacts, 'popover-idle-servers.png'), fullPage: true });
    await expectAccessible('popover idle');
  });

  it('popover, idle with nothing found: says what a run would use — the built-in engine with the demo model', async () => {
    await open('#/popover', { ...harnessData(), runs: [], discovery: { servers: [], defaultTarget: { kind: 'built-in', model: 'tiny-llama.gguf', demo: true }, tookMs: 480 } }, POPOVER);
    const line = page.locator('[data-default-target="built-in"]');
    await line.waitFor(WAIT);
    expect(await line.textContent()).toBe(
      'No local server answers. A run uses the built-in engine with the demo model (tiny-llama.gguf, random weights: the numbers show the tool and this machine, not a real model).',
    );
    await expectAccessible('popover idle, nothing found');
  });

  it('popover, running and done: pass axe at 380 px; the keyboard reaches every control, focus is visible', async () => {
    await open('#/popover', { ...harnessData(), runs: [] }, POPOVER);
    await pressTabUntil(page, 'Run benchmark');
    // The focus ring: a 2 px outline in the accent colour on the focused control.
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await page.screenshot({ path: join(artifacts, 'popover-focus.png') });
    await page.keyboard.press('Enter');
    const running = page.locator('.running-card');
    await running.waitFor(WAIT);
    await emit([
      { type: 'phase', runId: LIVE_RUN, phase: 'level', levelIndex: 0, concurrency: 4 },
      { type: 'progress', runId: LIVE_RUN, levelIndex: 0, levelCount: 3, done: 2, total: 4, liveTokensPerSecond: 88.2, etaMs: 12_000, errors: 0 },
    ]);
    await expect.poll(() => running.locator('h2').textContent(), WAIT).toBe('Level 1 of 3');
    // The Run button is gone: focus moved to the card's heading, so Tab goes on from there.
    expect(await focusedName(page)).toBe('Level 1 of 3');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Cancel run');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Open live view');
    await page.keyboard.press('Space');
    expect((await calls()).filter((c) => c.verb === 'openWindow').map((c) => c.args)).toEqual([[{ page: 'live', runId: LIVE_RUN }]]);
    expect(await scrollWidth()).toBeLessThanOrEqual(POPOVER.width);
    await expectAccessible('popover running');

    await emit([{ type: 'finished', runId: LIVE_RUN, status: 'completed', reason: null }]);
    // The fake has no such run folder: the done card says so in one line, and passes axe too.
    await page.locator('.popover[data-state="done"]').waitFor(WAIT);
    await expectAccessible('popover done (unreadable run)');
  });

  it('popover, done: passes axe at 380 px; Escape hides the desktop popover', async () => {
    await open('#/popover', { ...harnessData(), edge: 'desktop' }, POPOVER);
    await page.locator('.done-card').waitFor(WAIT);
    expect(await scrollWidth()).toBeLessThanOrEqual(POPOVER.width);
    await expectAccessible('popover done');
    await pressTabUntil(page, 'Open dashboard');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect((await calls()).filter((c) => c.verb === 'openWindow' || c.verb === 'hidePopover')).toEqual([
      { verb: 'openWindow', args: [{ page: 'run', runId: MAIN_RUN }] },
      { verb: 'hidePopover', args: [] },
    ]);
    // The desktop app notifies from its main process: no browser permission is offered here.
    expect(await page.getByRole('button', { name: 'Notify me when it ends' }).count()).toBe(0);
  });

  it('Setup: every field found by its label, operated from the keyboard alone, saved; passes axe', async () => {
    await open('#/setup', { ...harnessData(), discovery: { servers: FOUND, defaultTarget: { kind: 'server', url: FOUND[0].url }, tookMs: 12 } });
    await page.getByLabel('Server URL').waitFor(WAIT);
    await expectAccessible('setup');

    // Keyboard only: pick LM Studio from the found servers, then the custom profile, its fields, launch at login.
    await pressTabUntil(page, 'Use this server: LM Studio at 127.0.0.1:1234');
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('Server URL').inputValue()).toBe('http://127.0.0.1:1234');
    expect(await page.getByLabel('API', { exact: true }).inputValue()).toBe('openai');
    await expect.poll(async () => (await calls()).filter((c) => c.verb === 'checkServer').at(-1)?.args, WAIT).toEqual(['http://127.0.0.1:1234', 'openai']);
    await pressTabUntil(page, 'Quick');
    await page.keyboard.press('ArrowRight'); // radio group: arrows move the choice
    await page.keyboard.press('ArrowRight');
    expect(await page.getByLabel('Custom').isChecked()).toBe(true);

    for (const label of [
      'Server URL',
      'API',
      'Model',
      'Levels (parallel requests)',
      'Mode',
      'Max tokens',
      'Cooldown between levels (s)',
      'Timeout per request (s)',
      'Idle timeout (s)',
      'Thinking',
      'Prompt',
      'Longest acceptable wait (s)',
      'Slowest acceptable speed (tokens/s)',
      'Launch at login',
      'Quick',
      'Study',
      'Custom',
    ]) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    // Hints describe their field without being part of its name.
    expect(await page.getByLabel('Levels (parallel requests)', { exact: true }).getAttribute('aria-describedby')).toMatch(/\S/);
    await page.getByLabel('Mode', { exact: true }).selectOption('sustained');
    expect(await page.getByLabel('Duration per level (s)', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Requests per level', { exact: true }).count()).toBe(1);
    await page.getByLabel('Mode', { exact: true }).selectOption('burst');
    await expectAccessible('setup, custom profile');

    await pressTabUntil(page, 'Levels (parallel requests)');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('1, 3, 9');
    await pressTabUntil(page, 'Launch at login');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Launch at login').isChecked()).toBe(true);
    await pressTabUntil(page, 'Save');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.save-message').textContent(), WAIT).toBe('Saved.');
    const saved = settingsSchema.parse((await calls()).find((c) => c.verb === 'saveSettings')!.args[0]);
    expect(saved).toMatchObject({ url: 'http://127.0.0.1:1234', api: 'openai', profile: 'custom', launchAtLogin: true, custom: { concurrency: [1, 3, 9] } });
    await page.screenshot({ path: join(artifacts, 'setup.png'), fullPage: true });
  });

  it('live view, dashboard, history, compare: no serious or critical violation', async () => {
    await open(`#/live/${LIVE_RUN}`, harnessData());
    await page.waitForFunction(() => (globalThis as HarnessGlobal).__fake!.listenerCount() > 0, null, WAIT);
    await emit([
      { type: 'phase', runId: LIVE_RUN, phase: 'level', levelIndex: 0, concurrency: 40 },
      // Enough rows that the request table scrolls (a scrollable region must be reachable by keyboard).
      { type: 'requests', runId: LIVE_RUN, records: simulatedRecords(40, Date.now()) },
      { type: 'progress', runId: LIVE_RUN, levelIndex: 0, levelCount: 2, done: 40, total: 40, liveTokensPerSecond: 80, etaMs: 5_000, errors: 0 },
    ]);
    await expect.poll(() => page.locator('.count').textContent(), WAIT).toBe('40');
    await expectAccessible('live');

    await open(`#/runs/${MAIN_RUN}`, harnessData());
    await expect.poll(chartsStillDrawing, WAIT).toBe(0);
    await expectAccessible('dashboard');

    await open('#/history', harnessData());
    await page.locator(`[data-run="${MAIN_RUN}"]`).waitFor(WAIT);
    await expectAccessible('history');

    await open(`#/compare/${MAIN_RUN}/${OTHER_RUN}`, harnessData());
    await expect.poll(chartsStillDrawing, WAIT).toBe(0);
    await expectAccessible('compare');
  });

  it('playback: no serious or critical violation', async () => {
    await page?.close();
    page = await browser.browser.newPage({ viewport: WIDE });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(playback.url);
    await page.locator('section[data-lane]').first().waitFor(WAIT);
    await expectAccessible('playback');
  });
});
