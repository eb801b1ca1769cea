// `npm run bench:playback`: the built playback page (dist/renderer) in headless Chromium, six lanes at
// 100 tokens/s plus the replay of a long recorded request (and its level-mean lane), playing for 30 s of
// real time. Prints the interval between animation frames (p50/p99/max), dropped frames and long tasks,
// and each lane's count against the count due. Asserts nothing; the target is a frame-time p99 ≤ 20 ms.
// Then the export of a 30 s clip (bench/playback-export.ts). `--export-only` skips the live part.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession } from 'playwright-core';
import { percentile } from '../main/metrics/stats.js';
import { hasChromium, launchChromium, NO_CHROMIUM_REASON } from '../test/support/browser.js';
import { exportBench } from './playback-export.js';
import { startPlaybackServer, syntheticRecord } from './playback-server.js';

const PLAY_MS = 30_000;
const IDLE_MS = 5_000;
const LANES = 6;
const SPEED = 100;
const TOKEN = 'bench';
const RUN_ID = 'bench-run';
const root = fileURLToPath(new URL('../renderer/', import.meta.url));

interface FrameLog {
  frames: number[];
  longTasks: number;
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error(NO_CHROMIUM_REASON);
  if (!existsSync(`${root}playback.html`)) throw new Error(`${root}playback.html is missing: run npm run build first`);
  // 2 s wait, then ~1,450 tokens at ~48 tokens/s with jitter: the replay streams for the whole 30 s.
  const records = [syntheticRecord(4, 0, 2_000, 1_450, 48), syntheticRecord(4, 1, 2_500, 1_400, 46)];
  const server = await startPlaybackServer({ root, token: TOKEN, runs: [{ id: RUN_ID, records }] });
  const browser = await launchChromium();
  try {
    if (!process.argv.includes('--export-only')) await livePlayback(browser.browser, server.url);
    await exportBench(browser.browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function livePlayback(browser: Browser, serverUrl: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const speeds = Array.from({ length: LANES }, () => SPEED).join(',');
  await page.goto(`${serverUrl}/playback.html?run=${RUN_ID}&token=${TOKEN}&speeds=${speeds}`);
  await page.waitForSelector('section[data-kind=replay] .pb-lane-live', { timeout: 15_000 });
  // Page-side code as a string: this file is compiled without the DOM library.
  await page.evaluate(`(() => {
    const log = { frames: [], longTasks: 0 };
    window.__bench = log;
    new PerformanceObserver((list) => { log.longTasks += list.getEntries().length; }).observe({ type: 'longtask' });
    const tick = (t) => { log.frames.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  // The renderer's own main-thread time (script, style, layout) over the 30 s: how much of each frame's
  // budget playback uses, a figure far less sensitive than frame intervals to other load on the machine.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // Baseline: the same page for IDLE_MS with nothing playing, to tell playback's cost from the machine's load.
  const idleStart = await mainThreadMs(cdp);
  await page.waitForTimeout(IDLE_MS);
  const idleEnd = await mainThreadMs(cdp);
  const idleLog = (await page.evaluate('window.__bench.frames.splice(0)')) as number[];
  const idle = { frames: idleLog, work: diff(idleStart, idleEnd) };
  const before = await mainThreadMs(cdp);
  await page.click('[data-action=play]');
  const started = await page.evaluate(() => performance.now());
  await page.waitForTimeout(PLAY_MS);
  // The pause lands somewhere inside the click: the counts are due for an instant in [early, late].
  const early = (await page.evaluate(() => performance.now())) - started;
  await page.click('[data-action=play]');
  const after = await mainThreadMs(cdp);
  const late = (await page.evaluate(() => performance.now())) - started;
  const log = (await page.evaluate('window.__bench')) as FrameLog;
  const counts = await page.$$eval('section.pb-lane', (sections) =>
    sections.map((s) => ({ kind: s.getAttribute('data-kind'), tokens: Number(s.querySelector('.pb-lane-live')?.getAttribute('data-tokens')) })),
  );
  report(idle, log, { early, late }, counts, diff(before, after));
  await page.close();
}

interface MainThread {
  script: number;
  style: number;
  layout: number;
  /** Wall time inside main-thread tasks (grows when other processes take the CPU). */
  task: number;
  /** CPU time of the main thread. */
  cpu: number;
}

const diff = (a: MainThread, b: MainThread): MainThread => ({
  script: b.script - a.script,
  style: b.style - a.style,
  layout: b.layout - a.layout,
  task: b.task - a.task,
  cpu: b.cpu - a.cpu,
});

async function mainThreadMs(cdp: CDPSession): Promise<MainThread> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const seconds = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return {
    script: seconds('ScriptDuration'),
    style: seconds('RecalcStyleDuration'),
    layout: seconds('LayoutDuration'),
    task: seconds('TaskDuration'),
    cpu: seconds('ThreadTime'),
  };
}

interface FrameFigures {
  frames: number;
  p50: number;
  p99: number;
  max: number;
  dropped: number;
}

function frameFigures(frames: readonly number[]): FrameFigures {
  const intervals: number[] = [];
  for (let i = 1; i < frames.length; i++) intervals.push(frames[i] - frames[i - 1]);
  const sorted = [...intervals].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  // An interval of k vsync periods means k − 1 frames were not drawn.
  const dropped = intervals.reduce((sum, d) => sum + Math.max(0, Math.round(d / p50) - 1), 0);
  return { frames: frames.length, p50, p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0, dropped };
}

function describeFrames(label: string, f: FrameFigures): string {
  const share = ((100 * f.dropped) / Math.max(1, f.frames + f.dropped)).toFixed(2);
  return `${label}: ${f.frames} frames · interval p50 ${f.p50.toFixed(2)} ms · p99 ${f.p99.toFixed(2)} ms · max ${f.max.toFixed(2)} ms · dropped ${f.dropped} (${share} %)`;
}

function report(
  idle: { frames: number[]; work: MainThread },
  log: FrameLog,
  pausedAt: { early: number; late: number },
  counts: Array<{ kind: string | null; tokens: number }>,
  work: MainThread,
): void {
  const speedCounts = counts.filter((c) => c.kind === 'speed').map((c) => c.tokens);
  const replay = counts.filter((c) => c.kind !== 'speed').map((c) => `${c.kind} ${c.tokens}`);
  const perFrame = (ms: number, frames: number): string => (ms / Math.max(1, frames)).toFixed(2);
  console.log(
    `bench:playback — ${LANES} lanes at ${SPEED} tokens/s + replay pair for ${(pausedAt.early / 1000).toFixed(1)} s, headless Chromium, ` +
      `${cpus().length} CPU cores, load average ${loadavg()[0].toFixed(2)}`,
  );
  console.log(describeFrames(`idle page (${IDLE_MS / 1000} s, baseline)`, frameFigures(idle.frames)));
  console.log(describeFrames('playing', frameFigures(log.frames)));
  console.log(`long tasks (> 50 ms) while playing: ${log.longTasks}`);
  const n = log.frames.length;
  console.log(
    `main thread per frame while playing: CPU ${perFrame(work.cpu, n)} ms (idle ${perFrame(idle.work.cpu, idle.frames.length)} ms) · ` +
      `script ${perFrame(work.script, n)} ms · style ${perFrame(work.style, n)} ms · layout ${perFrame(work.layout, n)} ms · task wall time ${perFrame(work.task, n)} ms`,
  );
  const due = (ms: number): number => Math.floor((ms * SPEED) / 1000);
  console.log(`speed lanes show ${speedCounts.join(', ')} tokens; due at the pause: ${due(pausedAt.early)}–${due(pausedAt.late)} (the click took ${(pausedAt.late - pausedAt.early).toFixed(0)} ms)`);
  console.log(`replay lanes: ${replay.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
