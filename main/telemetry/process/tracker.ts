// Follows the server and its children through a run: the server by its listening port (by name only
// when the port's owner cannot be seen), the children by walking the process table on every tick, so
// a model runner started mid-run is picked up and a restarted server is found again.
import { performance } from 'node:perf_hooks';
import type { ProcessSample } from '../../../common/telemetry.js';
import type { TelemetrySourceStatus } from '../../../common/run-manifest.js';
import { descendantsOf, serversByName, topmost, type ProcessEntry, type ProcessPlatform } from './process-table.js';

export class ProcessTracker {
  private servers: number[] = [];
  private previous = new Map<number, { cpuTimeMs: number; at: number }>();

  constructor(
    private readonly platform: ProcessPlatform,
    private readonly port: number,
  ) {}

  /** Finds the server; call once before the first tick. */
  async discover(): Promise<TelemetrySourceStatus> {
    const table = await this.platform.processTable();
    return this.find(table);
  }

  private async find(table: readonly ProcessEntry[]): Promise<TelemetrySourceStatus> {
    const label = this.platform.label;
    const listening = await this.platform.listeningPids(this.port);
    if (listening.pids.length > 0) {
      this.servers = topmost(listening.pids, table);
      return { available: true, source: `${label}: listening on port ${this.port}` };
    }
    const named = serversByName(table);
    if (named.length > 0) {
      this.servers = named;
      const names = [...new Set(named.map((pid) => table.find((e) => e.pid === pid)?.name ?? '?'))].join(', ');
      return {
        available: true,
        source: `${label}: by name`,
        reason: `found by name only (${names}), not by port: ${listening.reason ?? 'no listener found'}`,
      };
    }
    this.servers = [];
    return {
      available: false,
      source: label,
      reason: `${listening.reason ?? 'no listener found'}; no process named like a server (ollama, llama-server) either`,
    };
  }

  /** One reading of every server process and descendant; empty when the server is gone for good. */
  async tick(): Promise<ProcessSample[]> {
    const table = await this.platform.processTable();
    const alive = new Set(table.map((e) => e.pid));
    let servers = this.servers.filter((pid) => alive.has(pid));
    if (servers.length === 0) {
      await this.find(table);
      servers = this.servers.filter((pid) => alive.has(pid));
    }
    if (servers.length === 0) return [];
    const serverSet = new Set(servers);
    const pids = [...servers, ...descendantsOf(servers, table)];
    const t = Date.now();
    const at = performance.now();
    const readings = await this.platform.read(pids);
    const next = new Map<number, { cpuTimeMs: number; at: number }>();
    const samples: ProcessSample[] = [];
    for (const r of readings) {
      const before = this.previous.get(r.pid);
      let cpuPct: number | null = null;
      if (r.cpuTimeMs !== null) {
        if (before && at > before.at) cpuPct = Math.max(0, ((r.cpuTimeMs - before.cpuTimeMs) / (at - before.at)) * 100);
        next.set(r.pid, { cpuTimeMs: r.cpuTimeMs, at });
      }
      samples.push({
        t,
        pid: r.pid,
        ppid: r.ppid,
        name: r.name,
        role: serverSet.has(r.pid) ? 'server' : 'child',
        cpuPct,
        rssBytes: r.rssBytes,
        vszBytes: r.vszBytes,
        threads: r.threads,
        fds: r.fds,
      });
    }
    // PIDs that ended are forgotten, so a recycled PID starts without a stale CPU baseline.
    this.previous = next;
    return samples;
  }
}
