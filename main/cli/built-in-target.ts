import type { CliIo } from './io.js';

export interface BuiltInTarget {
  url: string;
  close(): Promise<void>;
}

/**
 * `run --gguf`: the built-in server on a free loopback port for the length of the run. It decodes
 * BUILT_IN_PARALLEL requests at a time, like Ollama's usual OLLAMA_NUM_PARALLEL, and queues the rest, so
 * its curves look like a real server's; `tokenbench serve --parallel N` serves other values.
 */
export const BUILT_IN_PARALLEL = 4;

export async function startBuiltInTarget(gguf: string, maxConcurrency: number, io: CliIo): Promise<BuiltInTarget> {
  io.stderr.write(`Starting the built-in engine on ${gguf}…\n`);
  // Loaded on demand: llama.cpp's native addon has no business in a run against Ollama.
  const { startBuiltInServer } = await import('../serve/index.js');
  const server = await startBuiltInServer({ gguf, port: 0, parallel: BUILT_IN_PARALLEL, queue: Math.max(maxConcurrency, 1) });
  io.stderr.write(`Built-in engine: ${server.modelName} at ${server.url} (parallel ${BUILT_IN_PARALLEL})\n`);
  return server;
}
