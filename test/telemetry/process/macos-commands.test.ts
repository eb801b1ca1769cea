// The macOS discovery and sampler call lsof and ps with flags that behave the same on Linux
// (lsof -iTCP -sTCP:LISTEN -t, lsof -p -F f, ps -A -o, ps -o … -p). This runs them for real where
// they are installed; `ps -M` (threads) is macOS-only and is covered by the parser test.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { macosListeningPids, macosProcessTable } from '../../../main/telemetry/process/discover-macos.js';
import { readMacosProcesses } from '../../../main/telemetry/process/sample-macos.js';
import { startBusyServer, type BusyServer } from '../support/busy-server.js';

function installed(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore', timeout: 2000 });
    return true;
  } catch {
    return false;
  }
}

const tools = process.platform !== 'win32' && installed('lsof') && installed('ps');
if (!tools) console.warn('[telemetry tests] skipping the lsof/ps test: lsof or ps is not installed');

describe.skipIf(!tools)('lsof/ps discovery and readings on a real listening child', () => {
  let server: BusyServer;
  beforeAll(async () => {
    server = await startBusyServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('finds the PID listening on the port with lsof, and nothing on a closed port', async () => {
    expect(await macosListeningPids(server.port)).toEqual({ pids: [server.pid] });
    const none = await macosListeningPids(1);
    expect(none.pids).toEqual([]);
    expect(none.reason).toMatch(/port 1/);
  });

  it('lists the PID → parent table with ps', async () => {
    const table = await macosProcessTable();
    expect(table).toContainEqual({ pid: server.pid, ppid: process.pid, name: 'node' });
  });

  it('reads RSS, VSZ, CPU time and descriptors, and the descriptor count follows', async () => {
    const [before] = await readMacosProcesses([server.pid]);
    expect(before.pid).toBe(server.pid);
    expect(before.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(before.vszBytes).toBeGreaterThan(before.rssBytes!);
    expect(before.cpuTimeMs).not.toBeNull();
    await server.send('open 30');
    const [after] = await readMacosProcesses([server.pid]);
    expect(after.fds! - before.fds!).toBeGreaterThanOrEqual(30);
  });
});
