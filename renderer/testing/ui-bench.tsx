// `npm run bench:ui`, browser side of the SYNTHETIC scenarios (the headline real-run scenarios need no
// page code: bench/ui.ts drives the built app): the real app on its live view over a FakeBridge, fed
// synthetic RunEvents at the rate main sends for a 256-stream run (one flush per 100 ms: a batch of
// finished requests, a progress event, telemetry each second), while every animation frame's time is recorded.
import type { RequestRecord } from '../../common/results.js';
import { mountApp } from '../app/mount.js';
import { FakeBridge } from './fake-bridge.js';

export interface UiBenchOptions {
  streams: number;
  /** Finished requests per second across all streams. */
  recordsPerSecond: number;
  durationMs: number;
}

export interface UiBenchResult {
  frames: number;
  frameMs: { p50: number; p99: number; max: number };
  events: number;
  eventsPerSecond: number;
  records: number;
  longTasks: number;
}

const RUN = 'bench-run';

function record(level: number, index: number): RequestRecord {
  const ttft = 200 + (index % 50) * 7;
  return {
    level,
    index,
    status: index % 97 === 0 ? 'error' : 'ok',
    error: index % 97 === 0 ? { kind: 'http', message: 'queue full', httpStatus: 503 } : null,
    startedAt: Date.now() - 2_000,
    firstByteMs: ttft - 2,
    ttftMs: ttft,
    firstAnswerMs: ttft,
    lastTokenMs: ttft + 1_500,
    e2eMs: ttft + 1_510,
    outputTokens: 128,
    tokenSource: 'server',
    chunks: 128,
    thinkingTokens: 0,
    tokensPerSecond: 127 / 1.5,
    itlMs: { p50: 11, p90: 13, p99: 20, max: 30 },
    queueMs: ttft - 150,
    server: { outputTokens: 128 },
    text: 'x'.repeat(600),
    pieces: [],
    pieceOffsetsMs: [],
    pieceKinds: '',
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

const bridge = new FakeBridge({
  status: { url: 'http://127.0.0.1:11434', reachable: true, api: 'ollama', version: 'bench', models: ['m'], loadedModel: 'm', warning: null },
  settings: {
    url: 'http://127.0.0.1:11434',
    api: 'auto',
    model: null,
    profile: 'quick',
    custom: { concurrency: [256], mode: 'sustained', prompt: 'What is the philosophical definition of time?', cooldownMs: 0, timeoutMs: 600_000, idleTimeoutMs: 60_000, maxTokens: null, durationMs: null, requests: null, think: null },
    thresholds: { maxWaitMs: 10_000, minTokensPerSecond: 20 },
  },
  runs: [],
  details: {},
  nextRunId: RUN,
  savedReportPath: null,
});

async function runBench(options: UiBenchOptions): Promise<UiBenchResult> {
  const frames: number[] = [];
  let longTasks = 0;
  const observer = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
  observer.observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  let running = true;
  const onFrame = (t: number) => {
    frames.push(t - last);
    last = t;
    if (running) requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  let events = 0;
  let index = 0;
  let carry = 0;
  const started = performance.now();
  const perFlush = options.recordsPerSecond / 10;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      carry += perFlush;
      const n = Math.floor(carry);
      carry -= n;
      const records = Array.from({ length: n }, () => record(options.streams, index++));
      bridge.emit({ type: 'requests', runId: RUN, records });
      bridge.emit({
        type: 'progress',
        runId: RUN,
        levelIndex: 0,
        levelCount: 1,
        done: index,
        total: null,
        liveTokensPerSecond: 2_000 + Math.random() * 100,
        etaMs: Math.max(0, options.durationMs - elapsed),
        errors: Math.floor(index / 97),
      });
      events += 2;
      if (events % 20 === 0) {
        bridge.emit({ type: 'telemetry', runId: RUN, gpu: { t: Date.now(), gpuUsagePct: 95, gpuPowerW: 30, gpuFreqMHz: 1400 }, process: [{ t: Date.now(), pid: 1, name: 'ollama', cpuPct: 300, rssBytes: 5e9, threads: 30, fds: 300 }] });
        events += 1;
      }
      if (elapsed >= options.durationMs) {
        clearInterval(timer);
        done();
      }
    }, 100);
  });
  // Let the last batch render before stopping the frame clock.
  await new Promise((r) => setTimeout(r, 500));
  running = false;
  observer.disconnect();
  const wall = performance.now() - started;
  const sorted = frames.slice(1).sort((a, b) => a - b);
  return {
    frames: sorted.length,
    frameMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN },
    events,
    eventsPerSecond: events / (wall / 1000),
    records: index,
    longTasks,
  };
}

const g = globalThis as { __runUiBench?: typeof runBench; __uiBenchReady?: boolean };
g.__runUiBench = runBench;
window.location.hash = `#/live/${RUN}`;
const root = document.getElementById('root');
if (root) mountApp(root, bridge);
g.__uiBenchReady = true;
