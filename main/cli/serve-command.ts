import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import { DEFAULT_SERVE_PORT, type SERVE_OPTIONS } from './commands/serve.js';
import { CliError } from './errors.js';
import { parseIntegerInRange } from './flag-values.js';
import { nextInterrupt, type CliIo } from './io.js';
import { DEFAULT_PARALLEL, DEFAULT_QUEUE, MAX_PARALLEL, MAX_QUEUE } from '../serve/machine-defaults.js';

interface ServeFlags {
  gguf?: string;
  ollamaModel?: string;
  port: number;
  parallel: number;
  queue: number;
  ctx?: number;
  threads?: number;
}

function parseServeFlags(values: CommandArgs<typeof SERVE_OPTIONS>['values']): ServeFlags {
  const optionalInt = (flag: string, raw: string | undefined, min: number, max: number): number | undefined =>
    raw === undefined ? undefined : parseIntegerInRange(`--${flag}`, raw, min, max);
  const flags: ServeFlags = {
    gguf: values.gguf,
    ollamaModel: values['ollama-model'],
    port: optionalInt('port', values.port, 0, 65_535) ?? DEFAULT_SERVE_PORT,
    parallel: optionalInt('parallel', values.parallel, 1, MAX_PARALLEL) ?? DEFAULT_PARALLEL,
    queue: optionalInt('queue', values.queue, 0, MAX_QUEUE) ?? DEFAULT_QUEUE,
    ctx: optionalInt('ctx', values.ctx, 16, 1 << 20),
    threads: optionalInt('threads', values.threads, 1, 1024),
  };
  if ((flags.gguf === undefined) === (flags.ollamaModel === undefined)) {
    throw new CliError('give exactly one of --gguf FILE or --ollama-model NAME; see tokenbench serve --help');
  }
  if (flags.gguf === '') throw new CliError('--gguf: no file given');
  return flags;
}

/**
 * `tokenbench serve`: serves until SIGINT/SIGTERM. Bad input (flags, a missing or non-GGUF file, a
 * port in use, an unknown Ollama model) is thrown, as CliError or the engine's ServeInputError.
 */
export async function serveModel({ values }: CommandArgs<typeof SERVE_OPTIONS>, io: CliIo): Promise<Outcome> {
  const flags = parseServeFlags(values);
  // The engine (and node-llama-cpp) is imported only when a server is really started.
  const { startBuiltInServer, resolveOllamaModel } = await import('../serve/index.js');
  let gguf = flags.gguf ?? '';
  let modelName: string | undefined;
  let digest: string | undefined;
  if (flags.ollamaModel !== undefined) {
    const blob = await resolveOllamaModel(flags.ollamaModel);
    ({ ggufPath: gguf, name: modelName, digest } = blob);
  }
  // Listening before the server exists means a Ctrl-C during the model load still ends cleanly.
  const stop = nextInterrupt(io);
  try {
    const started = startBuiltInServer({
      gguf,
      port: flags.port,
      parallel: flags.parallel,
      queue: flags.queue,
      ctx: flags.ctx,
      threads: flags.threads,
      modelName,
      digest,
    });
    const first = await Promise.race([started, stop.promise]);
    if (first === undefined) {
      // Stopped while loading: let the start finish or fail, then close what it opened.
      await started.then((server) => server.close()).catch(() => undefined);
      return 'ok';
    }
    const server = first;
    io.stdout.write(
      `Serving ${server.modelName} on ${server.url} (Ollama API + /v1), parallel ${server.parallel}, ` +
        `queue ${server.queue} — Ctrl-C to stop\n`,
    );
    await stop.promise;
    io.stderr.write('Stopping…\n');
    await server.close();
    return 'ok';
  } finally {
    stop.dispose();
  }
}
