// `npm run bench:ui`: frame times of the live view during a 256-stream run, in headless Chromium.
// Headline scenarios: REAL runs — the scripted LLM server in a child process (this file, forked with
// --scripted-server), the app's back end (service + web server) in this process, the built page
// (dist/renderer) started from the popover's "Run benchmark" button, its live view following the run over SSE.
// Then the synthetic scenarios: the same view fed through a fake bridge (renderer/testing/ui-bench.tsx).
// Prints figures; asserts nothing. The target: p99 frame ≤ 33 ms during a 256-stream run.
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { rendererDir } from '../main/app/renderer-dir.js';
import { createAppService, type AppService } from '../main/app/service.js';
import { DEFAULT_SETTINGS } from '../common/settings.js';
import { SingleUseDownloads } from '../main/app/web-downloads.js';
import { newWebToken, startWebServer, webReportSaver } from '../main/app/web-server.js';
import { percentile } from '../main/metrics/stats.js';
import type { LevelSummary } from '../common/results.js';
import { CHROMIUM_PATH, hasChromium, launchChromium } from '../test/support/browser.js';
import { bundleRendererEntries } from '../test/support/bundle-renderer.js';
import { startScriptedServer } from '../test/support/scripted-server.js';

// dist/bench/ui.js or bench/ui.ts: the repository is two levels up from dist/bench, one from bench.
const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = existsSync(join(here, '..', 'renderer', 'testing', 'ui-bench.tsx')) ? resolve(here, '..') : resolve(here, '..', '..');
const SELF = fileURLToPath(import.meta.url);
const SERVER_FLAG = '--scripted-server';

/** How the scripted server answers: every answer's length in [minTokens, maxTokens], one token per interval. */
interface ServerScript {
  tokenIntervalMs: number;
  minTokens: number;
  maxTokens: number;
}

interface RealScenario {
  name: string;
  streams: number;
  durationMs: number;
  server: ServerScript;
}

/**
 * 256 streams kept busy for 20 s at 20 ms per token (≈50 tokens/s per stream, 12,800 tokens/s in all).
 * "varied": answers of 100–700 tokens, so requests end at different times and records flow all along, as
 * with a real model. "lockstep": every answer 400 tokens, so the 256 streams end together and the page
 * gets three batches of 256 records: the biggest single updates a 256-stream run can send.
 */
const REAL_SCENARIOS: RealScenario[] = [
  { name: 'real sustained-256, varied answers', streams: 256, durationMs: 20_000, server: { tokenIntervalMs: 20, minTokens: 100, maxTokens: 700 } },
  { name: 'real sustained-256, lockstep answers', streams: 256, durationMs: 20_000, server: { tokenIntervalMs: 20, minTokens: 400, maxTokens: 400 } },
];
/** A frame later than 1.5 refresh intervals (60 Hz) means at least one refresh showed nothing new. */
const DROPPED_FRAME_MS = 1.5 * (1000 / 60);
const RUN_TIMEOUT_MS = 180_000;

const epochNow = (): number => performance.timeOrigin + performance.now();

interface FrameFigures {
  frames: number;
  p50: number;
  p99: number;
  max: number;
  dropped: number;
}

function frameFigures(intervals: number[]): FrameFigures {
  const sorted = Float64Array.from(intervals).sort();
  if (sorted.length === 0) return { frames: 0, p50: NaN, p99: NaN, max: NaN, dropped: 0 };
  return {
    frames: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    dropped: intervals.filter((ms) => ms > DROPPED_FRAME_MS).length,
  };
}

// Runs in the page before the app's own script: every animation frame's and long task's time, on the
// epoch clock (performance.timeOrigin + now) so the bench can cut out the level's window. A string, not
// a function, because this file is type-checked without DOM types.
const FRAME_RECORDER = `(() => {
  const origin = performance.timeOrigin;
  const frames = [];
  const longTasks = [];
  const tick = (t) => { frames.push(origin + t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push([origin + e.startTime, e.duration]);
  }).observe({ type: 'longtask' });
  globalThis.__benchFrames = frames;
  globalThis.__benchLongTasks = longTasks;
})();`;

