// `npm run bench:pacer`: how exactly the pacer keeps a request-rate schedule (issue target: schedule
// error p99 ≤ 1 ms at 200 requests/s Poisson). Prints figures; asserts nothing.
//
//   npm run build && node dist/bench/pacer.js [--seconds 30] [--rate 200] [--scenario NAME]
//
// Schedule error = actual start − scheduled start of each request (performance.now(), no cap, so it is
// the client's own lateness; the pacer never starts early). Arrival CV = standard deviation / mean of
// the gaps between actual starts (1 for Poisson), beside the schedule's own CV. Client CPU is
// process.cpuUsage() over the level: what waiting precisely costs.
// First the machine's floor (how late an idle process's timers fire right now), then the scenarios:
// the pacer with a no-op request (default lead, and lead 0 = plain setTimeout), a chain of
// sleep(gap) for contrast, and the pacer starting real streaming requests (the engine's streamRequest)
// against the scripted server in another process, 20 tokens 10 ms apart each.
import { fork, type ChildProcess } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { arrivalOffsets } from '../main/engine/arrivals.js';
import { gapStats } from '../main/metrics/arrival-gaps.js';
import { createPool, warmConnections } from '../main/engine/connection-pool.js';
import { DEFAULT_LEAD_MS, pace, realClock } from '../main/engine/pacer.js';
import { streamRequest } from '../main/engine/stream-request.js';
import { targetFor } from '../main/engine/targets/index.js';
import { percentile } from '../main/metrics/stats.js';
import type { ChildOptions } from './scripted-server-child.js';

const CHILD = fileURLToPath(new URL('./scripted-server-child.js', import.meta.url));

interface Args {
  seconds: number;
  rate: number;
  scenario: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seconds: 30, rate: 200, scenario: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--seconds') args.seconds = Number(value);
    else if (flag === '--rate') args.rate = Number(value);
    else if (flag === '--scenario') args.scenario = value ?? null;
    else throw new Error(`unknown flag ${flag}`);
  }
  return args;
}

interface Sample {
  scheduledMs: number;
  startedMs: number;
}

interface Result {
  scenario: string;
  requests: number;
  errors: number;
  achievedRate: number;
  errorMs: { p50: number; p99: number; max: number };
  arrivalCv: number | null;
  scheduleCv: number | null;
  cpuPercent: number;
}

function summarize(name: string, samples: Sample[], scheduleCv: number | null, wallMs: number, cpu: NodeJS.CpuUsage, errors = 0): Result {
  const errorsMs = Float64Array.from(samples, (s) => s.startedMs - s.scheduledMs).sort();
  const starts = samples.map((s) => s.startedMs).sort((a, b) => a - b);
  const span = (starts[starts.length - 1] - starts[0]) / 1000;
  return {
    scenario: name,
    requests: samples.length,
    errors,
    achievedRate: span > 0 ? (samples.length - 1) / span : 0,
    errorMs: { p50: percentile(errorsMs, 50), p99: percentile(errorsMs, 99), max: errorsMs[errorsMs.length - 1] },
    arrivalCv: gapStats(starts)?.cv ?? null,
    scheduleCv,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
  };
}

async function pacedNoop(name: string, offsets: number[], leadMs: number): Promise<Result> {
  const samples: Sample[] = [];
  const cpuAt = process.cpuUsage();
  const wallAt = performance.now();
  await pace({
    offsetsMs: offsets,
    clock: realClock({ leadMs }),
    start: (s) => {
      samples.push(s);
      return Promise.resolve();
    },
  });
  return summarize(name, samples, gapStats(offsets)?.cv ?? null, performance.now() - wallAt, process.cpuUsage(cpuAt));
}

/**
 * The machine's floor: how late an otherwise idle Node process wakes for a 1 ms timer right now
 * (perf_hooks' event-loop delay histogram, 1 ms resolution). The pacer cannot be more punctual.
 */
async function floor(seconds: number): Promise<string> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  histogram.disable();
  const ms = (ns: number): string => (ns / 1e6 - 1).toFixed(3); // minus the 1 ms the timer asked for
  return `idle timer lateness over ${seconds} s: p50 ${ms(histogram.percentile(50))} / p99 ${ms(histogram.percentile(99))} / max ${ms(histogram.max)} ms`;
}

