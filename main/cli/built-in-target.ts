import type { CliIo } from './io.js';

export interface EmbeddedTarget {
  url: string;
  close(): Promise<void>;
}

/**
 * `run --gguf`: the built-in engine on a free loopback port for the length of the run. It decodes
 * EMBEDDED_PARALLEL requests at a time, like Ollama's usual OLLAMA_NUM_PARALLEL, and queues the rest, so
 * its curves look like a real server's; `tokenbench serve --parallel N` serves other values.
 */
export const EMBEDDED_PARALLEL = 4;

export async function startEmbeddedTarget(gguf: string, maxConcurrency: number, io: CliIo): Promise<EmbeddedTarget> {
  io.stderr.write(`Starting the built-in engine on ${gguf}…\n`);
  // Loaded on demand: llama.cpp's native addon has no business in a run against Ollama.
  const { startEmbeddedServer } = await import('../serve/index.js');
  const server = await startEmbeddedServer({ gguf, port: 0, parallel: EMBEDDED_PARALLEL, queue: Math.max(maxConcurrency, 1) });
  io.stderr.write(`Built-in engine: ${server.modelName} at ${server.url} (parallel ${EMBEDDED_PARALLEL})\n`);
  return server;
}
