// macOS: `lsof` names the process listening on the port, `ps` gives the PID → parent table.
import { captureCommand, type CaptureCommand } from '../command-output.js';
import type { ProcessEntry } from './process-table.js';

/** `lsof -t` prints one PID per line. */
export function parsePidLines(text: string): number[] {
  return [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => /^\d+$/.test(l)).map(Number))];
}

export async function macosListeningPids(port: number, run: CaptureCommand = captureCommand): Promise<{ pids: number[]; reason?: string }> {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return { pids: [], reason: `bad port ${port}` };
  const result = await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], { timeoutMs: 5000 });
  if (result.error) return { pids: [], reason: `lsof could not run: ${result.error}` };
  const pids = parsePidLines(result.stdout);
  // lsof exits 1 both for "nothing found" and for processes it may not inspect (another user's server).
  return pids.length > 0 ? { pids } : { pids, reason: `lsof shows no process of this user listening on port ${port}` };
}

/** `ps -A -o pid=,ppid=,comm=` → the table; comm is the executable path on macOS, kept as its basename. */
export function parsePsTable(text: string): ProcessEntry[] {
  const table: ProcessEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    const path = m[3];
    table.push({ pid: Number(m[1]), ppid: Number(m[2]), name: path.slice(path.lastIndexOf('/') + 1) });
  }
  return table;
}

export async function macosProcessTable(run: CaptureCommand = captureCommand): Promise<ProcessEntry[]> {
  const result = await run('ps', ['-A', '-o', 'pid=,ppid=,comm='], { timeoutMs: 5000 });
  return parsePsTable(result.stdout);
}
