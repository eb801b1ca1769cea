// `npm run bench:ui`: frame times of the live view while it receives a 256-stream run's events
// (renderer/testing/ui-bench.tsx) in headless Chromium. Prints figures; asserts nothing. The issue's
// target: p99 frame ≤ 33 ms.
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, hasChromium, launchChromium } from '../test/support/browser.js';
import { bundleRendererEntries } from '../test/support/bundle-renderer.js';

interface Result {
  frames: number;
  frameMs: { p50: number; p99: number; max: number };
  events: number;
  eventsPerSecond: number;
  records: number;
  longTasks: number;
}

// dist/bench/ui.js or bench/ui.ts: the repository is two levels up from dist/bench, one from bench.
const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = existsSync(join(here, '..', 'renderer', 'testing', 'ui-bench.tsx')) ? resolve(here, '..') : resolve(here, '..', '..');

async function main(): Promise<void> {
  if (!hasChromium) {
    console.error(`bench:ui needs Chromium at ${CHROMIUM_PATH}`);
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tokenbench-uibench-'));
  const browser = await launchChromium();
  try {
    await bundleRendererEntries({ bench: join(repoRoot, 'renderer/testing/ui-bench.tsx') }, dir, { minify: true });
    copyFileSync(join(repoRoot, 'renderer/pages/app.css'), join(dir, 'app.css'));
    writeFileSync(
      join(dir, 'bench.html'),
      '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="app.css"></head><body><div id="root"></div><script src="bench.js"></script></body></html>',
    );
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(join(dir, 'bench.html')).href);
    await page.waitForFunction(() => (globalThis as { __uiBenchReady?: boolean }).__uiBenchReady === true, null, { timeout: 10_000 });
    const scenarios = [
      { name: 'sustained-256 (128 req/s)', streams: 256, recordsPerSecond: 128, durationMs: 10_000 },
      { name: 'burst-1024 (1,024 req/s)', streams: 1024, recordsPerSecond: 1024, durationMs: 5_000 },
    ];
    console.log('scenario                    frames  p50 ms  p99 ms  max ms  events/s  records  long tasks');
    for (const s of scenarios) {
      await page.reload();
      await page.waitForFunction(() => (globalThis as { __uiBenchReady?: boolean }).__uiBenchReady === true, null, { timeout: 10_000 });
      const r = (await page.evaluate(
        (opts) => (globalThis as unknown as { __runUiBench(o: typeof opts): Promise<Result> }).__runUiBench(opts),
        s,
      )) as Result;
      console.log(
        `${s.name.padEnd(27)} ${String(r.frames).padStart(6)} ${r.frameMs.p50.toFixed(1).padStart(7)} ${r.frameMs.p99.toFixed(1).padStart(7)} ${r.frameMs.max
          .toFixed(1)
          .padStart(7)} ${r.eventsPerSecond.toFixed(1).padStart(9)} ${String(r.records).padStart(8)} ${String(r.longTasks).padStart(11)}`,
      );
    }
    console.log('target: p99 frame ≤ 33 ms during a 256-stream run (headless Chromium, software rendering)');
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
