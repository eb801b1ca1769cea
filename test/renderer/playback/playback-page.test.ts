// The standalone playback page in real Chromium, with virtual time (page.clock) driving
// performance.now() and requestAnimationFrame. Counts are read from each lane's data-tokens.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDetail, startPlaybackServer, type PlaybackServer } from '../../../bench/playback-server.js';
import { dueAfterWait, dueAtSpeed, dueByOffsets } from '../../../common/playback/token-clock.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, type LaunchedBrowser } from '../../support/browser.js';
import { bundlePlaybackPage, markupRecord, MARKUP_PIECES, recordFromOllamaCapture, repoRoot, type BundledPage } from './support.js';

if (!hasChromium) console.warn(`playback page tests skipped: ${NO_CHROMIUM_REASON}`);

const PRESETS = [100, 55, 30.7, 19.9, 9.1, 6.3];
const FRAME_MS = 16.7;
const TOKEN = 'test-token';
const RUN_ID = '2025-07-28T15-43-00Z-ollama';

interface LaneView {
  kind: string;
  speed: number;
  tokens: number;
  state: string;
  status: string;
}

async function lanes(page: Page): Promise<LaneView[]> {
  return page.$$eval('section.pb-lane', (sections) =>
    sections.map((section) => {
      const live = section.querySelector('.pb-lane-live');
      return {
        kind: section.getAttribute('data-kind') ?? '',
        speed: Number(section.getAttribute('data-speed')),
        tokens: Number(live?.getAttribute('data-tokens') ?? -1),
        state: live?.getAttribute('data-state') ?? '',
        status: live?.querySelector('.pb-status')?.textContent ?? '',
      };
    }),
  );
}

const speedCounts = async (page: Page) => (await lanes(page)).filter((l) => l.kind === 'speed').map((l) => l.tokens);
const lane = async (page: Page, kind: string) => (await lanes(page)).find((l) => l.kind === kind);
const now = (page: Page) => page.evaluate(() => performance.now());

/** Opens the page under a paused virtual clock: time moves only by runFor/fastForward. */
async function open(page: Page, url: string, ready: string): Promise<void> {
  await page.clock.install();
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 10_000 });
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
}

