// Opens a report file in real Chromium and reports what a careful reader would check: console errors,
// any network request, whether hostile model output ran, and how many data pixels each chart drew.
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export interface PageCheck {
  page: Page;
  consoleErrors: string[];
  /** Every request other than the report file itself (each one was aborted). */
  network: string[];
  pwned: unknown;
  /** `painted`: opaque coloured pixels inside the plot area (lines, bars), not axes, legend or bands. */
  canvases: Array<{ id: string; width: number; height: number; painted: number }>;
  chartsDrawn: number;
}

export async function openReport(browser: Browser, file: string): Promise<PageCheck> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const consoleErrors: string[] = [];
  const network: string[] = [];
  const self = pathToFileURL(file).href;
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  page.on('request', (request) => {
    if (request.url() !== self) network.push(request.url());
  });
  await page.route('**', async (route) => {
    if (route.request().url() === self) return route.continue();
    network.push(route.request().url());
    return route.abort();
  });
  await page.goto(self, { waitUntil: 'load', timeout: 20_000 });
  await page.waitForFunction(`document.documentElement.hasAttribute('data-charts-drawn')`, undefined, { timeout: 10_000 });
  // A string, run in the page: this project's typecheck has no DOM library.
  const result = (await page.evaluate(`(() => {
    const canvases = Array.from(document.querySelectorAll('canvas')).map((canvas) => {
      const ctx = canvas.getContext('2d');
      const chart = window.Chart.getChart(canvas);
      let painted = 0;
      if (ctx && chart && canvas.width > 0 && canvas.height > 0) {
        // Only the plot area, and only opaque coloured pixels: the data, not axes, grid, legend or level bands.
        const scale = canvas.width / canvas.clientWidth;
        const { left, top, right, bottom } = chart.chartArea;
        const pixels = ctx.getImageData(Math.floor(left * scale), Math.floor(top * scale),
          Math.max(1, Math.floor((right - left) * scale)), Math.max(1, Math.floor((bottom - top) * scale))).data;
        for (let i = 0; i < pixels.length; i += 4) {
          const r = pixels[i], g = pixels[i + 1], b = pixels[i + 2], a = pixels[i + 3];
          if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) painted++;
        }
      }
      const figure = canvas.closest('figure');
      return { id: figure ? figure.id : '', width: canvas.width, height: canvas.height, painted };
    });
    return {
      canvases,
      chartsDrawn: Number(document.documentElement.getAttribute('data-charts-drawn')),
      pwned: window.__pwned,
    };
  })()`)) as Pick<PageCheck, 'canvases' | 'chartsDrawn' | 'pwned'>;
  return { page, consoleErrors, network, ...result };
}
