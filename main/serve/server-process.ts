// The built-in engine in a process of its own, so that the benchmark's client and the server never share
// an event loop and the process telemetry (found by the listening port) sees the server alone. How the
// process is started is injected: a Node child process here (CLI, web mode), Electron's utilityProcess in
// the app (main/app/main.ts). The child (server-child.ts) dies with its parent.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ServeInputError } from './errors.js';
import type { BuiltInServerOptions } from './index.js';
import { DEFAULT_PARALLEL } from './machine-defaults.js';
import { MAX_CONCURRENCY } from '../../common/run-config.js';

/** Parent → child. */
export type ToServerChild = { type: 'start'; options: BuiltInServerOptions } | { type: 'stop' };

/** What the child reports once it serves. */
export interface ServerReady {
  url: string;
  port: number;
  modelName: string;
  parallel: number;
  queue: number;
  contextSize: number;
  threads: number;
}

/** Child → parent. */
export type FromServerChild =
  /** Listening for messages: the parent may send `start`. */
  | { type: 'hello' }
  | ({ type: 'ready' } & ServerReady)
  /** The server could not start; `input`: the user's to fix (a bad file, a port in use), said in one line. */
  | { type: 'failed'; message: string; input: boolean };

/** A started process that runs server-child.ts, whatever started it. */
export interface ServerChild {
  readonly pid: number | undefined;
  send(message: ToServerChild): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Once, when the process has ended: `code` null when a signal ended it, `stderr` the end of what it wrote there. */
  onExit(listener: (code: number | null, stderr: string) => void): void;
  /** Ends it at once. */
  kill(): void;
}

/** Starts `entry` (the built server-child.js) in a process of its own. */
export type SpawnServerChild = (entry: string) => ServerChild;

export interface ServerProcess extends ServerReady {
  pid: number | undefined;
  /** Resolves with the exit code when the process ends, expectedly or not. */
  readonly exited: Promise<number | null>;
  /** Stops the server (running requests end, the port closes) and waits for its process to end. Safe to call twice. */
  close(): Promise<void>;
  /** Calls `listener` if the process ends before close() was asked (a crash, a kill): a run's requests then fail. */
  onUnexpectedExit(listener: (description: string) => void): void;
}

/** llama.cpp maps the model; loading a large one from a slow disk takes a while. */
export const DEFAULT_START_TIMEOUT_MS = 120_000;
/** After `stop`, the process is killed if it has not ended by then. */
const STOP_WAIT_MS = 10_000;
/** The end of the child's stderr kept to explain an early exit. */
const STDERR_TAIL_CHARS = 2_000;

/** The built server-child.js: beside this file once built, or in dist/ when this runs from source (tests). */
export function serverChildEntry(): string {
  const candidates = ['./server-child.js', '../../dist/main/serve/server-child.js'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`${candidates[1]} is missing: run \`npm run build\``);
  return found;
}

/** Node's child_process.fork: IPC for the messages; stderr kept for the reason of an early exit. */
export const forkServerChild: SpawnServerChild = (entry) => {
  const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [], serialization: 'json' });
  let tail = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    tail = (tail + d).slice(-STDERR_TAIL_CHARS);
  });
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(code, tail)),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
};

function isMessage(value: unknown): value is FromServerChild {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Starts the built-in server on `options` in a process of its own and resolves once it listens. Rejects
 * with ServeInputError for what the user can fix (a missing or non-GGUF file, a port in use, a model
 * llama.cpp refuses), with an Error when the process ends or stays silent past `startTimeoutMs`; the
 * process is gone either way.
 */
export async function startServerProcess(
  spawn: SpawnServerChild,
  options: BuiltInServerOptions,
  { startTimeoutMs = DEFAULT_START_TIMEOUT_MS }: { startTimeoutMs?: number } = {},
): Promise<ServerProcess> {
  const child = spawn(serverChildEntry());
  let ended = false;
  let stderr = '';
  const exited = new Promise<number | null>((resolve) =>
    child.onExit((code, tail) => {
      ended = true;
      stderr = tail;
      resolve(code);
    }),
  );

  let closing: Promise<void> | undefined;
  /** Why the process ended, in a few words: its exit code and the last line it wrote on stderr. */
  const describeExit = (code: number | null): string => {
    const said = stderr.trim().split('\n').at(-1);
    return `exited (code ${code ?? 'signal'})${said ? `: ${said}` : ''}`;
  };
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (ended) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill(), STOP_WAIT_MS);
      await exited;
      clearTimeout(timer);
    })();
    return closing;
  };

  /** Started, but silent past the timeout: nothing says it would answer a stop either. */
  class StartTimeout extends Error {}
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StartTimeout(`the built-in engine did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
    const settle = (): void => clearTimeout(timer);
    child.onMessage((message) => {
      if (!isMessage(message)) return;
      if (message.type === 'hello') child.send({ type: 'start', options });
      if (message.type === 'ready') {
        settle();
        const { type: _type, ...facts } = message;
        resolve(facts);
      }
      if (message.type === 'failed') {
        settle();
        reject(message.input ? new ServeInputError(message.message) : new Error(`the built-in engine failed to start: ${message.message}`));
      }
    });
    void exited.then((code) => {
      settle();
      reject(new Error(`the built-in engine ${describeExit(code)} before it was ready`));
    });
  }).catch(async (err: unknown) => {
    if (err instanceof StartTimeout && !ended) child.kill();
    await close();
    throw err;
  });
  return {
    ...ready,
    pid: child.pid,
    exited,
    close,
    onUnexpectedExit: (listener) => {
      void exited.then((code) => {
        if (closing === undefined) listener(`the built-in engine ${describeExit(code)}`);
      });
    },
  };
}

/** A model file for the built-in engine: the path, and its Ollama name and digest when it is an Ollama blob. */
export interface EngineModel {
  path: string;
  name?: string;
  digest?: string;
}

/**
 * The built-in engine as a run's target (`run --gguf`, or no server found; CLI and app alike), on a free
 * loopback port. It decodes DEFAULT_PARALLEL requests at a time, like Ollama's usual OLLAMA_NUM_PARALLEL,
 * and queues the rest — as many as a level may send, so none is refused — so its curves look like a real
 * server's; `tokenbench serve --parallel N --queue M` serves other values.
 */
export function startRunEngine(spawn: SpawnServerChild, model: EngineModel): Promise<ServerProcess> {
  return startServerProcess(spawn, {
    gguf: model.path,
    port: 0,
    parallel: DEFAULT_PARALLEL,
    queue: MAX_CONCURRENCY,
    ...(model.name === undefined ? {} : { modelName: model.name }),
    ...(model.digest === undefined ? {} : { digest: model.digest }),
  });
}
