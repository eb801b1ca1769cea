import type { CliIo } from './io.js';
import type { EngineModel, ServerProcess } from '../serve/server-process.js';

/**
 * `run --gguf`, or no server found: the built-in engine in a Node child process of its own
 * (server-process.ts startRunEngine): the client's event loop stays the client's, and the telemetry's
 * "server process" is the engine, not this CLI.
 */
export async function startBuiltInTarget(model: EngineModel, io: CliIo): Promise<ServerProcess> {
  io.stderr.write(`Starting the built-in engine on ${model.path}…\n`);
  // Loaded on demand: a run against Ollama has no business with the engine's modules.
  const { forkServerChild, startRunEngine } = await import('../serve/server-process.js');
  const server = await startRunEngine(forkServerChild, model);
  const threads = `${server.threads} thread${server.threads === 1 ? '' : 's'}`;
  io.stderr.write(`Built-in engine: ${server.modelName} at ${server.url} (parallel ${server.parallel}, ${threads}, process ${server.pid ?? '?'})\n`);
  return server;
}
