// The playback view's export in real Chromium through web mode: `tokenbench ui`'s web server and app
// service over a run recorded from the scripted server, the playback page loading it over the HTTP bridge.
// The downloaded GIF is decoded (modern-gif) and the WebM demuxed (mediabunny) in Node.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_FORMATS, BufferSource, Input } from 'mediabunny';
import { decode } from 'modern-gif';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../common/settings.js';
import { createAppService, type AppService } from '../../../main/app/service.js';
import { SingleUseDownloads } from '../../../main/app/web-downloads.js';
import { newWebToken, startWebServer, webReportSaver, type WebServer } from '../../../main/app/web-server.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, type LaunchedBrowser } from '../../support/browser.js';
import { startScriptedServer, type ScriptedServer } from '../../support/scripted-server.js';
import { bundlePlaybackPage, type BundledPage } from './support.js';

if (!hasChromium) console.warn(`playback export tests skipped: ${NO_CHROMIUM_REASON}`);

const WAIT = { timeout: 60_000 };

describe.skipIf(!hasChromium)('playback export in Chromium (web mode)', () => {
  let llm: ScriptedServer;
  let service: AppService;
  let web: WebServer;
  let bundle: BundledPage;
  let browser: LaunchedBrowser;
  let page: Page;
  let work: string;
  let runId: string;
  const token = newWebToken();
  const downloads = new SingleUseDownloads();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tokenbench-export-'));
    // Answers with a thinking part, a 300 ms wait and 25 ms between tokens: a replay worth exporting.
    [llm, bundle, browser] = await Promise.all([
      startScriptedServer({ tokens: 40, thinkingTokens: 10, prefillMs: 300, tokenIntervalMs: 25 }),
      bundlePlaybackPage(),
      launchChromium(),
    ]);
    service = createAppService({ runsDir: join(work, 'runs'), settingsFile: join(work, 'settings.json'), saveReport: webReportSaver(downloads), telemetry: 'none' });
    await service.saveSettings({ ...DEFAULT_SETTINGS, url: llm.url, profile: 'custom', custom: { ...DEFAULT_SETTINGS.custom, concurrency: [1, 2], think: true } });
    const finished = new Promise<string>((resolve) => service.onRunEvent((event) => event.type === 'finished' && resolve(event.status)));
    runId = (await service.startRun()).runId;
    expect(await finished).toBe('completed');
    web = await startWebServer({ service, token, downloads, rendererDir: bundle.dir });
    page = await browser.browser.newPage({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`http://127.0.0.1:${web.port}/playback.html?run=${encodeURIComponent(runId)}&token=${token}&speeds=55,19.9`);
    await page.waitForSelector('section[data-kind=replay] .pb-lane-live', WAIT);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await service?.close();
    await llm?.close();
    bundle?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  /** Sets the export form, clicks Export and returns the downloaded file and its suggested name. */
  async function exportClip(form: { source: string; format: string; seconds: string; size: string; fps: string }): Promise<{ name: string; bytes: Buffer }> {
    await page.selectOption('[aria-label="export source"]', form.source);
    await page.selectOption('[aria-label="export format"]', form.format);
    await page.fill('[aria-label="export seconds"]', form.seconds);
    await page.selectOption('[aria-label="export size"]', form.size);
    await page.selectOption('[aria-label="export frame rate"]', form.fps);
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('[data-action=export]')]);
    const path = await download.path();
    await expect.poll(() => page.locator('.pb-export').getAttribute('data-export-state'), WAIT).toBe('done');
    return { name: download.suggestedFilename(), bytes: readFileSync(path) };
  }

  it('exports the speed lanes as a GIF: one frame per 1/fps, each 100 ms at 10 fps, at the chosen size', async () => {
    const { name, bytes } = await exportClip({ source: 'lanes', format: 'gif', seconds: '3', size: '480x270', fps: '10' });
    expect(name).toBe('tokenbench-55-19.9-tps.gif');
    const gif = decode(bytes);
    expect([gif.width, gif.height]).toEqual([480, 270]);
    expect(gif.frames).toHaveLength(30);
    expect(gif.frames.map((f) => f.delay)).toEqual(Array.from({ length: 30 }, () => 100));
    expect(await page.locator('.pb-export [role=status]').textContent()).toMatch(/^tokenbench-55-19\.9-tps\.gif: 30 frames, \d+ KB, made in \d+\.\d s\./);
  });

  it('exports the replay as a WebM video: a valid container with the expected duration and frame count', async () => {
    const { name, bytes } = await exportClip({ source: 'replay', format: 'webm', seconds: '2', size: '640x360', fps: '30' });
    expect(name).toBe('tokenbench-replay-1-0.webm');
    const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
    expect((await input.getFormat()).name).toBe('WebM');
    const video = await input.getPrimaryVideoTrack();
    expect(video).not.toBeNull();
    expect(['vp9', 'vp8']).toContain(video!.codec);
    expect([video!.displayWidth, video!.displayHeight]).toEqual([640, 360]);
    const stats = await video!.computePacketStats();
    expect(stats.packetCount).toBe(60);
    // The last frame starts at 59/30 s and lasts 1/30 s.
    expect(await input.computeDuration()).toBeCloseTo(2, 2);
  });
});
