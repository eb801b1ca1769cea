import type { CliIo } from './io.js';
import type { ServerProcess } from '../serve/server-process.js';

/** A model file for the built-in engine: the path, and its Ollama name and digest when it is an Ollama blob. */
export interface BuiltInModelFile {
  path: string;
  name?: string;
  digest?: string;
}

/**
 * `run --gguf`, or no server found: the built-in server on a free loopback port for the length of the run.
 * It decodes BUILT_IN_PARALLEL requests at a time, like Ollama's usual OLLAMA_NUM_PARALLEL, and queues the
 * rest, so its curves look like a real server's; `tokenbench serve --parallel N` serves other values.
 */
export const BUILT_IN_PARALLEL = 4;

/**
 * Starts the built-in engine in a Node child process of its own (server-process.ts): the client's event
 * loop stays the client's, and the telemetry's "server process" is the engine, not this CLI.
 */
export async function startBuiltInTarget(model: BuiltInModelFile, maxConcurrency: number, io: CliIo): Promise<ServerProcess> {
  io.stderr.write(`Starting the built-in engine on ${model.path}…\n`);
  // Loaded on demand: a run against Ollama has no business with the engine's modules.
  const { forkServerChild, startServerProcess } = await import('../serve/server-process.js');
  const server = await startServerProcess(forkServerChild, {
    gguf: model.path,
    port: 0,
    parallel: BUILT_IN_PARALLEL,
    queue: Math.max(maxConcurrency, 1),
    ...(model.name === undefined ? {} : { modelName: model.name }),
    ...(model.digest === undefined ? {} : { digest: model.digest }),
  });
  const threads = `${server.threads} thread${server.threads === 1 ? '' : 's'}`;
  io.stderr.write(`Built-in engine: ${server.modelName} at ${server.url} (parallel ${server.parallel}, ${threads}, process ${server.pid ?? '?'})\n`);
  return server;
}
