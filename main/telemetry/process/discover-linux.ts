// Linux: the process listening on a port, found the way `ss -p` does it — the socket's inode in
// /proc/net/tcp{,6}, then the process whose /proc/PID/fd holds `socket:[inode]`.
import { readdir, readFile, readlink } from 'node:fs/promises';
import type { ProcessEntry } from './process-table.js';

const LISTEN = '0A';

/** Inodes of the sockets listening on `port` in one /proc/net/tcp or tcp6 text. */
export function listeningInodes(text: string, port: number): number[] {
  const inodes: number[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10) continue;
    const local = cols[1];
    const portHex = local.slice(local.lastIndexOf(':') + 1);
    if (parseInt(portHex, 16) !== port || cols[3] !== LISTEN) continue;
    const inode = Number(cols[9]);
    if (inode > 0) inodes.push(inode);
  }
  return inodes;
}

async function numericEntries(dir: string): Promise<number[]> {
  try {
    return (await readdir(dir)).filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return [];
  }
}

/** PIDs holding a listening socket on `port`; `unreadable` counts processes whose fd table we may not read. */
export async function linuxListeningPids(port: number, procRoot = '/proc'): Promise<{ pids: number[]; reason?: string }> {
  const inodes = new Set<number>();
  for (const file of ['net/tcp', 'net/tcp6']) {
    try {
      for (const inode of listeningInodes(await readFile(`${procRoot}/${file}`, 'utf8'), port)) inodes.add(inode);
    } catch {
      // tcp6 is absent on kernels without IPv6.
    }
  }
  if (inodes.size === 0) return { pids: [], reason: `nothing listens on port ${port}` };
  const pids: number[] = [];
  let unreadable = 0;
  for (const pid of await numericEntries(procRoot)) {
    let fds: string[];
    try {
      fds = await readdir(`${procRoot}/${pid}/fd`);
    } catch {
      unreadable += 1;
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = await readlink(`${procRoot}/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(Number(m[1]))) {
        pids.push(pid);
        break;
      }
    }
  }
  if (pids.length > 0) return { pids };
  return {
    pids,
    reason: `port ${port} is listened on by a process this user cannot inspect (${unreadable} processes' fd tables unreadable)`,
  };
}

/** "1234 (ollama runner) S 1 …" → pid, name, ppid. The name may hold spaces and parentheses. */
export function parseStatHead(text: string): ProcessEntry | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).split(' ');
  const ppid = Number(rest[1]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid)) return null;
  return { pid, ppid, name: text.slice(open + 1, close) };
}

export async function linuxProcessTable(procRoot = '/proc'): Promise<ProcessEntry[]> {
  const table: ProcessEntry[] = [];
  for (const pid of await numericEntries(procRoot)) {
    try {
      const entry = parseStatHead(await readFile(`${procRoot}/${pid}/stat`, 'utf8'));
      if (entry) table.push(entry);
    } catch {
      // The process ended between readdir and read.
    }
  }
  return table;
}
