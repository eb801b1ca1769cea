import type { Command } from '../command.js';

export const SERVERS_OPTIONS = {
  json: { type: 'boolean' },
} as const;

const SERVERS_USAGE = `Usage: tokenbench servers [--json]

Lists the LLM servers that answer on this machine's loopback ports, with
their models and the one loaded, and says what \`tokenbench run\` benchmarks
when given no server address: the first one found (Ollama first), else the
built-in llama.cpp engine on a model found on disk, else on the demo model.

Probed, on 127.0.0.1 only, within about half a second: Ollama 11434 (and
OLLAMA_HOST when it names this machine), LM Studio 1234, llama.cpp
llama-server and LocalAI 8080, vLLM 8000, Jan 1337, KoboldCpp 5001,
text-generation-webui 5000, SGLang 30000. Each is told apart by what it
answers (see docs/discovery.md).

Options:
  --json                print what was found as JSON on stdout
  -h, --help            show this help

Exit codes: 0 (also when nothing answers), 2 bad input.
`;

/** `tokenbench servers`: the local LLM servers discovery finds. */
export const serversCommand: Command<typeof SERVERS_OPTIONS> = {
  name: 'servers',
  summary: 'list the local LLM servers found on this machine, and their models',
  options: SERVERS_OPTIONS,
  positionals: [],
  usage: SERVERS_USAGE,
  run: async (args, io) => (await import('../servers-command.js')).listServers(args, io),
};
