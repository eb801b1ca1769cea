// A scripted LLM server for tests and benchmarks: real HTTP on 127.0.0.1 speaking Ollama's native API
// and OpenAI's chat completions, with configurable slots, queue, timing and faults, and a log of what
// it really did (the ground truth engine tests compare against).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-listen.js';
import { Catalog } from './scripted/catalog.js';
import { handleGeneration, reply, type Endpoint, type ServerState } from './scripted/generation-request.js';
import { SlotPool } from './scripted/slot-pool.js';
import type { ApiKind, MetaHit, ScriptedServer, ScriptedServerOptions } from './scripted/types.js';
import { defaultTokenText, vocabularyText } from './scripted/vocabulary.js';

export type {
  ApiKind,
  Fault,
  FaultType,
  HeaderTiming,
  MetaHit,
  RequestInfo,
  RequestLogEntry,
  RequestOutcome,
  RequestScript,
  ScriptedModel,
  ScriptedServer,
  ScriptedServerOptions,
  UnloadEntry,
} from './scripted/types.js';
export { DEFAULT_VOCABULARY, defaultTokenText, expectedText, vocabularyText } from './scripted/vocabulary.js';
export { DEFAULT_MODEL } from './scripted/catalog.js';

const DEFAULT_VERSION = '0.12.3';

interface Route {
  api: ApiKind;
  method: 'GET' | 'POST';
  /** A metadata answer, or a generation endpoint. */
  answer: (() => unknown) | Endpoint;
}

export async function startScriptedServer(opts: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const apis = new Set<ApiKind>(opts.apis ?? ['ollama', 'openai']);
  const catalog = new Catalog(opts.models, opts.loaded);
  const state: ServerState = {
    opts,
    catalog,
    pool: new SlotPool(opts.slots ?? Number.POSITIVE_INFINITY, opts.queue ?? Number.POSITIVE_INFINITY),
    log: [],
    open: new Set(),
    tokenText: opts.tokenText ?? (opts.vocabulary ? vocabularyText(opts.vocabulary) : defaultTokenText),
    sendHeaders: opts.sendHeaders ?? 'first-token',
    unloads: [],
  };
  const metaHits: MetaHit[] = [];
  const routes = new Map<string, Route>([
    ['/api/version', { api: 'ollama', method: 'GET', answer: () => ({ version: opts.version ?? DEFAULT_VERSION }) }],
    ['/api/tags', { api: 'ollama', method: 'GET', answer: () => catalog.tags() }],
    ['/api/ps', { api: 'ollama', method: 'GET', answer: () => catalog.ps() }],
    ['/api/generate', { api: 'ollama', method: 'POST', answer: 'ollama-generate' }],
    ['/api/chat', { api: 'ollama', method: 'POST', answer: 'ollama-chat' }],
    ['/v1/models', { api: 'openai', method: 'GET', answer: () => catalog.openAiModels() }],
    ['/v1/chat/completions', { api: 'openai', method: 'POST', answer: 'openai-chat' }],
  ]);
  // What a missing path looks like depends on who the server pretends to be: Ollama's Go router
  // answers plain text, llama.cpp (an OpenAI-only server) answers JSON.
  const notFound = apis.has('ollama')
    ? '404 page not found'
    : JSON.stringify({ error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.get(path);
    if (route && apis.has(route.api) && route.method === req.method) {
      if (typeof route.answer === 'string') {
        void handleGeneration(state, route.answer, req, res);
        return;
      }
      req.resume();
      reply(res, null, 200, JSON.stringify(route.answer()));
      metaHits.push({ method: req.method, path, status: 200, at: performance.now() });
      return;
    }
    req.resume();
    reply(res, null, 404, notFound);
    metaHits.push({ method: req.method ?? '', path, status: 404, at: performance.now() });
  };

  const server = createServer({ noDelay: true, keepAliveTimeout: 5_000 }, onRequest);
  // A deep backlog so a burst of 1,024 connects is not throttled by SYN retries.
  const { port, sockets } = await listenOnLoopback(server, { port: opts.port, backlog: 4096 });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const controller of state.open) controller.abort('server-closed');
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log: state.log,
    metaHits,
    unloads: state.unloads,
    inFlight: () => state.open.size,
    queued: () => state.pool.queued,
    get maxConcurrentDecoding() {
      return state.pool.maxConcurrent;
    },
    close,
  };
}
