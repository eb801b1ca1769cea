// `npm run bench:engine`: how much the client costs, and how exactly it measures.
// Each scenario runs in a fresh Node process (clean peak RSS) against the scripted server in another
// process, through the real engine with full recording (records built and appended to a real run
// folder's requests.jsonl). Prints figures; asserts nothing.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DEFAULTS, type RunConfig } from '../common/run-config.js';
import { runBenchmark } from '../main/engine/run-benchmark.js';
import { targetFor } from '../main/engine/targets/index.js';
import { Pool } from 'undici';
import { gapStats } from '../main/metrics/arrival-gaps.js';
import { percentile } from '../main/metrics/stats.js';
import type { RequestRecord } from '../common/results.js';
import { createRunFolder } from '../main/store/run-writer.js';
import type { RunManifest } from '../common/run-manifest.js';
import type { ChildLogEntry, ChildOptions } from './scripted-server-child.js';

interface Scenario {
  name: string;
  streams: number;
  tokens: number;
  tokenIntervalMs: number;
  prefillStepMs: number;
  api: 'ollama' | 'openai';
  accuracy: boolean;
  /** A bare undici read loop (no parsing, no recording) instead of the engine: the machine's own floor. */
  bare?: boolean;
  /** A request-rate level instead of a burst (`streams` is then unused): requests/s, Poisson, for this long. */
  rate?: { requestsPerSecond: number; durationMs: number };
}

const SCENARIOS: Scenario[] = [
  { name: 'fast-256', streams: 256, tokens: 2000, tokenIntervalMs: 0, prefillStepMs: 0, api: 'ollama', accuracy: false },
  { name: 'fast-1024', streams: 1024, tokens: 2000, tokenIntervalMs: 0, prefillStepMs: 0, api: 'ollama', accuracy: false },
  { name: 'fast-256-openai', streams: 256, tokens: 2000, tokenIntervalMs: 0, prefillStepMs: 0, api: 'openai', accuracy: false },
  { name: 'paced-256', streams: 256, tokens: 200, tokenIntervalMs: 10, prefillStepMs: 3, api: 'ollama', accuracy: true },
  { name: 'paced-256-bare', streams: 256, tokens: 200, tokenIntervalMs: 10, prefillStepMs: 3, api: 'ollama', accuracy: true, bare: true },
  { name: 'fast-256-bare', streams: 256, tokens: 2000, tokenIntervalMs: 0, prefillStepMs: 0, api: 'ollama', accuracy: false, bare: true },
  { name: 'burst-4096', streams: 4096, tokens: 500, tokenIntervalMs: 0, prefillStepMs: 0, api: 'ollama', accuracy: false },
  // 200 requests/s for 30 s (~6,000 requests, ~20 in flight): how exactly starts follow the schedule.
  { name: 'rate-200', streams: 0, tokens: 20, tokenIntervalMs: 5, prefillStepMs: 0, api: 'ollama', accuracy: false, rate: { requestsPerSecond: 200, durationMs: 30_000 } },
];

/** What timing comparison needs of a measured request. */
type Timed = Pick<RequestRecord, 'startedAt' | 'ttftMs' | 'pieceOffsetsMs'> & { chunks: number };

/**
 * The floor: the same requests through a plain undici pool, each body chunk timestamped and counted as
 * one token (the scripted server writes one token per chunk when paced), nothing parsed or recorded.
 */
async function bareLoop(url: string, streams: number): Promise<Timed[]> {
  const pool = new Pool(url, { connections: streams, pipelining: 1 });
  await Promise.all(
    Array.from({ length: streams }, async () => (await pool.request({ path: '/api/version', method: 'GET' })).body.dump()),
  );
  const body = JSON.stringify({ model: 'deepseek-r1:7b', prompt: 'x', stream: true });
  const timed = await Promise.all(
    Array.from({ length: streams }, async (): Promise<Timed> => {
      const t0 = performance.now();
      const offsets: number[] = [];
      let chunks = 0;
      const res = await pool.request({ path: '/api/generate', method: 'POST', headers: { 'content-type': 'application/json' }, body });
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        offsets.push(performance.now() - t0);
        chunks += countLines(chunk);
      }
      return { startedAt: performance.timeOrigin + t0, ttftMs: offsets[0] ?? null, pieceOffsetsMs: offsets, chunks };
    }),
  );
  await pool.close();
  return timed;
}

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

