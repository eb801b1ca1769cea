// What `tokenbench run` benchmarks when the user named no target (no --url, no --gguf): the local server
// discovery finds (Ollama first), else the built-in engine on a model found on disk, else on the demo
// model — each said in one line with how to pick another. A named --url is never replaced: if it does
// not answer, preflight says so and the run exits 2.
import { SERVER_KIND_NAMES, type FoundServer, type ServerDiscovery } from '../../common/api.js';
import { DEMO_MODEL_PHRASE } from '../../common/demo-model.js';
import { findServers, type ServerWish } from '../run/find-servers.js';
import { builtInModelFor, LOCAL_MODEL_SOURCE_NAMES, type LocalModel } from '../serve/local-models.js';
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

/** Discovery, with what the user asked for without naming a server, and the model the built-in engine would serve. */
export async function discover(wish: ServerWish = {}): Promise<{ discovery: ServerDiscovery; local: LocalModel | null }> {
  const local = builtInModelFor(wish.model);
  const discovery = await findServers({ builtInModel: () => local, prefer: wish });
  return { discovery, local: await local };
}

/** "Ollama 0.12.3 at http://127.0.0.1:11434". */
export function describeServer(server: FoundServer): string {
  return `${SERVER_KIND_NAMES[server.kind]}${server.version ? ` ${server.version}` : ''} at ${server.url}`;
}

/** "the demo model (random weights: …)" or "llama3.2:1b from Ollama's models". */
export function describeLocalModel(model: LocalModel): string {
  return model.demo ? DEMO_MODEL_PHRASE : `${model.name} from ${LOCAL_MODEL_SOURCE_NAMES[model.source]}`;
}


/** Decides and, for the built-in engine, starts the target; prints one line saying which and how to pick another. */
export async function openRunTarget(args: RunArgs, io: CliIo): Promise<RunTarget> {
  if (args.gguf !== undefined) {
    const builtIn = await startBuiltInTarget({ path: args.gguf }, io);
    return { url: builtIn.url, builtIn, demo: isDemoModelFile(args.gguf) };
  }
  if (!args.findTarget) return { url: args.url, builtIn: null, demo: false };
  const { discovery, local } = await discover({ model: args.model, api: args.api });
  const target = discovery.defaultTarget;
  const server = target.kind === 'server' ? discovery.servers.find((s) => s.url === target.url) : undefined;
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
  const builtIn = await startBuiltInTarget({ path: local.path, name: local.name, ...(local.digest ? { digest: local.digest } : {}) }, io);
  return { url: builtIn.url, builtIn, demo: local.demo };
}
