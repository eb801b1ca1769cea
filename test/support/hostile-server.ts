// A server that misbehaves on purpose: real HTTP on 127.0.0.1, the same metadata as the scripted server
// (so `tokenbench run` finds its model), and generation answers no honest server sends — a 300 MB
// answer, counters of 1e308, a 7 MB error, an end marker followed by a connection held open forever.
// Tests use it to show the engine neither crashes, nor lies, nor hangs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-listen.js';
import { Catalog, DEFAULT_MODEL } from './scripted/catalog.js';

export type HostileApi = 'ollama' | 'openai';

export type HostileAnswer =
  /** `totalChars` of answer text in tokens of `tokenChars` each (the last one shorter), then a normal end. */
  | { kind: 'huge'; totalChars: number; tokenChars: number }
  /** `tokens` short tokens, then the end with these raw counter fields (Ollama done line; OpenAI usage / timings). */
  | { kind: 'counters'; tokens: number; fields: Record<string, unknown> }
  /** One token, then an in-stream error object whose message is `messageChars` long. */
  | { kind: 'error-line'; messageChars: number }
  /** `tokens` short tokens and the end marker, then nothing: the response is never ended and the socket stays open. */
  | { kind: 'end-then-hold'; tokens: number }
  /** A non-200 answer with a body of `bodyChars`. */
  | { kind: 'http-error'; status: number; bodyChars: number };

export interface HostileServer {
  url: string;
  /** Generation requests received. */
  readonly generations: number;
  /** Connections still open (a held answer keeps one). */
  readonly openConnections: number;
  /** Answers whose connection the client closed before the server ended them (a held answer, once closed). */
  readonly abandoned: number;
  close(): Promise<void>;
}

const TOKEN = 'tok ';

export async function startHostileServer(answer: HostileAnswer, opts: { model?: string } = {}): Promise<HostileServer> {
  const model = opts.model ?? DEFAULT_MODEL.name;
  const catalog = new Catalog([model], [model]);
  let generations = 0;
  let abandoned = 0;
  const meta: Record<string, () => unknown> = {
    '/api/version': () => ({ version: '0.12.3' }),
    '/api/tags': () => catalog.tags(),
    '/api/ps': () => catalog.ps(),
    '/v1/models': () => catalog.openAiModels(),
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    const metaAnswer = meta[path];
    if (req.method === 'GET' && metaAnswer) {
      req.resume();
      const body = JSON.stringify(metaAnswer());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const api: HostileApi | null =
      path === '/api/generate' || path === '/api/chat' ? 'ollama' : path === '/v1/chat/completions' ? 'openai' : null;
    if (req.method !== 'POST' || api === null) {
      req.resume();
      res.writeHead(404).end('404 page not found');
      return;
    }
    generations++;
    res.once('close', () => {
      if (!res.writableFinished) abandoned++;
    });
    req.resume();
    req.on('end', () => void misbehave(api, path === '/api/chat', model, answer, res));
  };

  const server = createServer({ noDelay: true }, onRequest);
  const { port, sockets } = await listenOnLoopback(server);
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    get generations() {
      return generations;
    },
    get openConnections() {
      return sockets.size;
    },
    get abandoned() {
      return abandoned;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** Writes `text`, waiting for the socket to drain when its buffer is full; false once the client is gone. */
async function write(res: ServerResponse, text: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(text)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onClose = (): void => done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

async function misbehave(api: HostileApi, chat: boolean, model: string, answer: HostileAnswer, res: ServerResponse): Promise<void> {
  const wire = api === 'ollama' ? ollamaWire(model, chat) : openAiWire(model);
  if (answer.kind === 'http-error') {
    res.writeHead(answer.status, { 'content-type': 'text/plain' });
    res.end('e'.repeat(answer.bodyChars));
    return;
  }
  res.writeHead(200, { 'content-type': wire.contentType });
  switch (answer.kind) {
    case 'huge': {
      const token = 'x'.repeat(answer.tokenChars);
      const line = wire.token(token);
      let sent = 0;
      let chunks = 0;
      while (sent < answer.totalChars) {
        const rest = answer.totalChars - sent;
        if (!(await write(res, rest >= token.length ? line : wire.token(token.slice(0, rest))))) return;
        sent += Math.min(rest, token.length);
        chunks++;
      }
      res.end(wire.end({ ...wire.counts(chunks) }));
      return;
    }
    case 'counters':
      for (let i = 0; i < answer.tokens; i++) if (!(await write(res, wire.token(TOKEN)))) return;
      res.end(wire.end(answer.fields));
      return;
    case 'error-line':
      await write(res, wire.token(TOKEN));
      res.end(wire.error('e'.repeat(answer.messageChars)));
      return;
    case 'end-then-hold':
      for (let i = 0; i < answer.tokens; i++) if (!(await write(res, wire.token(TOKEN)))) return;
      // The end marker, then silence: no chunked terminator, no close.
      await write(res, wire.end(wire.counts(answer.tokens)));
      return;
  }
}

interface Wire {
  contentType: string;
  token(text: string): string;
  /** The server's honest counters for `tokens` chunks. */
  counts(tokens: number): Record<string, unknown>;
  /** The end marker, carrying `fields` as its counters. */
  end(fields: Record<string, unknown>): string;
  error(message: string): string;
}

function ollamaWire(model: string, chat: boolean): Wire {
  const base = { model, created_at: '2025-11-28T10:15:03Z' };
  const text = (t: string): Record<string, unknown> => (chat ? { message: { role: 'assistant', content: t } } : { response: t });
  return {
    contentType: 'application/x-ndjson',
    token: (t) => `${JSON.stringify({ ...base, ...text(t), done: false })}\n`,
    counts: (tokens) => ({ eval_count: tokens, eval_duration: tokens * 1e6, prompt_eval_count: 5, prompt_eval_duration: 1e6 }),
    end: (fields) => `${JSON.stringify({ ...base, ...text(''), done: true, done_reason: 'stop', ...fields })}\n`,
    error: (message) => `${JSON.stringify({ error: message })}\n`,
  };
}

function openAiWire(model: string): Wire {
  const base = { id: 'chatcmpl-hostile', object: 'chat.completion.chunk', created: 1_764_324_903, model };
  const event = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
  return {
    contentType: 'text/event-stream',
    token: (t) => event({ ...base, choices: [{ index: 0, delta: { content: t }, finish_reason: null }] }),
    counts: (tokens) => ({ usage: { prompt_tokens: 5, completion_tokens: tokens } }),
    end: (fields) =>
      event({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }) +
      event({ ...base, choices: [], ...fields }) +
      'data: [DONE]\n\n',
    error: (message) => event({ error: { message } }),
  };
}