interface ScenarioResult {
  name: string;
  streams: number;
  /** Rate runs: requests/s. */
  rate?: number;
  tokensPerStream: number;
  totalTokens: number;
  errors: number;
  wallMs: number;
  engineTokensPerSecond: number;
  cpuUsPerToken: number;
  peakRssMb: number;
  ttftErrorMs?: { p50: number; p99: number; max: number };
  itlErrorMs?: { p50: number; p99: number; max: number };
  /** |client decode speed / server decode speed − 1| per stream, in %: the first-to-last-token window as each side timed it. */
  speedErrorPct?: { p50: number; p99: number; max: number };
  /** Rate runs: actual − scheduled start of each request (its client queue time, no cap), ms. */
  scheduleErrorMs?: { p50: number; p99: number; max: number };
  /** Rate runs: coefficient of variation of the gaps between actual starts (1 for Poisson arrivals), and of the schedule's. */
  arrivalCv?: number | null;
  scheduleCv?: number | null;
  requests?: number;
}

const SELF = fileURLToPath(import.meta.url);
const CHILD = fileURLToPath(new URL('./scripted-server-child.js', import.meta.url));

function startServer(options: ChildOptions): Promise<{ child: ChildProcess; url: string; hrOriginMs: number }> {
  const child = fork(CHILD, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('scripted server did not start within 10 s')), 10_000);
    child.once('message', (m: { url: string; hrOriginMs: number }) => {
      clearTimeout(timer);
      resolve({ child, url: m.url, hrOriginMs: m.hrOriginMs });
    });
    child.once('exit', (code) => reject(new Error(`scripted server exited with ${code}`)));
  });
}

function fetchLog(child: ChildProcess): Promise<ChildLogEntry[]> {
  return new Promise((resolve) => {
    child.on('message', (m: { type: string; entries?: ChildLogEntry[] }) => {
      if (m.type === 'log' && m.entries) resolve(m.entries);
    });
    child.send({ type: 'log' });
  });
}

function summarize(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 };
}

/** Pairs each record with the log entry whose first token it saw; first tokens are prefillStepMs apart. */
function timingErrors(records: readonly Timed[], log: ChildLogEntry[], serverToClientMs: number) {
  const entries = log.filter((e) => e.tokenTimesHr.length > 0).map((e) => ({ e, first: e.tokenTimesHr[0]! - serverToClientMs }));
  const ttft: number[] = [];
  const itl: number[] = [];
  const speed: number[] = [];
  for (const r of records) {
    if (r.ttftMs === null) continue;
    const t0 = r.startedAt - performance.timeOrigin;
    const seenAt = t0 + r.ttftMs;
    let best = entries[0];
    for (const candidate of entries) {
      if (candidate.first <= seenAt + 0.5 && (!best || Math.abs(seenAt - candidate.first) < Math.abs(seenAt - best.first))) best = candidate;
    }
    if (!best) continue;
    ttft.push(r.ttftMs - (best.first - t0));
    const server = best.e.tokenTimesHr;
    for (let i = 1; i < r.pieceOffsetsMs.length && i < server.length; i++) {
      const clientGap = r.pieceOffsetsMs[i]! - r.pieceOffsetsMs[i - 1]!;
      const serverGap = server[i]! - server[i - 1]!;
      itl.push(Math.abs(clientGap - serverGap));
    }
    const last = Math.min(r.pieceOffsetsMs.length, server.length) - 1;
    if (last >= 1) {
      // Same token count on both sides, so the speed ratio is the inverse ratio of the decode windows.
      const clientWindow = r.pieceOffsetsMs[last]! - r.pieceOffsetsMs[0]!;
      const serverWindow = server[last]! - server[0]!;
      speed.push(Math.abs(serverWindow / clientWindow - 1) * 100);
    }
  }
  return { ttftErrorMs: summarize(ttft.map(Math.abs)), itlErrorMs: summarize(itl), speedErrorPct: summarize(speed) };
}

