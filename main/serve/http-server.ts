import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ServeInputError } from './errors.js';
import { HttpError, sendJson } from './http-io.js';
import { hostAllowed } from './loopback-host.js';
import type { RequestInfo } from './serve-context.js';

/** Never any other interface: a benchmark server must not be reachable from the network. */
export const LOOPBACK_HOST = '127.0.0.1';

export type ApiFlavor = 'ollama' | 'openai';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  api: ApiFlavor;
  handle(req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<void>;
}

/** The error body each API's clients expect. */
export function errorBody(api: ApiFlavor, status: number, message: string): unknown {
  if (api === 'ollama') return { error: message };
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: null } };
}

const LOOPBACK_ORIGIN_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Like Ollama: a browser page from another origin must not drive the local server (it could, since
 * browsers send simple cross-origin POSTs to 127.0.0.1).
 */
function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return LOOPBACK_ORIGIN_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

export interface RouterServer {
  server: Server;
  /** Until routes are set (the model is loading) every request gets 503. */
  setRoutes(routes: readonly Route[]): void;
}

/** A node:http server that dispatches on method and path; bind it with listenLoopback. */
export function createRouterServer(): RouterServer {
  let routes: readonly Route[] = [];
  let table: Map<string, Route> | undefined;
  const server = createServer((req, res) => {
    const arrivedAt = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const api: ApiFlavor = path.startsWith('/v1/') ? 'openai' : 'ollama';
    if (!hostAllowed(req)) {
      sendJson(res, 403, errorBody(api, 403, 'requests must name this server by a loopback address (Host 127.0.0.1, localhost or [::1])'));
      return;
    }
    if (!originAllowed(req)) {
      sendJson(res, 403, errorBody(api, 403, 'cross-origin requests are not allowed'));
      return;
    }
    if (table === undefined) {
      sendJson(res, 503, errorBody(api, 503, 'the model is still loading'));
      return;
    }
    const route = table.get(`${method} ${path}`);
    if (route === undefined) {
      const known = routes.some((candidate) => candidate.path === path);
      const status = known ? 405 : 404;
      sendJson(res, status, errorBody(api, status, known ? `method ${req.method} not allowed` : `${path} not found`));
      return;
    }
    const gone = new AbortController();
    // 'close' also fires after a normal end; only a close before the answer finished means the client left.
    res.once('close', () => {
      if (!res.writableFinished) gone.abort(new Error('client disconnected'));
    });
    route.handle(req, res, { arrivedAt, signal: gone.signal }).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, status, errorBody(route.api, status, message));
    });
  });
  return {
    server,
    setRoutes: (next) => {
      routes = next;
      table = new Map(next.map((route) => [`${route.method} ${route.path}`, route]));
    },
  };
}

/** Listens on 127.0.0.1 only; `port` 0 picks a free port. Resolves with the bound port. */
export function listenLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(new ServeInputError(`port ${port} on ${LOOPBACK_HOST} is already in use (is Ollama running?); choose another with --port`));
      } else if (error.code === 'EACCES') {
        reject(new ServeInputError(`no permission to listen on port ${port} of ${LOOPBACK_HOST}; choose a port above 1023 with --port`));
      } else {
        reject(error);
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: LOOPBACK_HOST, port, exclusive: true });
  });
}

/** Stops accepting, ends idle keep-alive connections, and waits for the listener to close. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeIdleConnections();
    // Streams were ended by the engine's shutdown; anything still open is a client that never reads.
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}
