// The scheduling settings a local server was started with, from its process environment (issue 14):
// OLLAMA_NUM_PARALLEL and friends. Linux reads /proc/PID/environ of the process listening on the target's
// port (readable for the user's own processes); macOS offers no supported way to read another process's
// environment (`ps -E` shows it only for some of the user's own processes, nothing is guaranteed), so
// nothing is attempted there and the reason says so. Only the names below are kept: an environment
// holds secrets, and nothing else of it is ever read into a run.
import { readFile } from 'node:fs/promises';
import { linuxListeningPids, linuxProcessTable } from './discover-linux.js';
import { localPort } from './process-source.js';
import { topmost } from './process-table.js';

/** Variables that shape how the server schedules and sizes requests (Ollama; llama-server's LLAMA_ARG_*). */
export const SCHEDULING_VARIABLES = [
  'OLLAMA_NUM_PARALLEL',
  'OLLAMA_MAX_LOADED_MODELS',
  'OLLAMA_MAX_QUEUE',
  'OLLAMA_CONTEXT_LENGTH',
  'OLLAMA_FLASH_ATTENTION',
  'OLLAMA_KV_CACHE_TYPE',
  'OLLAMA_KEEP_ALIVE',
  'OLLAMA_SCHED_SPREAD',
  'OLLAMA_GPU_OVERHEAD',
  'OLLAMA_LOAD_TIMEOUT',
  'OLLAMA_NEW_ENGINE',
  'LLAMA_ARG_N_PARALLEL',
  'LLAMA_ARG_CTX_SIZE',
  'LLAMA_ARG_BATCH',
  'LLAMA_ARG_UBATCH',
  'LLAMA_ARG_CONT_BATCHING',
  'LLAMA_ARG_FLASH_ATTN',
  'LLAMA_ARG_N_GPU_LAYERS',
  'LLAMA_ARG_THREADS',
  'CUDA_VISIBLE_DEVICES',
  'OMP_NUM_THREADS',
] as const;

export type EnvironmentReading = { variables: Record<string, string>; pid: number } | { reason: string };

/** `NAME=value\0…` → the scheduling variables among them (everything else is dropped unread). */
export function schedulingVariables(environ: string): Record<string, string> {
  const wanted = new Set<string>(SCHEDULING_VARIABLES);
  const out: Record<string, string> = {};
  for (const entry of environ.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (wanted.has(name)) out[name] = entry.slice(eq + 1);
  }
  return out;
}

/** The scheduling variables of the process serving `targetUrl` on this machine, or why they cannot be read. */
export async function readServerEnvironment(targetUrl: string, platform: NodeJS.Platform = process.platform, procRoot = '/proc'): Promise<EnvironmentReading> {
  const where = localPort(targetUrl);
  if ('reason' in where) return { reason: `${where.reason}: its environment is not readable from here` };
  if (platform === 'darwin') {
    return { reason: "macOS does not let one process read another's environment reliably (ps -E shows it only for some of your own processes); not read" };
  }
  if (platform !== 'linux') return { reason: `reading a server's environment is not supported on ${platform}` };
  const listening = await linuxListeningPids(where.port, procRoot);
  if (listening.pids.length === 0) return { reason: listening.reason ?? `no process found listening on port ${where.port}` };
  const pid = topmost(listening.pids, await linuxProcessTable(procRoot))[0] ?? listening.pids[0];
  try {
    return { variables: schedulingVariables(await readFile(`${procRoot}/${pid}/environ`, 'latin1')), pid };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return { reason: `cannot read the environment of the server process ${pid} (${code}; another user's process?)` };
  }
}
