// macOS readings from `ps` and `lsof`. CPU % is computed by the tracker from the cumulative CPU time
// (`time`), never taken from ps's own %cpu, which is a decaying average and not this interval's share.
import { captureCommand, type CaptureCommand } from '../command-output.js';
import { macosListeningPids, macosProcessTable } from './discover-macos.js';
import type { ProcessPlatform, ProcessReading } from './process-table.js';

/** ps `time`: "0:00.06", "12:34.56", "1:02:03.04", "2-01:02:03" (Linux prints "00:00:03") → ms. */
export function parsePsTime(text: string): number | null {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return null;
  const [, days, hours, minutes, seconds] = m;
  return ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000;
}

export interface PsRow {
  pid: number;
  ppid: number;
  rssBytes: number;
  vszBytes: number;
  cpuTimeMs: number | null;
  name: string;
}

/** `ps -o pid=,ppid=,rss=,vsz=,time=,comm= -p …`; rss and vsz are KiB. */
export function parsePsRows(text: string): PsRow[] {
  const rows: PsRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    const path = m[6];
    rows.push({
      pid: Number(m[1]),
      ppid: Number(m[2]),
      rssBytes: Number(m[3]) * 1024,
      vszBytes: Number(m[4]) * 1024,
      cpuTimeMs: parsePsTime(m[5]),
      name: path.slice(path.lastIndexOf('/') + 1),
    });
  }
  return rows;
}

/** `ps -M -p PID` prints a header and one line per thread. */
export function countThreadLines(text: string): number | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length >= 2 ? lines.length - 1 : null;
}

/** `lsof -p PID -F f` prints `p<pid>` then `f<fd>` per open file; cwd/txt/mem entries are not descriptors. */
export function countFdLines(text: string): number {
  return text.split('\n').filter((l) => /^f\d+$/.test(l.trim())).length;
}

export async function readMacosProcesses(pids: readonly number[], run: CaptureCommand = captureCommand): Promise<ProcessReading[]> {
  if (pids.length === 0) return [];
  const ps = await run('ps', ['-o', 'pid=,ppid=,rss=,vsz=,time=,comm=', '-p', pids.join(',')], { timeoutMs: 5000 });
  const rows = parsePsRows(ps.stdout);
  return Promise.all(
    rows.map(async (row): Promise<ProcessReading> => {
      const [threads, lsof] = await Promise.all([
        run('ps', ['-M', '-p', String(row.pid)], { timeoutMs: 5000 }),
        run('lsof', ['-nP', '-p', String(row.pid), '-F', 'f'], { timeoutMs: 5000 }),
      ]);
      const fds = countFdLines(lsof.stdout);
      return {
        pid: row.pid,
        ppid: row.ppid,
        name: row.name,
        cpuTimeMs: row.cpuTimeMs,
        rssBytes: row.rssBytes,
        vszBytes: row.vszBytes,
        threads: countThreadLines(threads.stdout),
        // lsof lists nothing for another user's process without root: unknown, not zero.
        fds: fds > 0 ? fds : null,
      };
    }),
  );
}

export function macosProcessPlatform(run: CaptureCommand = captureCommand): ProcessPlatform {
  return {
    label: 'ps/lsof',
    listeningPids: (port) => macosListeningPids(port, run),
    processTable: () => macosProcessTable(run),
    read: (pids) => readMacosProcesses(pids, run),
  };
}
