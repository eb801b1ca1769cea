// The platform-neutral part of finding the server's processes: the PID → parent table and the walks over it.

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** Executable name (no path). */
  name: string;
}

/** One reading of one process, before CPU % (which needs two readings). */
export interface ProcessReading {
  pid: number;
  ppid: number;
  name: string;
  /** Cumulative user + system CPU time, ms. */
  cpuTimeMs: number | null;
  rssBytes: number | null;
  vszBytes: number | null;
  threads: number | null;
  fds: number | null;
}

/** What a platform offers the tracker. */
export interface ProcessPlatform {
  readonly label: string;
  /** PIDs with a listening TCP socket on the port; `reason` says what could not be looked at. */
  listeningPids(port: number): Promise<{ pids: number[]; reason?: string }>;
  processTable(): Promise<ProcessEntry[]>;
  read(pids: readonly number[]): Promise<ProcessReading[]>;
}

/** Every descendant of the roots (children, grandchildren …), roots excluded, in table order. */
export function descendantsOf(roots: readonly number[], table: readonly ProcessEntry[]): number[] {
  const children = new Map<number, number[]>();
  for (const e of table) {
    const list = children.get(e.ppid);
    if (list) list.push(e.pid);
    else children.set(e.ppid, [e.pid]);
  }
  const seen = new Set<number>(roots);
  const out: number[] = [];
  const queue = [...roots];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * Of several PIDs sharing one listening socket (a forked child inherits it), the ones whose parent is
 * not itself in the set: the server, not its children.
 */
export function topmost(pids: readonly number[], table: readonly ProcessEntry[]): number[] {
  const set = new Set(pids);
  const parent = new Map(table.map((e) => [e.pid, e.ppid]));
  return pids.filter((pid) => !set.has(parent.get(pid) ?? -1));
}

/** Names an LLM server or its model runner goes by (Ollama, its runners, llama.cpp's server). */
const SERVER_NAMES = ['ollama', 'ollama_llama_server', 'ollama-runner', 'llama-server', 'llama_server'];

/** Linux cuts a process name to 15 characters ("ollama_llama_se"), so a 15-character prefix also counts. */
export function isServerName(name: string): boolean {
  const n = name.toLowerCase();
  return SERVER_NAMES.some((s) => s === n || (n.length === 15 && s.startsWith(n)));
}

/** The name fallback: processes called like a server, minus those whose parent is also one. */
export function serversByName(table: readonly ProcessEntry[]): number[] {
  const matches = table.filter((e) => isServerName(e.name)).map((e) => e.pid);
  return topmost(matches, table);
}
