// Linux readings straight from /proc/PID/stat (CPU ticks, threads, VSZ, RSS) and /proc/PID/fd.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { linuxListeningPids, linuxProcessTable } from './discover-linux.js';
import type { ProcessPlatform, ProcessReading } from './process-table.js';

export interface ProcStat {
  pid: number;
  name: string;
  ppid: number;
  utimeTicks: number;
  stimeTicks: number;
  threads: number;
  vszBytes: number;
  rssPages: number;
}

/** /proc/PID/stat → the fields we sample (proc(5): utime 14, stime 15, num_threads 20, vsize 23, rss 24). */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // Fields after the name, numbered from 3 (state) as in proc(5).
  const f = text.slice(close + 2).trim().split(/\s+/);
  const field = (n: number): number => Number(f[n - 3]);
  const stat: ProcStat = {
    pid: Number(text.slice(0, open).trim()),
    name: text.slice(open + 1, close),
    ppid: field(4),
    utimeTicks: field(14),
    stimeTicks: field(15),
    threads: field(20),
    vszBytes: field(23),
    rssPages: field(24),
  };
  return Object.values(stat).every((v) => typeof v === 'string' || Number.isFinite(v)) ? stat : null;
}

function getconf(name: string, fallback: number): number {
  try {
    const n = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000 }).trim());
    return Number.isInteger(n) && n > 0 ? n : fallback;
  } catch {
    return fallback;
  }
}

let systemConstants: { clkTck: number; pageSize: number } | null = null;

/** Clock ticks per second and page size, asked once. */
function constants(): { clkTck: number; pageSize: number } {
  systemConstants ??= { clkTck: getconf('CLK_TCK', 100), pageSize: getconf('PAGESIZE', 4096) };
  return systemConstants;
}

async function countFds(procRoot: string, pid: number): Promise<number | null> {
  try {
    return (await readdir(`${procRoot}/${pid}/fd`)).length;
  } catch {
    return null;
  }
}

async function readLinuxProcess(pid: number, procRoot = '/proc'): Promise<ProcessReading | null> {
  let text: string;
  try {
    text = await readFile(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const stat = parseProcStat(text);
  if (!stat) return null;
  const { clkTck, pageSize } = constants();
  return {
    pid,
    ppid: stat.ppid,
    name: stat.name,
    cpuTimeMs: ((stat.utimeTicks + stat.stimeTicks) * 1000) / clkTck,
    rssBytes: stat.rssPages * pageSize,
    vszBytes: stat.vszBytes,
    threads: stat.threads,
    fds: await countFds(procRoot, pid),
  };
}

export function linuxProcessPlatform(procRoot = '/proc'): ProcessPlatform {
  return {
    label: 'proc',
    listeningPids: (port) => linuxListeningPids(port, procRoot),
    processTable: () => linuxProcessTable(procRoot),
    read: async (pids) => {
      const readings = await Promise.all(pids.map((pid) => readLinuxProcess(pid, procRoot)));
      return readings.filter((r): r is ProcessReading => r !== null);
    },
  };
}
