// What `tokenbench run` benchmarks when the user named no target (no --url, no --gguf): the local server
// discovery finds (Ollama first), else the built-in engine on a model found on disk, else on the demo
// model — each said in one line with how to pick another. A named --url is never replaced: if it does
// not answer, preflight says so and the run exits 2.
import { SERVER_KIND_NAMES, type FoundServer, type ServerDiscovery } from '../../common/api.js';
import { DEMO_MODEL_NOTE } from '../../common/demo-model.js';
import { findServers } from '../run/find-servers.js';
import { findLocalModel, LOCAL_MODEL_SOURCE_NAMES, type LocalModel } from '../serve/local-models.js';
import { resolveOllamaModel } from '../serve/ollama-blobs.js';
import { isDemoModelFile } from '../serve/demo-model.js';
import { startBuiltInTarget } from './built-in-target.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import type { RunArgs } from './run-args.js';
import type { ServerProcess } from '../serve/server-process.js';

export interface RunTarget {
  url: string;
  /** The built-in engine started for this run (stopped by the caller), or null. */
  builtIn: ServerProcess | null;
  /** The demo model is measured: every result says so. */
  demo: boolean;
}

/** Discovery with the model the built-in engine would serve; `model`: the one the user asked for, if any. */
export async function discover(model?: string): Promise<{ discovery: ServerDiscovery; local: LocalModel | null }> {
  const local = model === undefined ? findLocalModel() : pulledOllamaModel(model);
  const discovery = await findServers({ builtInModel: () => local });
  return { discovery, local: await local };
}

/** A model the user named, when Ollama has pulled it (the engine can serve its blob), else null. */
async function pulledOllamaModel(name: string): Promise<LocalModel | null> {
  try {
    const blob = await resolveOllamaModel(name);
    return { path: blob.ggufPath, name: blob.name, source: 'ollama', bytes: 0, demo: false, digest: blob.digest };
  } catch {
    return null;
  }
}

/** "Ollama 0.12.3 at http://127.0.0.1:11434". */
export function describeServer(server: FoundServer): string {
  return `${SERVER_KIND_NAMES[server.kind]}${server.version ? ` ${server.version}` : ''} at ${server.url}`;
}

/** "the demo model (random weights: …)" or "llama3.2:1b from Ollama's models". */
export function describeLocalModel(model: LocalModel): string {
  return model.demo ? `the demo model (${DEMO_MODEL_NOTE.replace(/^demo model, /, '')})` : `${model.name} from ${LOCAL_MODEL_SOURCE_NAMES[model.source]}`;
}

/** With --model, a server that lists it (Ollama's `name` means `name:latest`); with --api ollama, an Ollama server; else the first. */
function pickServer(servers: readonly FoundServer[], args: RunArgs): FoundServer | undefined {
  const speaks = servers.filter((s) => args.api !== 'ollama' || s.api === 'ollama');
  const wanted = args.model;
  const lists = (s: FoundServer): boolean => wanted !== undefined && s.models.some((m) => m === wanted || m === `${wanted}:latest`);
  return speaks.find(lists) ?? speaks[0];
}

/** Decides and, for the built-in engine, starts the target; prints one line saying which and how to pick another. */
export async function openRunTarget(args: RunArgs, io: CliIo, maxConcurrency: number): Promise<RunTarget> {
  if (args.gguf !== undefined) {
    const builtIn = await startBuiltInTarget({ path: args.gguf }, maxConcurrency, io);
    return { url: builtIn.url, builtIn, demo: isDemoModelFile(args.gguf) };
  }
  if (!args.findTarget) return { url: args.url, builtIn: null, demo: false };
  const { discovery, local } = await discover(args.model);
  const server = pickServer(discovery.servers, args);
  if (server) {
    const others = discovery.servers.filter((s) => s !== server);
    const also = others.length > 0 ? ` (also found: ${others.map(describeServer).join(', ')})` : '';
    io.stderr.write(`Benchmarking ${describeServer(server)}, found on this machine${also}; pick another with --url URL\n`);
    return { url: server.url, builtIn: null, demo: false };
  }
  if (local === null) {
    throw new CliError(
      args.model === undefined
        ? 'no local LLM server answers and there is no model file for the built-in engine; start Ollama (`ollama serve`), point --url at your server, or benchmark a GGUF file with --gguf FILE'
        : `no local LLM server answers and Ollama has not pulled "${args.model}"; start your server, point --url at it, or benchmark a GGUF file with --gguf FILE`,
    );
  }
  io.stderr.write(
    `No local LLM server answers; benchmarking the built-in llama.cpp engine on ${describeLocalModel(local)}. ` +
      `Point it at your server with --url URL${local.demo ? ', or at a model file with --gguf FILE' : ''}\n`,
  );
  const builtIn = await startBuiltInTarget({ path: local.path, name: local.name, ...(local.digest ? { digest: local.digest } : {}) }, maxConcurrency, io);
  return { url: builtIn.url, builtIn, demo: local.demo };
}