async function runScenario(s: Scenario): Promise<ScenarioResult> {
  const server = await startServer({
    tokens: s.tokens,
    tokenIntervalMs: s.tokenIntervalMs,
    prefillStepMs: s.prefillStepMs,
    logTokenTimes: s.accuracy,
  });
  const clientHrOriginMs = Number(process.hrtime.bigint()) / 1e6 - performance.now();
  const parent = mkdtempSync(join(tmpdir(), 'tokenbench-bench-'));
  const config: RunConfig = {
    ...DEFAULTS,
    url: server.url,
    concurrency: [Math.max(1, s.streams)],
    timeoutMs: 300_000,
    idleTimeoutMs: 60_000,
    outDir: parent,
    ...(s.rate ? { mode: 'rate' as const, rates: [s.rate.requestsPerSecond], durationMs: s.rate.durationMs, arrivals: 'poisson' as const, seed: 42 } : {}),
  };
  const manifest: RunManifest = {
    id: `bench-${s.name}`,
    tool: { name: 'tokenbench', version: 'bench' },
    status: 'running',
    startedAt: new Date().toISOString(),
    endedAt: null,
    config,
    target: { url: server.url, api: s.api, serverVersion: null, model: 'deepseek-r1:7b', modelDetails: null },
    host: { os: process.platform, osVersion: '', arch: process.arch, cpuModel: '', cpuCores: 0, ramBytes: 0, gpu: null },
  };
  if (s.bare) {
    await bareLoop(server.url, 4); // warm-up, as the engine's
    const cpuAt = process.cpuUsage();
    const wallAt = performance.now();
    const timed = await bareLoop(server.url, s.streams);
    const cpu = process.cpuUsage(cpuAt);
    const wallMs = performance.now() - wallAt;
    const totalTokens = timed.reduce((sum, t) => sum + t.chunks, 0) - timed.length; // minus each final line
    const result: ScenarioResult = {
      name: s.name,
      streams: s.streams,
      tokensPerStream: s.tokens,
      totalTokens,
      errors: 0,
      wallMs,
      engineTokensPerSecond: (totalTokens * 1000) / wallMs,
      cpuUsPerToken: (cpu.user + cpu.system) / totalTokens,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    if (s.accuracy) Object.assign(result, timingErrors(timed, await fetchLog(server.child), clientHrOriginMs));
    server.child.disconnect();
    rmSync(parent, { recursive: true, force: true });
    return result;
  }
  const writer = await createRunFolder(parent, manifest);
  const records: RequestRecord[] = [];
  let cpuAtLevel = process.cpuUsage();
  let wallAtLevel = performance.now();
  const outcome = await runBenchmark({
    config,
    origin: server.url,
    target: targetFor(s.api),
    model: 'deepseek-r1:7b',
    warmPath: s.api === 'ollama' ? '/api/version' : '/v1/models',
    sink: {
      appendRequest: (r) => {
        records.push(r);
        writer.appendRequest(r);
      },
      writeSummary: (summary) => writer.writeSummary(summary),
    },
    signal: new AbortController().signal,
    events: {
      onPhase: (phase) => {
        if (phase !== 'level') return;
        cpuAtLevel = process.cpuUsage();
        wallAtLevel = performance.now();
      },
    },
  });
  writer.flush();
  const cpu = process.cpuUsage(cpuAtLevel);
  const wallMs = performance.now() - wallAtLevel;
  const level = outcome.levels[0]!;
  const totalTokens = records.reduce((sum, r) => sum + r.chunks, 0);
  const result: ScenarioResult = {
    name: s.name,
    streams: s.streams,
    ...(s.rate ? { rate: s.rate.requestsPerSecond } : {}),
    tokensPerStream: s.tokens,
    totalTokens,
    errors: level.errors,
    wallMs,
    engineTokensPerSecond: (totalTokens * 1000) / wallMs,
    cpuUsPerToken: (cpu.user + cpu.system) / totalTokens,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  if (s.accuracy) {
    const log = await fetchLog(server.child);
    Object.assign(result, timingErrors(records, log, clientHrOriginMs));
  }
  if (s.rate) {
    const scheduled = records.filter((r) => r.scheduledAt !== undefined);
    const starts = Float64Array.from(scheduled, (r) => r.startedAt).sort();
    const due = Float64Array.from(scheduled, (r) => r.scheduledAt!).sort();
    Object.assign(result, {
      requests: scheduled.length,
      scheduleErrorMs: summarize(scheduled.map((r) => r.startedAt - r.scheduledAt!)),
      arrivalCv: gapStats(starts)?.cv ?? null,
      scheduleCv: gapStats(due)?.cv ?? null,
    });
  }
  writer.close();
  server.child.disconnect();
  rmSync(parent, { recursive: true, force: true });
  return result;
}

function runInFreshProcess(name: string): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, ['--scenario', name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m: ScenarioResult) => resolve(m));
    child.once('exit', (code) => code !== 0 && reject(new Error(`scenario ${name} exited with ${code}`)));
  });
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const at = process.argv.indexOf('--scenario');
  if (at >= 0) {
    const scenario = SCENARIOS.find((s) => s.name === process.argv[at + 1]);
    if (!scenario) throw new Error(`unknown scenario ${process.argv[at + 1]}`);
    const result = await runScenario(scenario);
    // Without an IPC parent (e.g. `node --cpu-prof dist/bench/engine.js --scenario NAME`) print the result.
    if (process.send) {
      process.send(result);
      process.disconnect();
    } else {
      console.log(JSON.stringify(result));
    }
    return;
  }
  const only = process.argv.slice(2);
  console.log(`bench:engine — Node ${process.version}, ${(await import('node:os')).cpus().length} cores; server in a separate process`);
  console.log('scenario          streams × tokens   tokens/s through engine   client CPU µs/token   peak RSS MB   errors');
  for (const s of SCENARIOS.filter((x) => only.length === 0 || only.includes(x.name))) {
    const r = await runInFreshProcess(s.name);
    console.log(
      `${r.name.padEnd(17)} ${`${r.rate ? `${r.rate}/s` : r.streams} × ${r.tokensPerStream}`.padEnd(18)} ${fmt(r.engineTokensPerSecond, 0).padStart(23)}   ${fmt(r.cpuUsPerToken, 2).padStart(19)}   ${fmt(r.peakRssMb, 0).padStart(11)}   ${r.errors}`,
    );
    if (r.ttftErrorMs && r.itlErrorMs) {
      console.log(
        `${''.padEnd(17)} timing vs server log: TTFT error p50 ${fmt(r.ttftErrorMs.p50, 3)} / p99 ${fmt(r.ttftErrorMs.p99, 3)} / max ${fmt(r.ttftErrorMs.max, 3)} ms; ITL error p50 ${fmt(r.itlErrorMs.p50, 3)} / p99 ${fmt(r.itlErrorMs.p99, 3)} / max ${fmt(r.itlErrorMs.max, 3)} ms`,
      );
    }
    if (r.scheduleErrorMs) {
      console.log(
        `${''.padEnd(17)} ${r.requests} requests: schedule error (actual − scheduled start) p50 ${fmt(r.scheduleErrorMs.p50, 3)} / p99 ${fmt(r.scheduleErrorMs.p99, 3)} / max ${fmt(r.scheduleErrorMs.max, 3)} ms; arrival CV ${fmt(r.arrivalCv ?? Number.NaN, 3)} (schedule's ${fmt(r.scheduleCv ?? Number.NaN, 3)})`,
      );
    }
    if (r.speedErrorPct) {
      console.log(
        `${''.padEnd(17)} decode speed (tokens/s) vs server log: error p50 ${fmt(r.speedErrorPct.p50, 3)} / p99 ${fmt(r.speedErrorPct.p99, 3)} / max ${fmt(r.speedErrorPct.max, 3)} %`,
      );
    }
  }
}

await main();
