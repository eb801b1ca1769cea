import { DEFAULT_CTX, DEFAULT_PARALLEL, DEFAULT_QUEUE } from '../../serve/machine-defaults.js';
import type { Command } from '../command.js';

export const DEFAULT_SERVE_PORT = 11434;

export const SERVE_OPTIONS = {
  gguf: { type: 'string' },
  'ollama-model': { type: 'string' },
  port: { type: 'string' },
  parallel: { type: 'string' },
  queue: { type: 'string' },
  ctx: { type: 'string' },
  threads: { type: 'string' },
} as const;

const SERVE_USAGE = `Usage: tokenbench serve (--gguf FILE | --ollama-model NAME) [options]

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

/** `tokenbench serve`: the built-in engine behind the Ollama and OpenAI APIs until a signal. */
export const serveCommand: Command<typeof SERVE_OPTIONS> = {
  name: 'serve',
  summary: 'serve a GGUF file with the Ollama API (the built-in engine)',
  options: SERVE_OPTIONS,
  positionals: [],
  usage: SERVE_USAGE,
  run: async (args, io) => (await import('../serve-command.js')).serveModel(args, io),
};
