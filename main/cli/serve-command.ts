import { parseArgs } from 'node:util';
import { CliError } from './errors.js';
import { parseIntegerInRange } from './flag-values.js';
import { DEFAULT_CTX, DEFAULT_PARALLEL, DEFAULT_QUEUE, MAX_PARALLEL, MAX_QUEUE } from '../serve/machine-defaults.js';

export const DEFAULT_SERVE_PORT = 11434;

export const SERVE_HELP = `Usage: tokenbench serve (--gguf FILE | --ollama-model NAME) [options]

Serve a GGUF model with the built-in llama.cpp engine on 127.0.0.1 (never on
another interface), with the Ollama API (/api/generate, /api/chat, /api/tags,
/api/ps, /api/show, /api/version) and OpenAI /v1/chat/completions, /v1/models.

Options:
  --gguf FILE           the model file to serve (.gguf)
  --ollama-model NAME   serve the weights of a model pulled into Ollama (e.g.
                        llama3.2:1b; read from OLLAMA_MODELS or
                        ~/.ollama/models); Ollama itself need not run
  --port P              TCP port on 127.0.0.1 (default ${DEFAULT_SERVE_PORT}, Ollama's;
                        0 = any free port)
  --parallel N          requests decoded in parallel, like OLLAMA_NUM_PARALLEL
                        (default ${DEFAULT_PARALLEL})
  --queue M             requests waiting beyond those, like OLLAMA_MAX_QUEUE
                        (default ${DEFAULT_QUEUE}); more get HTTP 503 "server busy"
  --ctx C               tokens per parallel sequence, prompt + answer
                        (default ${DEFAULT_CTX}, at most the model's training context)
  --threads T           decode threads (default: physical cores; 1 on
                        machines with 2 cores or fewer)
  -h, --help            show this help

Ctrl-C (SIGINT) or SIGTERM stops the server cleanly.
Exit codes: 0 stopped by a signal, 2 bad input (missing file, not a GGUF,
port in use, unknown Ollama model).

Examples:
  tokenbench serve --gguf ./qwen2.5-0.5b-instruct-q4_k_m.gguf --parallel 8
  tokenbench serve --ollama-model llama3.2:1b --port 11435
`;

interface ServeIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

interface ServeFlags {
  gguf?: string;
  ollamaModel?: string;
  port: number;
  parallel: number;
  queue: number;
  ctx?: number;
  threads?: number;
  help: boolean;
}

function parseServeArgs(argv: string[]): ServeFlags {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        gguf: { type: 'string' },
        'ollama-model': { type: 'string' },
        port: { type: 'string' },
        parallel: { type: 'string' },
        queue: { type: 'string' },
        ctx: { type: 'string' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/\.$/, '');
    throw new CliError(`${message}; see tokenbench serve --help`);
  }
  const optionalInt = (flag: string, raw: string | undefined, min: number, max: number): number | undefined =>
    raw === undefined ? undefined : parseIntegerInRange(`--${flag}`, raw, min, max);
  return {
    gguf: values.gguf,
    ollamaModel: values['ollama-model'],
    port: optionalInt('port', values.port, 0, 65_535) ?? DEFAULT_SERVE_PORT,
    parallel: optionalInt('parallel', values.parallel, 1, MAX_PARALLEL) ?? DEFAULT_PARALLEL,
    queue: optionalInt('queue', values.queue, 0, MAX_QUEUE) ?? DEFAULT_QUEUE,
    ctx: optionalInt('ctx', values.ctx, 16, 1 << 20),
    threads: optionalInt('threads', values.threads, 1, 1024),
    help: values.help ?? false,
  };
}

/** Resolves with the first SIGINT/SIGTERM; the listeners are removed again afterwards. */
function nextStopSignal(): { promise: Promise<NodeJS.Signals>; dispose(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    promise,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

async function serve(argv: string[], io: ServeIo): Promise<number> {
  const flags = parseServeArgs(argv);
  if (flags.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  if ((flags.gguf === undefined) === (flags.ollamaModel === undefined)) {
    throw new CliError('give exactly one of --gguf FILE or --ollama-model NAME; see tokenbench serve --help');
  }
  if (flags.gguf === '') throw new CliError('--gguf: no file given');
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
  const stop = nextStopSignal();
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
    if (typeof first === 'string') {
      // Stopped while loading: let the start finish or fail, then close what it opened.
      await started.then((server) => server.close()).catch(() => undefined);
      return 0;
    }
    const server = first;
    io.stdout.write(
      `Serving ${server.modelName} on ${server.url} (Ollama API + /v1), parallel ${server.parallel}, ` +
        `queue ${server.queue} — Ctrl-C to stop\n`,
    );
    await stop.promise;
    io.stderr.write('Stopping…\n');
    await server.close();
    return 0;
  } finally {
    stop.dispose();
  }
}

/**
 * `tokenbench serve`: runs until SIGINT/SIGTERM and resolves with the exit code. Bad input (flags, a
 * missing or non-GGUF file, a port in use, an unknown Ollama model) is printed as one line on stderr
 * and resolves with 2; nothing is thrown for it.
 */
export async function serveCommand(argv: string[], io: ServeIo): Promise<number> {
  try {
    return await serve(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`tokenbench serve: ${error.message.replace(/[\r\n]+/g, ' ')}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
