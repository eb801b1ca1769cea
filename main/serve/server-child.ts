// The entry point of the built-in engine's own process (server-process.ts starts it: a Node child
// process, or Electron's utilityProcess in the app). It serves what the parent asks, reports its port,
// stops when told, and never outlives its parent: a lost IPC channel or a new parent PID (the parent was
// killed or crashed) stops it too.
import { startBuiltInServer, ServeInputError, type BuiltInServer } from './index.js';
import type { FromServerChild, ToServerChild } from './server-process.js';

/** Electron's utilityProcess gives the child `process.parentPort`; Node's fork gives `process.send`. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** How often the parent's PID is checked; the IPC channel usually tells sooner. */
const PARENT_CHECK_MS = 500;
/** A stop that takes longer than this (a model that will not free) ends the process anyway. */
const STOP_DEADLINE_MS = 5_000;

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
const send = (message: FromServerChild): void => {
  if (parentPort) parentPort.postMessage(message);
  else if (process.connected) process.send?.(message);
};

let server: BuiltInServer | null = null;
let starting: Promise<unknown> | null = null;
let stopping = false;

async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
  // A start in progress finishes first, so the model it loads is freed too.
  await starting?.catch(() => undefined);
  await server?.close().catch(() => undefined);
  process.exit(0);
}

async function start(options: Extract<ToServerChild, { type: 'start' }>['options']): Promise<void> {
  try {
    server = await startBuiltInServer(options);
    if (stopping) return;
    const { url, port, modelName, parallel, queue, contextSize, threads } = server;
    send({ type: 'ready', url, port, modelName, parallel, queue, contextSize, threads });
  } catch (err) {
    send({ type: 'failed', message: err instanceof Error ? err.message : String(err), input: err instanceof ServeInputError });
  }
}

function onMessage(message: unknown): void {
  const m = message as ToServerChild;
  if (m?.type === 'start' && starting === null && !stopping) starting = start(m.options);
  if (m?.type === 'stop') void stop();
}

if (parentPort) {
  parentPort.on('message', (event) => onMessage(event.data));
} else if (process.send) {
  process.on('message', onMessage);
  process.on('disconnect', () => void stop());
} else {
  process.stderr.write('tokenbench: server-child.js is started by tokenbench, not on its own (see `tokenbench serve`)\n');
  process.exit(2);
}

// Ctrl-C in a terminal reaches the whole process group: the parent decides when the server stops (after
// recording the requests in flight), so SIGINT is ignored here. SIGTERM stops it.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => void stop());

const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid || !isAlive(parentPid)) void stop();
}, PARENT_CHECK_MS).unref();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

send({ type: 'hello' });
