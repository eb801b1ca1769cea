import { ServeInputError } from './errors.js';
import { assertGgufFile } from './gguf-file.js';
import { closeServer, createRouterServer, LOOPBACK_HOST, listenLoopback } from './http-server.js';
import { DEFAULT_PARALLEL, DEFAULT_QUEUE, MAX_PARALLEL, MAX_QUEUE } from './machine-defaults.js';
import { modelNameFromPath } from './model-name.js';
import { TOOL_VERSION } from '../tool-version.js';
import type { ServeStats } from './completion-service.js';
import type { LlamaRunner } from './llama-runner.js';

export { ServeInputError, SERVER_BUSY_MESSAGE } from './errors.js';
export { resolveOllamaModel, ollamaModelsDir } from './ollama-blobs.js';
export { DEFAULT_PARALLEL, DEFAULT_QUEUE, DEFAULT_CTX, defaultThreads } from './machine-defaults.js';
export type { ServeStats } from './completion-service.js';

export interface BuiltInServerOptions {
  gguf: string;
  /** 0 or absent = a free port. */
  port?: number;
  parallel?: number;
  queue?: number;
  /** Tokens per sequence. */
  ctx?: number;
  threads?: number;
  /** Name in /api/tags; default the file's basename without `.gguf`. */
  modelName?: string;
  /** `sha256:<hex>` of the weights when known (an Ollama blob). */
  digest?: string;
}

export interface BuiltInServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  modelName: string;
  port: number;
  parallel: number;
  queue: number;
  contextSize: number;
  threads: number;
  /** Slots in use, waiting requests, tokens generated so far. */
  stats(): ServeStats;
  /** Ends running and waiting requests, closes the port and frees the model. Safe to call twice. */
  close(): Promise<void>;
}

function checkCount(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ServeInputError(`--${name}: ${value} is out of range (expected an integer from ${min} to ${max})`);
  }
  return value;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim();
}

/**
 * The built-in engine: llama.cpp (node-llama-cpp) serving one GGUF file on 127.0.0.1 with the Ollama API
 * and OpenAI chat completions, `parallel` sequences decoded together and a FIFO queue of `queue` more.
 * Fails with a ServeInputError (one line; the CLI exits with 2) on a missing file, a file that is
 * not GGUF, a port in use or a model llama.cpp cannot load.
 */
export async function startBuiltInServer(opts: BuiltInServerOptions): Promise<BuiltInServer> {
  const parallel = checkCount('parallel', opts.parallel ?? DEFAULT_PARALLEL, 1, MAX_PARALLEL);
  const queue = checkCount('queue', opts.queue ?? DEFAULT_QUEUE, 0, MAX_QUEUE);
  const port = checkCount('port', opts.port ?? 0, 0, 65_535);
  if (opts.ctx !== undefined) checkCount('ctx', opts.ctx, 16, 1 << 20);
  if (opts.threads !== undefined) checkCount('threads', opts.threads, 1, 1024);
  await assertGgufFile(opts.gguf);
  const modelName = opts.modelName ?? modelNameFromPath(opts.gguf);

  // Bind before the (slow) model load, so a busy port fails at once.
  const router = createRouterServer();
  const boundPort = await listenLoopback(router.server, port);
  // Loaded here, not at the top: importing node-llama-cpp costs ~300 ms that other commands should not pay.
  const [runnerModule, { CompletionService }, { ollamaRoutes }, { openAiRoutes }, { llamaRoutes }] = await Promise.all([
    import('./llama-runner.js'),
    import('./completion-service.js'),
    import('./ollama-routes.js'),
    import('./openai-routes.js'),
    import('./llama-routes.js'),
  ]);
  let runner: LlamaRunner;
  try {
    runner = await runnerModule.LlamaRunner.load({ gguf: opts.gguf, parallel, ctx: opts.ctx, threads: opts.threads });
  } catch (error) {
    await closeServer(router.server);
    throw new ServeInputError(`cannot load model ${opts.gguf}: ${firstLine(error)}`);
  }
  const service = new CompletionService(runner, queue);
  const ctx = {
    modelName,
    digest: opts.digest ?? '',
    runner,
    service,
    loadedAt: new Date(),
    version: TOOL_VERSION,
  };
  router.setRoutes([...ollamaRoutes(ctx), ...openAiRoutes(ctx), ...llamaRoutes(ctx)]);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${LOOPBACK_HOST}:${boundPort}`,
    modelName,
    port: boundPort,
    parallel,
    queue,
    contextSize: runner.contextSize,
    threads: runner.threads,
    stats: () => service.stats(),
    close: () => {
      closing ??= (async () => {
        const stopped = closeServer(router.server);
        await service.close();
        await stopped;
        await runner.close();
      })();
      return closing;
    },
  };
}
