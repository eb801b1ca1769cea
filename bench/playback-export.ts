// The export half of `npm run bench:playback`: how long a 30 s clip takes to make, since its frames are
// painted at virtual instants rather than recorded. Node (tokenbench playback's path: @napi-rs/canvas +
// modern-gif), split into painting + per-frame encoder work and the encoder's final pass, with the file
// size and the process's peak RSS; then the playback view's GIF and WebM export in headless Chromium,
// timed by the page itself. Prints figures; asserts nothing.
import { stat } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { speedClip } from '../common/playback/clip.js';
import { frameCount, type Clip } from '../common/playback/frame-state.js';
import { encodeGifClip } from '../common/playback/gif-clip.js';
import { PRESET_SPEEDS } from '../common/playback/lanes.js';
import { sampleText } from '../common/playback/playback-text.js';
import { exportCanvas } from '../main/cli/playback-canvas.js';

const SECONDS = 30;
const FRAME = { seconds: SECONDS, fps: 10, width: 640, height: 360 };

export interface ExportFigures {
  label: string;
  frames: number;
  /** Painting every frame and handing it to the encoder. */
  framesMs: number;
  /** The encoder's last pass (palette, indexing, compression). */
  finishMs: number;
  bytes: number;
  peakRssMb: number;
}

async function nodeGif(label: string, clip: Clip): Promise<ExportFigures> {
  const canvas = await exportCanvas(clip.width, clip.height, undefined);
  let peakRss = process.memoryUsage().rss;
  const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  let framesDone = started;
  try {
    const gif = await encodeGifClip(clip, canvas.surface, {
      fonts: canvas.fonts,
      onProgress: (p) => {
        if (p.phase === 'finishing' && p.done === 0) framesDone = performance.now();
      },
    });
    const ended = performance.now();
    return { label, frames: frameCount(clip), framesMs: framesDone - started, finishMs: ended - framesDone, bytes: gif.byteLength, peakRssMb: Math.max(peakRss, process.memoryUsage().rss) / 1e6 };
  } finally {
    clearInterval(sample);
  }
}

/** The view's export of the same clip in Chromium: its own "made in X s" line, and the file size. */
async function browserExport(browser: Browser, pageUrl: string, format: 'gif' | 'webm', fps: number): Promise<{ label: string; seconds: number; bytes: number }> {
  const page = await browser.newPage({ acceptDownloads: true });
  try {
    await page.goto(pageUrl);
    await page.waitForSelector('[data-action=export]', { timeout: 15_000 });
    await page.selectOption('[aria-label="export format"]', format);
    await page.fill('[aria-label="export seconds"]', String(SECONDS));
    await page.selectOption('[aria-label="export size"]', `${FRAME.width}x${FRAME.height}`);
    await page.selectOption('[aria-label="export frame rate"]', String(fps));
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.click('[data-action=export]')]);
    const status = (await page.locator('.pb-export [role=status]').textContent()) ?? '';
    const made = /made in (\d+\.\d) s/.exec(status);
    const { size } = await stat(await download.path());
    return { label: `Chromium ${format.toUpperCase()} ${fps} fps`, seconds: made ? Number(made[1]) : Number.NaN, bytes: size };
  } finally {
    await page.close();
  }
}

export async function exportBench(browser: Browser, serverUrl: string): Promise<void> {
  const text = sampleText();
  const two = await nodeGif('Node GIF, 2 lanes (55, 19.9 tokens/s)', speedClip([55, 19.9], text, FRAME));
  const six = await nodeGif('Node GIF, 6 lanes (the presets)', speedClip(PRESET_SPEEDS, text, FRAME));
  console.log(
    `\nexport — a ${SECONDS} s clip, ${FRAME.width}×${FRAME.height}, frames painted at virtual instants (not recorded); ` +
      `${cpus().length} CPU cores, load average ${loadavg()[0].toFixed(2)}:`,
  );
  for (const f of [two, six]) {
    const total = (f.framesMs + f.finishMs) / 1000;
    console.log(
      `${f.label}: ${f.frames} frames at ${FRAME.fps} fps · ${total.toFixed(1)} s total (frames ${(f.framesMs / 1000).toFixed(1)} s = ` +
        `${(f.framesMs / f.frames).toFixed(1)} ms/frame, encoder's last pass ${(f.finishMs / 1000).toFixed(1)} s) · ${Math.round(f.bytes / 1024)} KB · peak RSS ${f.peakRssMb.toFixed(0)} MB`,
    );
  }
  const pageUrl = `${serverUrl}/playback.html?speeds=55,19.9`;
  for (const [format, fps] of [
    ['gif', 10],
    ['webm', 30],
  ] as const) {
    const b = await browserExport(browser, pageUrl, format, fps);
    console.log(`${b.label}, 2 lanes: ${SECONDS * fps} frames · made in ${b.seconds.toFixed(1)} s · ${Math.round(b.bytes / 1024)} KB`);
  }
}
