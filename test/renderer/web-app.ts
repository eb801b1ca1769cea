// `tokenbench ui` for a browser test: the real app service (runs and settings in a temp folder, no
// telemetry) behind the real web server, serving the bundled page, and Chromium to open it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createAppService, type AppService } from '../../main/app/service.js';
import { SingleUseDownloads } from '../../main/app/web-downloads.js';
import { newWebToken, startWebServer, webReportSaver, type WebServer } from '../../main/app/web-server.js';
import { launchChromium, type LaunchedBrowser } from '../support/browser.js';
import { bundlePage } from './bundle.js';

export interface WebApp {
  service: AppService;
  /** The folder of run folders the service writes (inside a temp folder removed on close). */
  runsDir: string;
  web: WebServer;
  browser: LaunchedBrowser;
  /** Uncaught page errors and CSP violations of every watched page; a test expects none. */
  pageErrors: string[];
  /** Records the page's errors and CSP violations (the server's CSP header) into pageErrors. */
  watch(page: Page): void;
  close(): Promise<void>;
}

export async function startWebApp(): Promise<WebApp> {
  const work = mkdtempSync(join(tmpdir(), 'tokenbench-webapp-'));
  const token = newWebToken();
  const downloads = new SingleUseDownloads();
  const [bundle, browser] = await Promise.all([bundlePage('renderer/pages/app.tsx'), launchChromium()]);
  const service = createAppService({ runsDir: join(work, 'runs'), settingsFile: join(work, 'settings.json'), saveReport: webReportSaver(downloads), telemetry: 'none' });
  const web = await startWebServer({ service, token, downloads, rendererDir: bundle.dir });
  const pageErrors: string[] = [];
  return {
    service,
    runsDir: join(work, 'runs'),
    web,
    browser,
    pageErrors,
    watch(page) {
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) pageErrors.push(`console: ${msg.text()}`);
      });
    },
    async close() {
      await browser.close();
      await web.close();
      await service.close();
      bundle.remove();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
