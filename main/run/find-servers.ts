// Discovery of the local LLM servers a user may want to benchmark: the loopback ports the usual servers
// listen on (docs/discovery.md), plus OLLAMA_HOST, probed in parallel within about half a second, each
// identified by what it answers (identify-server.ts). Traffic goes to 127.0.0.1 (or [::1]) only.
import { performance } from 'node:perf_hooks';
import type { DefaultTarget, FoundServer, ServerDiscovery, ServerKind } from '../../common/api.js';
import type { ApiKind } from '../../common/run-config.js';
import { identifyServer } from './identify-server.js';
import { ollamaHostOrigin } from './ollama-host.js';

/** Every probe of a discovery ends within this, ms: a port held by something silent must not stall a click. */
export const DISCOVERY_BUDGET_MS = 500;

/** A loopback port where a local LLM server usually listens, and which servers use it (docs/discovery.md). */
export interface WellKnownPort {
  port: number;
  usual: readonly ServerKind[];
}

/** The ports probed by default, as docs/discovery.md lists them (a test keeps the two equal). */
export const WELL_KNOWN_PORTS: readonly WellKnownPort[] = [
  { port: 11434, usual: ['ollama'] },
  { port: 1234, usual: ['lm-studio'] },
  { port: 8080, usual: ['llama-server', 'localai'] },
  { port: 8000, usual: ['vllm'] },
  { port: 1337, usual: ['jan'] },
  { port: 5001, usual: ['koboldcpp'] },
  { port: 5000, usual: ['text-generation-webui'] },
  { port: 30000, usual: ['sglang'] },
];

/** One address to probe: a loopback origin and the servers that usually answer there. */
export interface ProbeAddress {
  origin: string;
  usual: readonly ServerKind[];
}

/** The default addresses: the well-known ports on 127.0.0.1, and OLLAMA_HOST when it names another loopback address. */
export function defaultProbeAddresses(env: NodeJS.ProcessEnv = process.env): ProbeAddress[] {
  const addresses: ProbeAddress[] = WELL_KNOWN_PORTS.map(({ port, usual }) => ({ origin: `http://127.0.0.1:${port}`, usual }));
  const ollamaHost = ollamaHostOrigin(env.OLLAMA_HOST);
  if (ollamaHost !== null && !addresses.some((a) => a.origin === ollamaHost)) addresses.unshift({ origin: ollamaHost, usual: ['ollama'] });
  return addresses;
}

/** The model the built-in engine would serve when nothing answers (main/serve/local-models.ts finds it). */
export interface BuiltInModel {
  /** The GGUF file. */
  path: string;
  /** As the engine serves it. */
  name: string;
  /** The bundled random-weights model. */
  demo: boolean;
}

export interface FindServersOptions {
  /** Default: defaultProbeAddresses(). Tests probe servers on free ports. */
  addresses?: readonly ProbeAddress[];
  budgetMs?: number;
  /** What the built-in engine would serve when nothing answers; without it, nothing answering means no default target. */
  builtInModel?: () => Promise<BuiltInModel | null>;
  /** What the user asked for without naming a server: the default target is a server that fits (pickServer). */
  prefer?: ServerWish;
}

/** A model or an API asked for without naming a server. */
export interface ServerWish {
  model?: string;
  api?: ApiKind;
}

/**
 * The server a run without a named one benchmarks: with a model asked for, the first that lists it
 * (Ollama's `name` meaning `name:latest`); with the Ollama API asked for, the first Ollama; else the
 * first (Ollama first, then by port).
 */
export function pickServer(servers: readonly FoundServer[], wish: ServerWish = {}): FoundServer | undefined {
  const speaks = servers.filter((s) => wish.api !== 'ollama' || s.api === 'ollama');
  const { model } = wish;
  const lists = (s: FoundServer): boolean => model !== undefined && s.models.some((m) => m === model || m === `${model}:latest`);
  return speaks.find(lists) ?? speaks[0];
}

export const NO_TARGET_REASON = 'no local LLM server answers and there is no model file for the built-in engine; start Ollama or another server';

function portOf(origin: string): number {
  return Number(new URL(origin).port);
}

/**
 * Ollama first (the server most people run; the one OLLAMA_HOST names before the default port), then
 * the others by port. `order`: each origin's place in the probe list.
 */
function byPreference(order: ReadonlyMap<string, number>): (a: FoundServer, b: FoundServer) => number {
  return (a, b) => {
    const ollama = Number(b.kind === 'ollama') - Number(a.kind === 'ollama');
    if (ollama !== 0) return ollama;
    if (a.kind === 'ollama') return (order.get(a.url) ?? 0) - (order.get(b.url) ?? 0);
    return portOf(a.url) - portOf(b.url);
  };
}

/** Every local server that answers, and what a run without a chosen server would benchmark. Never rejects for a server problem. */
export async function findServers(options: FindServersOptions = {}): Promise<ServerDiscovery> {
  const started = performance.now();
  const deadline = started + (options.budgetMs ?? DISCOVERY_BUDGET_MS);
  const addresses = options.addresses ?? defaultProbeAddresses();
  const [found, model] = await Promise.all([
    Promise.all(addresses.map((a) => identifyServer(a.origin, a.usual, deadline))),
    options.builtInModel?.() ?? Promise.resolve(null),
  ]);
  const order = new Map(addresses.map((a, i) => [a.origin, i]));
  const servers = found.filter((s): s is FoundServer => s !== null).sort(byPreference(order));
  return { servers, defaultTarget: defaultTarget(pickServer(servers, options.prefer), model), tookMs: performance.now() - started };
}

function defaultTarget(server: FoundServer | undefined, model: BuiltInModel | null): DefaultTarget {
  if (server) return { kind: 'server', url: server.url };
  if (model) return { kind: 'built-in', model: model.path, demo: model.demo, name: model.name };
  return { kind: 'none', reason: NO_TARGET_REASON };
}