describe.skipIf(!hasChromium)('playback page in Chromium', () => {
  let browser: LaunchedBrowser;
  let bundle: BundledPage;
  let server: PlaybackServer;
  const captured = recordFromOllamaCapture(1, 0);

  beforeAll(async () => {
    bundle = await bundlePlaybackPage();
    const records = [markupRecord(2, 0), ...(captured ? [captured] : [])];
    server = await startPlaybackServer({ root: bundle.dir, token: TOKEN, runs: [{ id: RUN_ID, records }] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    bundle?.remove();
  });

  it('paces each lane by its speed at fixed virtual times, with catch-up after a long frame gap', async () => {
    const page = await browser.browser.newPage();
    await open(page, `${server.url}/playback.html?speeds=${PRESETS.join(',')}`, 'section.pb-lane .pb-lane-live');
    expect(await speedCounts(page)).toEqual([0, 0, 0, 0, 0, 0]);
    await page.click('[data-action=play]');
    const started = await now(page);

    for (const at of [1_000, 2_500, 10_000]) {
      await page.clock.runFor(at - ((await now(page)) - started));
      const elapsed = (await now(page)) - started;
      const counts = await speedCounts(page);
      // Drawn on the last frame, at most one frame before this instant.
      counts.forEach((count, i) => {
        expect(count).toBeLessThanOrEqual(dueAtSpeed(elapsed, PRESETS[i]));
        expect(count).toBeGreaterThanOrEqual(dueAtSpeed(elapsed - FRAME_MS, PRESETS[i]));
      });
    }
    // One jump of 50 s with a single frame at its end: every lane catches up at once, no drift.
    await page.clock.fastForward(60_000 - ((await now(page)) - started));
    await page.clock.runFor(1);
    await page.click('[data-action=play]'); // pause draws the exact instant
    const elapsed = (await now(page)) - started;
    expect(elapsed).toBeGreaterThanOrEqual(60_000);
    expect(elapsed).toBeLessThan(60_000 + 2 * FRAME_MS);
    expect(await speedCounts(page)).toEqual(PRESETS.map((speed) => dueAtSpeed(elapsed, speed)));
    expect((await speedCounts(page))[1]).toBeGreaterThanOrEqual(3_300);
    expect((await speedCounts(page))[1]).toBeLessThanOrEqual(3_301);
    // Each lane keeps at most two passes of the text in the DOM.
    const passes = await page.$$eval('section.pb-lane', (s) => s.map((e) => e.querySelectorAll('.pb-pass').length));
    expect(Math.max(...passes)).toBeLessThanOrEqual(2);
    await page.close();
  });

  it('keeps every count across pause and resume, and restart empties the lanes', async () => {
    const page = await browser.browser.newPage();
    await open(page, `${server.url}/playback.html?speeds=55,9.1`, 'section.pb-lane .pb-lane-live');
    await page.click('[data-action=play]');
    const started = await now(page);
    await page.clock.runFor(2_000);
    await page.click('[data-action=play]');
    const pausedAt = (await now(page)) - started;
    const atPause = await speedCounts(page);
    expect(atPause).toEqual([dueAtSpeed(pausedAt, 55), dueAtSpeed(pausedAt, 9.1)]);
    await page.clock.runFor(5_000);
    expect(await speedCounts(page)).toEqual(atPause);
    expect(await page.textContent('[data-action=play]')).toBe('Play');

    const resumed = await now(page);
    await page.click('[data-action=play]');
    await page.clock.runFor(1_000);
    await page.click('[data-action=play]');
    const total = pausedAt + ((await now(page)) - resumed);
    expect(await speedCounts(page)).toEqual([dueAtSpeed(total, 55), dueAtSpeed(total, 9.1)]);

    await page.click('[data-action=restart]');
    expect(await speedCounts(page)).toEqual([0, 0]);
    expect(await page.$$eval('.pb-text', (els) => els.map((e) => e.textContent))).toEqual(['', '']);
    await page.close();
  });

  it.skipIf(!captured)('replays a real request with its recorded offsets, wait included, within one frame', async () => {
    if (!captured) return;
    const page = await browser.browser.newPage();
    await open(page, `${server.url}/playback.html?run=${RUN_ID}&token=${TOKEN}`, 'section[data-kind=replay] .pb-lane-live');
    expect(server.calls.map((c) => c.verb)).toContain('getRequest');
    const offsets = captured.pieceOffsetsMs;
    const ttft = offsets[0];
    expect(ttft).toBeGreaterThan(3_000); // the capture's model load: a real, visible wait

    await page.click('[data-action=play]');
    const started = await now(page);
    await page.clock.runFor(1_000);
    const waiting = await lane(page, 'replay');
    expect(waiting?.state).toBe('waiting');
    expect(waiting?.tokens).toBe(0);
    expect(waiting?.status).toMatch(/waiting for the first token · 1\.0 s/);
    expect(await page.isEnabled('[data-action=skip-wait]')).toBe(true);

    // Note the virtual instant of every frame that changed the replay's count (the observer runs right
    // after the frame's callback, before time can move), then play the whole request in one go.
    await page.evaluate(`(() => {
      const live = document.querySelector('section[data-kind=replay] .pb-lane-live');
      const log = (window.__replayLog = []);
      new MutationObserver(() => log.push([performance.now(), Number(live.getAttribute('data-tokens'))]))
        .observe(live, { attributes: true, attributeFilter: ['data-tokens'] });
    })()`);
    await page.clock.runFor(offsets[offsets.length - 1] + 500 - ((await now(page)) - started));
    const log = (await page.evaluate('window.__replayLog')) as Array<[number, number]>;
    const appearedAt: number[] = [];
    for (const [at, shown] of log) while (appearedAt.length < shown) appearedAt.push(at - started);
    expect(appearedAt).toHaveLength(offsets.length);
    appearedAt.forEach((at, i) => {
      expect(at).toBeGreaterThanOrEqual(offsets[i]);
      expect(at - offsets[i]).toBeLessThanOrEqual(FRAME_MS);
    });
    const done = await lane(page, 'replay');
    expect(done?.state).toBe('done');
    expect(await page.textContent('section[data-kind=replay] .pb-text')).toBe(captured.text);
    expect(await page.isEnabled('[data-action=skip-wait]')).toBe(false);
    await page.close();
  });

  it.skipIf(!captured)('skips the wait and replays at a multiplier beside the level-mean lane', async () => {
    if (!captured) return;
    const page = await browser.browser.newPage();
    await open(page, `${server.url}/playback.html?run=${RUN_ID}&token=${TOKEN}`, 'section[data-kind=replay-mean] .pb-lane-live');
    const offsets = captured.pieceOffsetsMs;
    await page.selectOption('select[aria-label="replay speed multiplier"]', '2');
    await page.click('[data-action=play]');
    const started = await now(page);
    await page.clock.runFor(500);
    await page.click('[data-action=skip-wait]');
    const skippedAt = (await now(page)) - started;
    expect((await lane(page, 'replay'))?.tokens).toBe(1);
    expect(await page.isEnabled('[data-action=skip-wait]')).toBe(false);
    await page.clock.runFor(600);
    await page.click('[data-action=play]');
    // Replay time: the first offset at the skip, then twice the real time.
    const position = offsets[0] + 2 * ((await now(page)) - started - skippedAt);
    const replay = await lane(page, 'replay');
    const mean = await lane(page, 'replay-mean');
    expect(replay?.tokens).toBe(dueByOffsets(position, offsets));
    expect(mean?.tokens).toBe(dueAfterWait(position, offsets[0], mean?.speed ?? 0, offsets.length));
    expect(mean?.speed).toBeCloseTo(captured.tokensPerSecond ?? 0, 6); // one request: its level's mean is its own speed
    await page.close();
  });

  it('shows model markup as text and the thinking part apart from the answer', async () => {
    const page = await browser.browser.newPage();
    await open(page, `${server.url}/playback.html?run=${RUN_ID}&token=${TOKEN}`, 'section[data-kind=replay] .pb-lane-live');
    await page.clock.resume();
    await page.selectOption('select[aria-label="recorded request"]', 'c2#0');
    await page.waitForSelector('section[data-lane="replay-2-0"] .pb-lane-live', { timeout: 10_000 });
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
    await page.click('[data-action=play]');
    await page.clock.runFor(2_000);
    const replay = page.locator('section[data-lane="replay-2-0"]');
    expect(await replay.locator('.pb-think').textContent()).toBe('Let me think.');
    expect(await replay.locator('.pb-answer').textContent()).toBe(MARKUP_PIECES.join(''));
    // Speed lanes stream the same recorded text: the markup is inert there too.
    expect(await page.locator('.pb-text b, .pb-text img, .pb-text script').count()).toBe(0);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    // The answer span holds text nodes only (nodeType 3).
    expect(await replay.locator('.pb-answer').evaluate((span) => [...span.childNodes].map((n) => n.nodeType))).toEqual([3]);
    await page.close();
  });

  it('only appends: shown text is never rewritten or removed while a pass plays', async () => {
    const page = await browser.browser.newPage();
    await open(page, `${server.url}/playback.html?speeds=55,19.9`, 'section.pb-lane .pb-lane-live');
    await page.evaluate(`(() => {
      const log = (window.__mutations = { removed: 0, rewritten: 0, appended: 0 });
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          log.removed += r.removedNodes.length;
          if (r.type === 'characterData') {
            if (r.target.data.startsWith(r.oldValue)) log.appended++;
            else log.rewritten++;
          }
        }
      });
      for (const text of document.querySelectorAll('.pb-text')) {
        observer.observe(text, { subtree: true, childList: true, characterData: true, characterDataOldValue: true });
      }
    })()`);
    await page.click('[data-action=play]');
    await page.clock.runFor(500);
    const firstBlock = await page.evaluateHandle(`document.querySelector('section[data-speed="55"] .pb-think')`);
    await page.clock.runFor(2_500); // 55 t/s × 3 s = 165 tokens: less than one pass of the sample
    const log = (await page.evaluate('window.__mutations')) as { removed: number; rewritten: number; appended: number };
    expect(log.removed).toBe(0);
    expect(log.rewritten).toBe(0);
    expect(log.appended).toBeGreaterThan(100);
    expect(await page.evaluate(([block]) => (block as { isConnected: boolean }).isConnected, [firstBlock])).toBe(true);
    // The sample's thinking part and answer are in separate blocks, paragraphs of the answer in their own.
    expect(await page.locator('section[data-speed="55"] .pb-think').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('section[data-speed="55"] .pb-answer').count()).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('adds custom, preset and "this run" lanes, and says when the run cannot be read', async () => {
    const page = await browser.browser.newPage();
    await page.goto(`${server.url}/playback.html?run=${RUN_ID}&token=${TOKEN}`);
    await page.waitForSelector('section[data-kind=replay] .pb-lane-live', { timeout: 10_000 });
    const speeds = async () => (await lanes(page)).filter((l) => l.kind === 'speed').map((l) => l.speed);
    expect(await speeds()).toEqual(PRESETS);

    await page.fill('input[aria-label="custom tokens per second"]', '42.5');
    await page.click('button[type=submit]');
    await page.uncheck('label:has-text("100") input');
    expect(await speeds()).toEqual([55, 30.7, 19.9, 9.1, 6.3, 42.5]);

    await page.click('[data-action=this-run]');
    const detail = runDetail({ id: RUN_ID, records: [markupRecord(2, 0), ...(captured ? [captured] : [])] });
    const means = detail.levels.map((level) => level.tokensPerSecond?.mean);
    expect((await speeds()).slice(6)).toEqual(means);
    expect(await page.locator('section.pb-lane header span', { hasText: 'this run · 2 parallel' }).count()).toBe(1);

    await page.goto(`${server.url}/playback.html?run=${RUN_ID}&token=wrong`);
    await page.waitForSelector('.pb-error', { timeout: 10_000 });
    expect(await page.textContent('.pb-error')).toMatch(/Could not load run .*bad token/);
    expect(await speeds()).toEqual(PRESETS); // still plays the sample
    await page.close();
  });

  it('saves a screenshot of six lanes mid-play beside a replay', async () => {
    const page = await browser.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const ready = captured ? 'section[data-kind=replay] .pb-lane-live' : 'section.pb-lane .pb-lane-live';
    await open(page, captured ? `${server.url}/playback.html?run=${RUN_ID}&token=${TOKEN}` : `${server.url}/playback.html`, ready);
    await page.click('[data-action=play]');
    await page.clock.runFor(5_000);
    const counts = await speedCounts(page);
    expect(counts).toHaveLength(6);
    expect(counts.every((c) => c > 0)).toBe(true);
    const out = join(repoRoot, 'test', 'artifacts');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: join(out, 'playback-six-lanes.png'), fullPage: true });
    expect(existsSync(join(out, 'playback-six-lanes.png'))).toBe(true);
    await page.close();
  });
});