/** What a naive rate loop does: sleep one gap, start, repeat. Every timer's lateness adds up. */
async function chainedSleep(offsets: number[]): Promise<Result> {
  const samples: Sample[] = [];
  const cpuAt = process.cpuUsage();
  const origin = performance.now();
  for (let i = 0; i < offsets.length; i++) {
    const gap = i === 0 ? 0 : offsets[i] - offsets[i - 1];
    if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    samples.push({ scheduledMs: origin + offsets[i], startedMs: performance.now() });
  }
  return summarize('chained sleep(gap), no-op', samples, gapStats(offsets)?.cv ?? null, performance.now() - origin, process.cpuUsage(cpuAt));
}

function startServer(options: ChildOptions): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(CHILD, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('scripted server did not start within 10 s')), 10_000);
    child.once('message', (m: { url: string }) => {
      clearTimeout(timer);
      resolve({ child, url: m.url });
    });
    child.once('exit', (code) => reject(new Error(`scripted server exited with ${code}`)));
  });
}

async function pacedScripted(offsets: number[]): Promise<Result> {
  const server = await startServer({ tokens: 20, tokenIntervalMs: 10, prefillStepMs: 0, logTokenTimes: false });
  const connections = 256;
  const pool = createPool(server.url, connections);
  await warmConnections(pool, '/api/version', 64, 10_000);
  const target = targetFor('ollama');
  const signal = new AbortController().signal;
  setMaxListeners(0, signal); // every in-flight request listens, as in run-benchmark
  const samples: Sample[] = [];
  let errors = 0;
  const cpuAt = process.cpuUsage();
  const wallAt = performance.now();
  await pace({
    offsetsMs: offsets,
    clock: realClock(),
    start: (s) => {
      samples.push(s);
      return streamRequest({
        dispatcher: pool,
        origin: server.url,
        target,
        params: { model: 'deepseek-r1:7b', prompt: 'x' },
        level: 0,
        index: s.index,
        timeoutMs: 60_000,
        idleTimeoutMs: 10_000,
        signal,
      }).then((raw) => {
        if (raw.end.kind === 'error') errors++;
      });
    },
  });
  const result = summarize('pacer, streaming requests (scripted server)', samples, gapStats(offsets)?.cv ?? null, performance.now() - wallAt, process.cpuUsage(cpuAt), errors);
  await pool.close();
  server.child.disconnect();
  return result;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const offsets = arrivalOffsets({ rate: args.rate, arrivals: 'poisson', seed: 1, durationMs: args.seconds * 1000 });
  const scenarios: Record<string, () => Promise<Result>> = {
    'pacer-noop': () => pacedNoop(`pacer (lead ${DEFAULT_LEAD_MS} ms), no-op`, offsets, DEFAULT_LEAD_MS),
    'pacer-noop-lead0': () => pacedNoop('pacer (lead 0: setTimeout only), no-op', offsets, 0),
    'chained-sleep': () => chainedSleep(offsets),
    'pacer-scripted': () => pacedScripted(offsets),
  };
  const chosen = args.scenario ? [args.scenario] : Object.keys(scenarios);
  console.log(`floor: ${await floor(Math.min(10, args.seconds))}`);
  console.log(`${args.rate} requests/s Poisson (seed 1) for ${args.seconds} s: ${offsets.length} requests per scenario`);
  console.log('scenario | requests | achieved req/s | error p50 / p99 / max (ms) | arrival CV (schedule CV) | client CPU | errors');
  for (const name of chosen) {
    const run = scenarios[name];
    if (!run) throw new Error(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}`);
    const r = await run();
    const f = (x: number): string => x.toFixed(3);
    console.log(
      `${r.scenario} | ${r.requests} | ${r.achievedRate.toFixed(1)} | ${f(r.errorMs.p50)} / ${f(r.errorMs.p99)} / ${f(r.errorMs.max)} | ` +
        `${r.arrivalCv?.toFixed(4)} (${r.scheduleCv?.toFixed(4)}) | ${r.cpuPercent.toFixed(1)} % | ${r.errors}`,
    );
  }
}

void main();
