// Web mode (`tokenbench ui`): the renderer and the same API over HTTP + server-sent events, on 127.0.0.1
// only, behind a random token. Host and Origin checks stop DNS rebinding and other sites' pages; the
// token stops other local users' and programs' browsers. Wire format: docs/app.md § "Web mode wire format".
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ReportFormat, RunEvent } from '../../common/api.js';
import { isApiVerb, WEB_TOKEN_HEADER } from '../../common/api-verbs.js';
import { isUserFacingError, REPORT_EXTENSIONS, type AppService, type ReportSaver } from './service.js';
import { SingleUseDownloads } from './web-downloads.js';
import { callVerb, PayloadError } from './verbs.js';
import { rendererFileType } from './renderer-dir.js';

export const WEB_CSP =
  "default-src 'self'; connect-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const MAX_BODY_BYTES = 1 << 20;
const KEEPALIVE_MS = 15_000;

export function newWebToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The path of a download: `/api/download/<single-use id>/<file name>` (the name is for the browser; the id is what counts). */
const DOWNLOAD_PATH = /^\/api\/download\/([^/]+)\/[^/]+$/;

/**
 * Web mode's saveReport: no dialog. The report is registered under a single-use id and the page downloads
 * `/api/download/<id>/<file name>`, a URL without the token (docs/app.md § Web mode wire format).
 */
export function webReportSaver(downloads: SingleUseDownloads): ReportSaver {
  return async (runId: string, format: ReportFormat, render) => {
    const id = downloads.add(render);
    return `/api/download/${id}/${encodeURIComponent(`${runId}.${REPORT_EXTENSIONS[format]}`)}`;
  };
}

export interface WebServerOptions {
  service: AppService;
  token: string;
  /** Where `webReportSaver` registered the reports the page downloads; none by default (a server whose service saves no report). */
  downloads?: SingleUseDownloads;
  /** dist/renderer: app.html, app.js, *.css. */
  rendererDir: string;
  /** 0 = any free port. */
  port?: number;
}

export interface WebServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>/?token=<token>`: what the user opens. */
  readonly url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { service, token, rendererDir } = options;
  const downloads = options.downloads ?? new SingleUseDownloads();
  const expectedToken = Buffer.from(token);
  const streams = new Set<ServerResponse>();
  let port = 0;

  const tokenMatches = (given: string | null | undefined): boolean => {
    if (typeof given !== 'string') return false;
    const buf = Buffer.from(given);
    return buf.length === expectedToken.length && timingSafeEqual(buf, expectedToken);
  };

  const checkOrigin = (req: IncomingMessage): void => {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    const host = req.headers.host ?? '';
    if (!allowedHosts.includes(host.toLowerCase())) throw new HttpError(403, `forbidden host ${JSON.stringify(host)}`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
      throw new HttpError(403, `forbidden origin ${JSON.stringify(origin)}`);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    checkOrigin(req);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    const path = url.pathname;

    if (path.startsWith('/api/')) {
      const isGet = req.method === 'GET';
      // A download is authorised by its single-use id alone: its URL lands in the browser's history.
      const download = isGet ? DOWNLOAD_PATH.exec(path) : null;
      if (download) return sendDownload(download[1] ?? '', res);
      const headerToken = req.headers[WEB_TOKEN_HEADER];
      // EventSource cannot set headers: the event stream may carry the token in the query instead.
      const eventStream = isGet && path === '/api/events';
      if (!tokenMatches(typeof headerToken === 'string' ? headerToken : eventStream ? queryToken : null)) {
        throw new HttpError(401, 'missing or wrong token: open the URL that `tokenbench ui` printed');
      }
      if (eventStream) return openEventStream(res);
      const verb = path.slice('/api/'.length);
      if (req.method !== 'POST' || !isApiVerb(verb)) throw new HttpError(404, `no API ${req.method} ${path}`);
      const body = await readJsonBody(req);
      const result = await callVerb(service, verb, body.args ?? []);
      return sendJson(res, 200, { result: result ?? null });
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    if (path === '/' || path === '/app.html') {
      if (!tokenMatches(queryToken)) throw new HttpError(401, 'missing or wrong token: open the URL that `tokenbench ui` printed');
      return sendStatic('app.html', res);
    }
    return sendStatic(path.slice(1), res);
  };

  const sendStatic = async (name: string, res: ServerResponse): Promise<void> => {
    const type = rendererFileType(name);
    if (type === null) throw new HttpError(404, 'not found');
    let content: Buffer;
    try {
      content = await readFile(join(rendererDir, name));
    } catch {
      throw new HttpError(404, name === 'app.html' ? `${join(rendererDir, name)} is missing: run npm run build` : 'not found');
    }
    res.writeHead(200, {
      ...securityHeaders(),
      'content-type': type,
      'content-length': content.length,
    });
    res.end(content);
  };

  const sendDownload = async (id: string, res: ServerResponse): Promise<void> => {
    const render = downloads.take(id);
    if (!render) throw new HttpError(404, 'no such download: save the report again');
    const report = await render();
    res.writeHead(200, {
      ...securityHeaders(),
      'content-type': report.contentType,
      'content-disposition': `attachment; filename="${report.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    });
    res.end(report.body);
  };

  const openEventStream = (res: ServerResponse): void => {
    res.writeHead(200, {
      ...securityHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const send = (event: RunEvent): void => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = service.onRunEvent(send);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    res.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(res);
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      req.resume();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
      if (err instanceof PayloadError) return sendJson(res, 400, { error: err.message });
      if (isUserFacingError(err)) return sendJson(res, 409, { error: err.message });
      sendJson(res, 500, { error: `internal error: ${err instanceof Error ? err.message : String(err)}` });
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': WEB_CSP,
    'x-content-type-options': 'nosniff',
    // The token is in the page's URL: never send it anywhere in a Referer.
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
  };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...securityHeaders(), 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readJsonBody(req: IncomingMessage): Promise<{ args?: unknown }> {
  const type = req.headers['content-type'] ?? '';
  // A form on another site can POST text/plain without a preflight; JSON bodies need one.
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'send the arguments as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'expected a JSON object { "args": [...] }');
  return value as { args?: unknown };
}
