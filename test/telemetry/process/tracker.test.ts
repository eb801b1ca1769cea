// Faults a root test machine cannot show for real: a server owned by another user (its fd table
// unreadable, so no PID for the port) and a server that restarts mid-run. The platform is a fake.
import { describe, expect, it } from 'vitest';
import type { ProcessEntry, ProcessPlatform, ProcessReading } from '../../../main/telemetry/process/process-table.js';
import { ProcessTracker } from '../../../main/telemetry/process/tracker.js';

function fakePlatform(state: { table: ProcessEntry[]; listening: number[]; cpu: Map<number, number> }): ProcessPlatform {
  return {
    label: 'fake',
    listeningPids: async (port) =>
      state.listening.length > 0 ? { pids: state.listening } : { pids: [], reason: `port ${port} is listened on by a process this user cannot inspect` },
    processTable: async () => state.table,
    read: async (pids) =>
      pids.map(
        (pid): ProcessReading => ({
          pid,
          ppid: state.table.find((e) => e.pid === pid)?.ppid ?? 0,
          name: state.table.find((e) => e.pid === pid)?.name ?? '?',
          cpuTimeMs: state.cpu.get(pid) ?? 0,
          rssBytes: 1,
          vszBytes: 2,
          threads: 3,
          fds: null,
        }),
      ),
  };
}

describe('ProcessTracker', () => {
  it('falls back to names when the port owner cannot be seen, and says so', async () => {
    const state = {
      table: [
        { pid: 1, ppid: 0, name: 'init' },
        { pid: 50, ppid: 1, name: 'ollama' },
        { pid: 51, ppid: 50, name: 'llama-server' },
      ],
      listening: [],
      cpu: new Map<number, number>(),
    };
    const tracker = new ProcessTracker(fakePlatform(state), 11434);
    const status = await tracker.discover();
    expect(status).toEqual({
      available: true,
      source: 'fake: by name',
      reason: 'found by name only (ollama), not by port: port 11434 is listened on by a process this user cannot inspect',
    });
    const samples = await tracker.tick();
    expect(samples.map((s) => [s.pid, s.role])).toEqual([
      [50, 'server'],
      [51, 'child'],
    ]);
    expect(samples[0].cpuPct).toBeNull();
    expect(samples[0].fds).toBeNull();
  });

  it('is unavailable with a reason when neither port nor name finds a server', async () => {
    const tracker = new ProcessTracker(fakePlatform({ table: [{ pid: 1, ppid: 0, name: 'init' }], listening: [], cpu: new Map() }), 8080);
    const status = await tracker.discover();
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/port 8080 .*no process named like a server/);
  });

  it('finds a restarted server again by its port and starts its CPU baseline afresh', async () => {
    const state = { table: [{ pid: 100, ppid: 1, name: 'llama-server' }], listening: [100], cpu: new Map([[100, 1000]]) };
    const tracker = new ProcessTracker(fakePlatform(state), 8080);
    expect((await tracker.discover()).source).toBe('fake: listening on port 8080');
    await tracker.tick();
    state.cpu.set(100, 1050);
    await new Promise((r) => setTimeout(r, 20));
    const [second] = await tracker.tick();
    expect(second.cpuPct).toBeGreaterThan(0);
    state.table = [{ pid: 300, ppid: 1, name: 'llama-server' }];
    state.listening = [300];
    state.cpu.set(300, 5000);
    const [restarted] = await tracker.tick();
    expect(restarted.pid).toBe(300);
    expect(restarted.role).toBe('server');
    expect(restarted.cpuPct).toBeNull();
  });
});
