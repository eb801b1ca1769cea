// The ranking view, History's trends and Setup's model list in real Chromium over the FakeBridge (the
// fake builds the ranking and the trends with the same common/report functions main uses).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../common/api.js';
import { settingsSchema } from '../../common/settings.js';
import { parseRoute, routeHref } from '../../common/app-routes.js';
import type { BridgeCall, HarnessData, HarnessGlobal } from '../../renderer/testing/harness-api.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, type LaunchedBrowser } from '../support/browser.js';
import { bundlePage, repoRoot, type BundledPage } from './bundle.js';
import { harnessData, sampleDetail } from './sample-data.js';

if (!hasChromium) console.warn(`ranking and trends views: skipped — ${NO_CHROMIUM_REASON}`);

const artifacts = join(repoRoot, 'test', 'artifacts');
const WAIT = { timeout: 10_000 };
const DAY_MS = 86_400_000;

/** A sample run as another model, server version or digest, started `days` after the sample. */
function variant(id: string, days: number, model: string, serverVersion: string, digest: string): RunDetail {
  const base = sampleDetail(id, [1, 2, 4]);
  const startedAt = new Date(Date.parse(base.manifest.startedAt) + days * DAY_MS).toISOString();
  const modelDetails = { name: model, size: 4_683_087_332, digest, details: { parameter_size: '7.6B', quantization_level: 'Q4_K_M' } };
  return { ...base, manifest: { ...base.manifest, startedAt, target: { ...base.manifest.target, model, serverVersion, modelDetails } } };
}

function data(): HarnessData {
  const base = harnessData();
  const runs = [
    variant('deep-old', 0, 'deepseek-r1:7b', '0.12.3', 'sha256:aaaaaaaaaaaaaaaa'),
    variant('deep-new', 1, 'deepseek-r1:7b', '0.13.0', 'sha256:aaaaaaaaaaaaaaaa'),
    variant('llama', 2, 'llama3.2:3b', '0.13.0', 'sha256:bbbbbbbbbbbbbbbb'),
  ];
  return {
    ...base,
    runs: runs.map((d) => ({ id: d.manifest.id, status: d.manifest.status, startedAt: d.manifest.startedAt, model: d.manifest.target.model, url: d.manifest.target.url, levels: d.manifest.config.concurrency, headline: null, imported: false, damaged: null })),
    details: Object.fromEntries(runs.map((d) => [d.manifest.id, d])),
  };
}

describe('ranking route', () => {
  it('needs two runs or more and round-trips odd ids', () => {
    const route = { name: 'ranking' as const, runIds: ['a', 'b/c', 'd e'] };
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('#/ranking/only-one')).toEqual({ name: 'popover' });
  });
});

describe.skipIf(!hasChromium)('ranking, trends and the model list (fake bridge, Chromium)', () => {
  let browser: LaunchedBrowser;
  let bundle: BundledPage;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    [bundle, browser] = await Promise.all([bundlePage('renderer/testing/harness.tsx'), launchChromium()]);
    page = await browser.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.addInitScript((d) => {
      (globalThis as HarnessGlobal).__harnessData = d;
    }, data());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    bundle?.remove();
    expect(pageErrors).toEqual([]);
  });

  async function open(hash: string): Promise<void> {
    await page.goto(`${bundle.url}${hash}`);
    await page.waitForFunction(() => (globalThis as HarnessGlobal).__harnessReady === true, null, WAIT);
  }
  const calls = () => page.evaluate(() => (globalThis as HarnessGlobal).__fake!.calls) as Promise<BridgeCall[]>;

  it('History loads the trends on request: groups per model, the server update marked, a link to rank the models', async () => {
    await open('#/history');
    await page.getByRole('button', { name: 'Show trends' }).waitFor(WAIT);
    expect((await calls()).map((c) => c.verb)).not.toContain('getTrends');
    await page.getByRole('button', { name: 'Show trends' }).click();
    const groups = page.locator('.trend-group');
    await expect.poll(() => groups.count(), WAIT).toBe(2);
    expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-trend')))).toEqual(['llama3.2:3b', 'deepseek-r1:7b']);
    const deep = page.locator('[data-trend="deepseek-r1:7b"]');
    expect(await deep.locator('[data-change="deep-new"]').textContent()).toMatch(/: server 0\.12\.3 → 0\.13\.0/);
    // Two runs: a chart with its data; one run: the table only.
    expect(await deep.locator('canvas').count()).toBe(1);
    expect(await page.locator('[data-trend="llama3.2:3b"] canvas').count()).toBe(0);
    expect(await deep.locator('tbody tr').count()).toBe(2);
    await page.screenshot({ path: join(artifacts, 'history-trends.png'), fullPage: true });

    await page.getByRole('link', { name: /^Rank llama3\.2:3b, deepseek-r1:7b on / }).click();
    await page.waitForURL('**#/ranking/llama/deep-new', WAIT);
    const rows = page.locator('[data-table="ranking"] tbody tr');
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent)));
    expect(cells.map((c) => c[1]).sort()).toEqual(['deepseek-r1:7b', 'llama3.2:3b']);
    expect(cells.map((c) => c[0])).toEqual(['1', '2']);
    expect(cells[0]!.slice(2)).toEqual(['4.4 GiB', '7.6B', 'Q4_K_M']);
    expect(await page.locator('.ranking .chart-card canvas').count()).toBe(2);
    expect((await calls()).filter((c) => c.verb === 'getRanking')).toEqual([{ verb: 'getRanking', args: [['llama', 'deep-new']] }]);
    await page.screenshot({ path: join(artifacts, 'ranking.png'), fullPage: true });
  });

  it('Setup saves the models ticked, in the order ticked', async () => {
    await open('#/setup');
    const group = page.getByRole('group', { name: 'Several models in turn' });
    await group.waitFor(WAIT);
    await group.getByLabel('llama3.2:3b').check();
    await group.getByLabel('deepseek-r1:7b').check();
    expect(await group.locator('.field-hint').textContent()).toContain('these 2 models in the order ticked');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('.save-message').textContent(), WAIT).toBe('Saved.');
    const saved = settingsSchema.parse((await calls()).find((c) => c.verb === 'saveSettings')!.args[0]);
    expect(saved.models).toEqual(['llama3.2:3b', 'deepseek-r1:7b']);
  });
});