interface PushedEvent {
  at: number;
  bytes: number;
  records: number;
}

/**
 * The service as the web server sees it, counting every event pushed to each SSE stream (the page is
 * the only one) and resolving when the run finishes.
 */
function countingService(service: AppService): { service: AppService; pushed: PushedEvent[]; finished: Promise<LevelSummary[]> } {
  const pushed: PushedEvent[] = [];
  const levels: LevelSummary[] = [];
  let onFinished: (levels: LevelSummary[]) => void = () => {};
  const finished = new Promise<LevelSummary[]>((done) => (onFinished = done));
  service.onRunEvent((event) => {
    if (event.type === 'level') levels.push(event.summary);
    if (event.type === 'finished') onFinished(levels);
  });
  const counted: AppService = {
    ...service,
    onRunEvent: (listener) =>
      service.onRunEvent((event) => {
        // Bytes as the web server writes them (`data: <JSON>\n\n`); this second stringify (~60 KiB/s) is
        // the bench's own and is inside the bench-process CPU figure.
        const records = event.type === 'requests' ? event.records.length : 0;
        pushed.push({ at: epochNow(), bytes: Buffer.byteLength(JSON.stringify(event)) + 8, records });
        listener(event);
      }),
  };
  return { service: counted, pushed, finished };
}

/** The child side: the scripted server, its URL sent to the parent, closed when the parent disconnects. */
async function serveAsChild(script: ServerScript): Promise<void> {
  const span = script.maxTokens - script.minTokens + 1;
  const server = await startScriptedServer({
    tokenIntervalMs: script.tokenIntervalMs,
    // A short warm-up (request 0), then lengths spread evenly over the span in a scrambled order.
    script: ({ index }) => ({ tokens: index === 0 ? 8 : script.minTokens + ((index * 7919) % span) }),
  });
  process.send?.({ type: 'ready', url: server.url });
  process.once('disconnect', () => void server.close().then(() => process.exit(0)));
}

function startServerChild(script: ServerScript): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(SELF, [SERVER_FLAG, JSON.stringify(script)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error('scripted server did not start within 10 s'));
    }, 10_000);
    child.once('message', (m: { url: string }) => {
      clearTimeout(timer);
      done({ child, url: m.url });
    });
    child.once('exit', (code) => fail(new Error(`scripted server exited with ${code}`)));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${what} did not happen within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface RealResult {
  frames: FrameFigures;
  longTasks: number;
  longTaskMs: number;
  sseMessagesPerSecond: number;
  sseKiBPerSecond: number;
  sseRecordsPerSecond: number;
  largestBatch: { records: number; kib: number };
  recordsShown: string;
  phase: string;
  level: LevelSummary;
  benchCpuPct: number;
  pageErrors: string[];
}

