// A scripted LLM server for tests and benchmarks: real HTTP on 127.0.0.1 speaking Ollama's native API
// and OpenAI's chat completions, with configurable slots, queue, timing and faults, and a log of what
// it really did (the ground truth engine tests compare against).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { listenOnLoopback } from './loopback-listen.js';
import { Catalog } from './scripted/catalog.js';
import { handleGeneration, reply, type Endpoint, type ServerState } from './scripted/generation-request.js';
import { SlotPool } from './scripted/slot-pool.js';
import type { ApiKind, MetaHit, ScriptedServer, ScriptedServerOptions } from './scripted/types.js';
import { defaultTokenText, vocabularyText } from './scripted/vocabulary.js';
import { PromptCache, wordIds } from './scripted/prompt-words.js';

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

/** llama-server's `POST /tokenize {content}` → `{tokens}`, one token per word. */
async function answerTokenize(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  let content = '';
  try {
    const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { content?: unknown };
    if (typeof body.content === 'string') content = body.content;
  } catch {
    reply(res, null, 400, JSON.stringify({ error: { message: 'invalid JSON', type: 'invalid_request_error' } }));
    return;
  }
  reply(res, null, 200, JSON.stringify({ tokens: wordIds(content) }));
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
    cache: opts.promptCache ? new PromptCache() : null,
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
    const headers = { ...req.headers };
    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      req.resume();
      // Like many gateways, the refusal quotes what it got: a client must not copy it anywhere.
      const got = req.headers.authorization ?? 'no Authorization header';
      reply(res, null, 401, JSON.stringify({ error: { message: `invalid api key (got ${got})`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
      metaHits.push({ method: req.method ?? '', path, status: 401, at: performance.now(), headers });
      return;
    }
    if (path === '/tokenize' && opts.tokenizer === 'words' && req.method === 'POST') {
      void answerTokenize(req, res);
      metaHits.push({ method: req.method, path, status: 200, at: performance.now(), headers });
      return;
    }
    if (path === '/props' && opts.props !== undefined && req.method === 'GET') {
      req.resume();
      reply(res, null, 200, JSON.stringify(opts.props));
      metaHits.push({ method: req.method, path, status: 200, at: performance.now(), headers });
      return;
    }
    const route = routes.get(path);
    if (route && apis.has(route.api) && route.method === req.method) {
      if (typeof route.answer === 'string') {
        void handleGeneration(state, route.answer, req, res);
        return;
      }
      req.resume();
      reply(res, null, 200, JSON.stringify(route.answer()));
      metaHits.push({ method: req.method, path, status: 200, at: performance.now(), headers });
      return;
    }
    req.resume();
    reply(res, null, 404, notFound);
    metaHits.push({ method: req.method ?? '', path, status: 404, at: performance.now(), headers });
  };

  const server: Server = opts.tls
    ? createHttpsServer({ noDelay: true, keepAliveTimeout: 5_000, key: opts.tls.key, cert: opts.tls.cert }, onRequest)
    : createServer({ noDelay: true, keepAliveTimeout: 5_000 }, onRequest);
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
    // A certificate names a host: the TLS server is reached as localhost (still loopback).
    url: opts.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`,
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
