// The HTML report's own script draws a series' intervals (a 95 % confidence interval per point) as error
// bars, in real Chromium: the same chart with them paints more data pixels than without, and nothing errs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartBlock } from '../../common/charts/chart-model.js';
import { chartBlocks } from '../../main/report/html/blocks.js';
import { htmlDocument } from '../../main/report/html/document.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, type LaunchedBrowser } from '../support/browser.js';
import { openReport } from './support/open-in-chromium.js';

const block = (intervals: boolean): ChartBlock => ({
  id: 'throughput',
  title: 'Throughput',
  description: 'mean over repeats',
  chart: {
    kind: 'line',
    x: { type: 'category', title: 'Parallel', labels: ['1', '2', '4'] },
    y: { title: 'Tokens/s', min: 0 },
    series: [
      {
        label: 'throughput',
        data: [50, 80, 120],
        color: '#2563eb',
        ...(intervals ? { intervals: [{ low: 30, high: 70 }, { low: 60, high: 100 }, { low: 95, high: 150 }] } : {}),
      },
    ],
  },
  table: { headers: ['Parallel', 'Throughput t/s'], rows: [['1', '50'], ['2', '80'], ['4', '120']] },
});

describe.skipIf(!hasChromium)('error bars in the HTML report', () => {
  let browser: LaunchedBrowser;
  let dir: string;
  beforeAll(async () => {
    if (!hasChromium) console.warn(`skipped: ${NO_CHROMIUM_REASON}`);
    dir = mkdtempSync(join(tmpdir(), 'tokenbench-intervals-'));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are drawn over the points, and the axis makes room for the highest one', async () => {
    const painted: number[] = [];
    for (const intervals of [false, true]) {
      const file = join(dir, `${intervals}.html`);
      writeFileSync(file, htmlDocument({ title: 't', subtitle: 's', sections: [{ id: 'levels', title: 'Levels', blocks: chartBlocks([block(intervals)]) }] }));
      const check = await openReport(browser.browser, file);
      expect(check.consoleErrors).toEqual([]);
      expect(check.chartsDrawn).toBe(1);
      painted.push(check.canvases[0].painted);
      if (intervals) {
        const top = (await check.page.evaluate(`window.Chart.getChart(document.querySelector('canvas')).scales.y.max`)) as number;
        expect(top).toBeGreaterThanOrEqual(150);
      }
      await check.page.close();
    }
    expect(painted[1]).toBeGreaterThan(painted[0] + 50);
  });
});