async function realRun(browser: Browser, scenario: RealScenario): Promise<RealResult> {
  const dir = rendererDir();
  if (!existsSync(join(dir, 'app.html'))) throw new Error(`${dir}app.html is missing: run npm run build (npm run bench:ui does)`);
  const work = mkdtempSync(join(tmpdir(), 'tokenbench-uibench-real-'));
  const llm = await startServerChild(scenario.server);
  const token = newWebToken();
  const downloads = new SingleUseDownloads();
  const backEnd = createAppService({ runsDir: join(work, 'runs'), settingsFile: join(work, 'settings.json'), saveReport: webReportSaver(downloads), telemetry: 'none' });
  const counting = countingService(backEnd);
  const web = await startWebServer({ service: counting.service, token, downloads, rendererDir: dir });
  // This process's CPU (engine, web server, this bench) from the level's phase event to its summary.
  const cpu: { atLevel: NodeJS.CpuUsage | null; level: NodeJS.CpuUsage | null } = { atLevel: null, level: null };
  backEnd.onRunEvent((event) => {
    if (event.type === 'phase' && event.phase === 'level') cpu.atLevel = process.cpuUsage();
    if (event.type === 'level' && cpu.atLevel) cpu.level = process.cpuUsage(cpu.atLevel);
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await backEnd.saveSettings({
      ...DEFAULT_SETTINGS,
      url: llm.url,
      profile: 'custom',
      custom: { ...DEFAULT_SETTINGS.custom, concurrency: [scenario.streams], mode: 'sustained', durationMs: scenario.durationMs, requests: null, maxTokens: null, cooldownMs: 0 },
    });
    page.setDefaultTimeout(15_000);
    await page.addInitScript({ content: FRAME_RECORDER });
    await page.goto(web.url);
    await page.getByLabel('Server status').filter({ hasText: 'Reachable' }).waitFor();
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    // The popover follows the run in a compact card; the live view measured here is the same document at
    // its own route (a hash change: the event stream and the frame recorder go on).
    const runId = await page.locator('.running-card').getAttribute('data-run');
    await page.evaluate(`location.hash = '#/live/' + encodeURIComponent(${JSON.stringify(runId)})`);
    await page.waitForURL('**#/live/**');
    const levels = await withTimeout(counting.finished, RUN_TIMEOUT_MS, 'the end of the run');
    // Let the page render the last flush before reading it.
    await page.locator('.phase').filter({ hasText: /^Run / }).waitFor();
    await new Promise((r) => setTimeout(r, 500));
    const level = levels[0];
    if (!level) throw new Error('the run finished without a measured level');

    const { frameTimes, longTasks } = (await page.evaluate(() => {
      const g = globalThis as unknown as { __benchFrames: number[]; __benchLongTasks: Array<[number, number]> };
      return { frameTimes: g.__benchFrames, longTasks: g.__benchLongTasks };
    })) as { frameTimes: number[]; longTasks: Array<[number, number]> };
    const inLevel = (t: number): boolean => t >= level.startedAt && t <= level.endedAt;
    const intervals: number[] = [];
    for (let i = 1; i < frameTimes.length; i++) if (inLevel(frameTimes[i - 1]!) && inLevel(frameTimes[i]!)) intervals.push(frameTimes[i]! - frameTimes[i - 1]!);
    const levelLongTasks = longTasks.filter(([start]) => inLevel(start));
    const levelSeconds = level.wallMs / 1000;
    const levelEvents = counting.pushed.filter((e) => inLevel(e.at));
    return {
      frames: frameFigures(intervals),
      longTasks: levelLongTasks.length,
      longTaskMs: levelLongTasks.reduce((sum, [, ms]) => sum + ms, 0),
      sseMessagesPerSecond: levelEvents.length / levelSeconds,
      sseKiBPerSecond: levelEvents.reduce((sum, e) => sum + e.bytes, 0) / 1024 / levelSeconds,
      sseRecordsPerSecond: level.requests / levelSeconds,
      largestBatch: levelEvents.reduce((big, e) => (e.records > big.records ? { records: e.records, kib: e.bytes / 1024 } : big), { records: 0, kib: 0 }),
      recordsShown: (await page.locator('.count').textContent()) ?? '?',
      phase: (await page.locator('.phase').textContent()) ?? '?',
      level,
      benchCpuPct: cpu.level === null ? NaN : ((cpu.level.user + cpu.level.system) / 1000 / level.wallMs) * 100,
      pageErrors,
    };
  } finally {
    await page.close();
    await web.close();
    await backEnd.close();
    llm.child.disconnect();
    rmSync(work, { recursive: true, force: true });
  }
}

function printReal(s: RealScenario, r: RealResult): void {
  const f = r.frames;
  const l = r.level;
  const answers = s.server.minTokens === s.server.maxTokens ? `${s.server.minTokens}` : `${s.server.minTokens}–${s.server.maxTokens}`;
  console.log(`${s.name}: ${s.streams} streams for ${s.durationMs / 1000} s, answers of ${answers} tokens at ${s.server.tokenIntervalMs} ms per token`);
  console.log(`  run:     ${r.phase}; level ${l.ok} ok / ${l.errors} errors of ${l.requests} requests, wall ${(l.wallMs / 1000).toFixed(1)} s, ${Math.round(l.throughputTokensPerSecond).toLocaleString('en-US')} tokens/s`);
  console.log(`  frames:  ${f.frames} over the level; p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms; dropped (> ${DROPPED_FRAME_MS.toFixed(1)} ms) ${f.dropped}`);
  console.log(`  page:    long tasks ${r.longTasks} (${r.longTaskMs.toFixed(0)} ms in all); records shown ${r.recordsShown}`);
  console.log(`  SSE:     ${r.sseMessagesPerSecond.toFixed(1)} messages/s, ${r.sseKiBPerSecond.toFixed(1)} KiB/s, carrying ${r.sseRecordsPerSecond.toFixed(1)} records/s; largest batch ${r.largestBatch.records} records (${r.largestBatch.kib.toFixed(0)} KiB)`);
  console.log(`  bench process (engine + web server) CPU over the level: ${r.benchCpuPct.toFixed(0)} % of one core`);
  if (r.pageErrors.length > 0) console.log(`  page errors: ${r.pageErrors.join(' | ')}`);
}

interface SyntheticResult {
  frames: number;
  frameMs: { p50: number; p99: number; max: number };
  events: number;
  eventsPerSecond: number;
  records: number;
  longTasks: number;
}

async function syntheticRuns(browser: Browser): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenbench-uibench-'));
  try {
    await bundleRendererEntries({ bench: join(repoRoot, 'renderer/testing/ui-bench.tsx') }, dir, { minify: true });
    copyFileSync(join(repoRoot, 'renderer/pages/app.css'), join(dir, 'app.css'));
    writeFileSync(
      join(dir, 'bench.html'),
      '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="app.css"></head><body><div id="root"></div><script src="bench.js"></script></body></html>',
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(join(dir, 'bench.html')).href);
    const scenarios = [
      { name: 'sustained-256 (128 req/s)', streams: 256, recordsPerSecond: 128, durationMs: 10_000 },
      { name: 'burst-1024 (1,024 req/s)', streams: 1024, recordsPerSecond: 1024, durationMs: 5_000 },
    ];
    console.log('synthetic (fake bridge)     frames  p50 ms  p99 ms  max ms  events/s  records  long tasks');
    for (const s of scenarios) {
      await page.reload();
      await page.waitForFunction(() => (globalThis as { __uiBenchReady?: boolean }).__uiBenchReady === true, null, { timeout: 10_000 });
      const r = (await page.evaluate(
        (opts) => (globalThis as unknown as { __runUiBench(o: typeof opts): Promise<SyntheticResult> }).__runUiBench(opts),
        s,
      )) as SyntheticResult;
      console.log(
        `${s.name.padEnd(27)} ${String(r.frames).padStart(6)} ${r.frameMs.p50.toFixed(1).padStart(7)} ${r.frameMs.p99.toFixed(1).padStart(7)} ${r.frameMs.max
          .toFixed(1)
          .padStart(7)} ${r.eventsPerSecond.toFixed(1).padStart(9)} ${String(r.records).padStart(8)} ${String(r.longTasks).padStart(11)}`,
      );
    }
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!hasChromium) {
    console.error(`bench:ui needs Chromium at ${CHROMIUM_PATH}`);
    process.exit(2);
  }
  console.log(`load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  const browser = await launchChromium();
  try {
    console.log('scripted server in a child process; app service, web server and engine in this one; the built page in Chromium');
    for (const scenario of REAL_SCENARIOS) {
      printReal(scenario, await realRun(browser.browser, scenario));
      console.log(`  load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
      console.log('');
    }
    await syntheticRuns(browser.browser);
    console.log('target: p99 frame ≤ 33 ms during a 256-stream run (headless Chromium, software rendering)');
  } finally {
    await browser.close();
  }
}

const serverAt = process.argv.indexOf(SERVER_FLAG);
if (serverAt !== -1) await serveAsChild(JSON.parse(process.argv[serverAt + 1] ?? '{}') as ServerScript);
else await main();
