// The built-in server refuses, before any model work, what a hostile client or web page could send: a
// prompt far too long to fit (tokenizing it would stall every other stream) and a request that names the
// server by a non-loopback host (DNS rebinding).
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouterServer, listenLoopback, closeServer } from '../../main/serve/http-server.js';
import type { LlamaRunner } from '../../main/serve/llama-runner.js';
import { ollamaRoutes } from '../../main/serve/ollama-routes.js';
import { openAiRoutes } from '../../main/serve/openai-routes.js';
import { maxPromptChars } from '../../main/serve/prompt-size.js';
import type { ServeContext } from '../../main/serve/serve-context.js';
import { startBuiltInServer, type BuiltInServer } from '../../main/serve/index.js';
import { fetchJson, withTimeout } from './support.js';
import { tinyModel } from '../support/fixtures.js';

const CONTEXT = 512;

/** A server whose runner only counts tokenizer calls: a refused request must never reach it. */
async function guardedServer(): Promise<{ url: string; port: number; tokenized: () => number; close: () => Promise<void> }> {
  let tokenized = 0;
  const fail = (): never => {
    tokenized++;
    throw new Error('the tokenizer was reached');
  };
  const runner = { contextSize: CONTEXT, completionPrompt: fail, chatPrompt: fail } as unknown as LlamaRunner;
  const ctx = { modelName: 'tiny', digest: '', runner, service: null, loadedAt: new Date(), version: '0.0.0' } as unknown as ServeContext;
  const router = createRouterServer();
  router.setRoutes([...ollamaRoutes(ctx), ...openAiRoutes(ctx)]);
  const port = await listenLoopback(router.server, 0);
  return { url: `http://127.0.0.1:${port}`, port, tokenized: () => tokenized, close: () => closeServer(router.server) };
}

/** GET /api/version with a forged Host header (fetch refuses to set one). */
function withHost(port: number, host: string): Promise<{ status: number; body: string }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/version', headers: { host }, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    }),
    `GET with Host ${host}`,
  );
}

describe('request guards (no model needed)', () => {
  let server: Awaited<ReturnType<typeof guardedServer>>;
  beforeAll(async () => {
    server = await guardedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['/api/generate', { model: 'tiny', prompt: 'x'.repeat(maxPromptChars(CONTEXT) + 1) }],
    ['/api/chat', { model: 'tiny', messages: [{ role: 'system', content: 'x'.repeat(maxPromptChars(CONTEXT)) }, { role: 'user', content: 'y' }] }],
    ['/v1/chat/completions', { messages: [{ role: 'user', content: 'x'.repeat(4 * 1024 * 1024) }] }],
  ])('%s: a prompt over the character cap is a 400 before any tokenizer work', async (path, body) => {
    const answer = await fetchJson(server.url, path, body);
    expect(answer.status).toBe(400);
    const message = path.startsWith('/v1/') ? (answer.json.error as { message: string }).message : (answer.json.error as string);
    expect(message).toMatch(/^the prompt is \d+ characters but this server tokenizes at most 16384 \(32 per token of its 512-token context\); start the server with a larger --ctx$/);
    expect(server.tokenized()).toBe(0);
  });

  it('a body over 16 MiB is refused with 413 before the tokenizer', async () => {
    const answer = await fetchJson(server.url, '/api/generate', { model: 'tiny', prompt: 'x'.repeat(17 * 1024 * 1024) });
    expect(answer.status).toBe(413);
    expect(server.tokenized()).toBe(0);
  });

  it('a prompt at the cap goes on to the tokenizer', async () => {
    const answer = await fetchJson(server.url, '/api/generate', { model: 'tiny', prompt: 'x'.repeat(maxPromptChars(CONTEXT)) });
    expect(answer.status).toBe(500);
    expect(server.tokenized()).toBe(1);
  });

  it.each(['127.0.0.1', 'localhost', 'LocalHost:11434', '[::1]', '[::1]:8080'])('Host %s is served', async (host) => {
    expect((await withHost(server.port, host)).status).toBe(200);
  });

  it.each(['evil.example', 'evil.example:11434', '127.0.0.1.evil.example', 'localhost.', '0.0.0.0', '192.168.1.10:11434', '[::2]'])(
    'Host %s (DNS rebinding) is refused with 403',
    async (host) => {
      const answer = await withHost(server.port, host);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toEqual({
        error: 'requests must name this server by a loopback address (Host 127.0.0.1, localhost or [::1])',
      });
    },
  );

  it('a request without a Host header (HTTP/1.0) is served', async () => {
    const answer = await withTimeout(
      new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end('GET /api/version HTTP/1.0\r\n\r\n'));
        let text = '';
        socket.setEncoding('utf8').on('data', (d: string) => (text += d));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      }),
      'an HTTP/1.0 answer',
    );
    expect(answer.startsWith('HTTP/1.1 200')).toBe(true);
  });
});

describe('the prompt cap on the real runner', () => {
  let server: BuiltInServer;
  beforeAll(async () => {
    server = await startBuiltInServer({ gguf: tinyModel, port: 0, parallel: 2, queue: 4, ctx: CONTEXT, threads: 1 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a 4 MB prompt is refused with 400 while a normal one is served', async () => {
    const huge = await fetchJson(server.url, '/api/generate', { model: server.modelName, prompt: 'word '.repeat(800_000), stream: false });
    expect(huge.status).toBe(400);
    expect(huge.json.error).toMatch(/tokenizes at most 16384/);
    const normal = await fetchJson(server.url, '/api/generate', { model: server.modelName, prompt: 'Hello', stream: false, options: { num_predict: 3 } });
    expect(normal.json).toMatchObject({ done: true, eval_count: 3 });
  });
});
