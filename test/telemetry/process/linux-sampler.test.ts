// The Linux sampler against a real server-like child: it listens on 127.0.0.1, then opens files,
// starts threads, spawns a child and burns CPU while being sampled; the samples must follow.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type TelemetrySession } from '../../../main/telemetry/session.js';
import { parseProcStat } from '../../../main/telemetry/process/sample-linux.js';
import type { ProcessSample } from '../../../common/telemetry.js';
import { startBusyServer, type BusyServer } from '../support/busy-server.js';
import { waitFor } from '../support/shared.js';

const onLinux = process.platform === 'linux';
if (!onLinux) console.warn('[telemetry tests] skipping the /proc sampler test: not on Linux');

describe.skipIf(!onLinux)('Linux process sampler on a real child', () => {
  let server: BusyServer;
  let session: TelemetrySession;
  const samples: ProcessSample[] = [];

  beforeAll(async () => {
    server = await startBusyServer();
    session = await startTelemetry({
      mode: 'process',
      targetUrl: `http://127.0.0.1:${server.port}/`,
      intervalMs: 150,
      platform: 'linux',
      sink: (stream, sample) => {
        if (stream === 'process') samples.push(sample as unknown as ProcessSample);
      },
    });
  });

  afterAll(async () => {
    await session?.stop();
    await server?.close();
  });

  /** The first sample of `pid` taken after `since` that satisfies `check`. */
  const after = (since: number, pid: number, check: (s: ProcessSample) => boolean, what: string): Promise<ProcessSample> =>
    waitFor(() => samples.find((s) => s.pid === pid && s.t > since && check(s)), 8000, what);

  it('finds the server by the port it listens on, not by name', () => {
    expect(session.status.process).toEqual({ available: true, source: 'proc: listening on port ' + server.port });
    expect(session.status.gpu.available).toBe(false);
    expect(session.status.gpu.reason).toBe('not requested (--telemetry process)');
  });

  it('reads the same numbers /proc has', async () => {
    const s = await after(0, server.pid, (x) => x.cpuPct !== null, 'a second sample');
    expect(s.role).toBe('server');
    expect(s.name).toBe('node');
    expect(s.ppid).toBe(process.pid);
    const stat = parseProcStat(readFileSync(`/proc/${server.pid}/stat`, 'utf8'))!;
    expect(s.vszBytes).toBeGreaterThan(0);
    expect(s.rssBytes).toBeGreaterThan(1024 * 1024);
    // RSS moves a little between the sample and this read; same order of magnitude is the honest check.
    expect(Math.abs(s.rssBytes! - stat.rssPages * 4096)).toBeLessThan(64 * 1024 * 1024);
    expect(s.cpuPct).toBeGreaterThanOrEqual(0);
  });

  it('follows open file descriptors', async () => {
    const before = await after(0, server.pid, () => true, 'a sample');
    const sentAt = Date.now();
    await server.send('open 40');
    const s = await after(sentAt, server.pid, (x) => (x.fds ?? 0) >= (before.fds ?? 0) + 40, 'fds to grow by 40');
    expect(s.fds! - before.fds!).toBeGreaterThanOrEqual(40);
    expect(Math.abs(s.fds! - readdirSync(`/proc/${server.pid}/fd`).length)).toBeLessThanOrEqual(3);
  });

  it('follows threads', async () => {
    const before = await after(0, server.pid, () => true, 'a sample');
    const sentAt = Date.now();
    await server.send('threads 5');
    const s = await after(sentAt, server.pid, (x) => (x.threads ?? 0) >= (before.threads ?? 0) + 5, 'threads to grow by 5');
    expect(s.threads! - before.threads!).toBeGreaterThanOrEqual(5);
  });

  it('picks up a child process started during the run', async () => {
    const sentAt = Date.now();
    const childPid = Number(await server.send('spawn'));
    const s = await after(sentAt, childPid, () => true, 'the new child in the samples');
    expect(s.role).toBe('child');
    expect(s.ppid).toBe(server.pid);
  });

  it('measures CPU over each interval: near idle, then a spinning thread', async () => {
    const quiet = await after(Date.now(), server.pid, (x) => x.cpuPct !== null && x.cpuPct < 15, 'an idle interval');
    expect(quiet.cpuPct).toBeLessThan(15);
    const sentAt = Date.now();
    await server.send('burn');
    const busy = await after(sentAt + 300, server.pid, (x) => (x.cpuPct ?? 0) > 40, 'CPU % of a spinning thread');
    expect(busy.cpuPct).toBeGreaterThan(40);
  });

  it('stops sampling on stop()', async () => {
    await session.stop();
    const count = samples.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(samples.length).toBe(count);
    await session.stop();
  });
});
