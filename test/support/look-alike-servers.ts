// Small HTTP servers on 127.0.0.1 that answer like each local LLM server discovery tells apart, with
// bodies shaped after each one's documentation or source (docs/discovery.md says which were checked
// against a real server and which only against documented formats). Only GETs of metadata: discovery
// never asks more.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ServerKind } from '../../common/api.js';
import { listenOnLoopback } from './loopback-listen.js';

/** A JSON body, or a raw answer (status and text). */
type Answer = unknown | { raw: { status: number; body: string; type?: string } };

export type LookAlikeKind = Exclude<ServerKind, 'jan'> | 'web-page';

const list = (...ids: Array<Record<string, unknown>>): unknown => ({ object: 'list', data: ids.map((m) => ({ object: 'model', ...m })) });
const ollamaEntry = (name: string): Record<string, unknown> => ({ name, model: name, size: 1_000_000, digest: 'a'.repeat(64), details: { format: 'gguf' } });

/** What each kind answers, path → body (everything else 404). */
export const LOOK_ALIKE_ANSWERS: Record<LookAlikeKind, Record<string, Answer>> = {
  ollama: {
    '/': { raw: { status: 200, body: 'Ollama is running', type: 'text/plain' } },
    '/api/version': { version: '0.12.3' },
    '/api/tags': { models: [ollamaEntry('llama3.2:1b'), ollamaEntry('qwen2.5:7b')] },
    '/api/ps': { models: [ollamaEntry('qwen2.5:7b')] },
    '/v1/models': list({ id: 'llama3.2:1b', owned_by: 'library' }, { id: 'qwen2.5:7b', owned_by: 'library' }),
  },
  'lm-studio': {
    '/v1/models': list({ id: 'qwen2.5-7b-instruct', owned_by: 'organization_owner' }, { id: 'text-embedding-nomic-embed-text-v1.5', owned_by: 'organization_owner' }),
    '/api/v0/models': list(
      { id: 'qwen2.5-7b-instruct', type: 'llm', publisher: 'lmstudio-community', arch: 'qwen2', compatibility_type: 'gguf', quantization: 'Q4_K_M', state: 'not-loaded', max_context_length: 32768 },
      { id: 'llama-3.2-1b-instruct', type: 'llm', publisher: 'lmstudio-community', arch: 'llama', compatibility_type: 'gguf', quantization: 'Q8_0', state: 'loaded', max_context_length: 131072 },
      { id: 'text-embedding-nomic-embed-text-v1.5', type: 'embeddings', publisher: 'nomic-ai', arch: 'nomic-bert', compatibility_type: 'gguf', quantization: 'Q4_K_M', state: 'not-loaded', max_context_length: 2048 },
    ),
  },
  'llama-server': {
    '/health': { status: 'ok' },
    '/props': {
      default_generation_settings: { n_ctx: 4096, params: { temperature: 0.8 } },
      total_slots: 4,
      model_path: '/models/qwen2.5-0.5b-instruct-q4_k_m.gguf',
      chat_template: '{% for m in messages %}{{ m.content }}{% endfor %}',
      build_info: 'b6123-0c2b2a5',
    },
    '/v1/models': list({ id: 'qwen2.5-0.5b-instruct-q4_k_m.gguf', owned_by: 'llamacpp', meta: { n_params: 494_032_768 } }),
  },
  vllm: {
    '/health': { raw: { status: 200, body: '' } },
    '/version': { version: '0.6.3' },
    '/v1/models': list({ id: 'Qwen/Qwen2.5-7B-Instruct', owned_by: 'vllm', root: 'Qwen/Qwen2.5-7B-Instruct', max_model_len: 32768 }),
  },
  koboldcpp: {
    '/api/extra/version': { result: 'KoboldCpp', version: '1.80.3' },
    '/api/v1/model': { result: 'koboldcpp/Llama-3.2-1B-Instruct-Q4_K_M' },
    // KoboldCpp also answers other servers' APIs; its own banner must win.
    '/api/version': { version: '0.5.4' },
    '/api/tags': { models: [ollamaEntry('koboldcpp/Llama-3.2-1B-Instruct-Q4_K_M')] },
    '/v1/models': list({ id: 'koboldcpp/Llama-3.2-1B-Instruct-Q4_K_M', owned_by: 'koboldcpp' }),
  },
  'text-generation-webui': {
    '/v1/internal/model/info': { model_name: 'Qwen2.5-7B-Instruct-Q4_K_M.gguf', lora_names: [] },
    '/v1/models': list({ id: 'Qwen2.5-7B-Instruct-Q4_K_M.gguf', owned_by: 'user' }, { id: 'Llama-3.2-1B-Instruct-Q8_0.gguf', owned_by: 'user' }),
  },
  sglang: {
    '/health': { raw: { status: 200, body: '' } },
    '/get_model_info': { model_path: 'Qwen/Qwen2.5-7B-Instruct', tokenizer_path: 'Qwen/Qwen2.5-7B-Instruct', is_generation: true },
    '/v1/models': list({ id: 'Qwen/Qwen2.5-7B-Instruct', owned_by: 'sglang', root: 'Qwen/Qwen2.5-7B-Instruct' }),
  },
  localai: {
    '/readyz': { raw: { status: 200, body: '' } },
    '/healthz': { raw: { status: 200, body: '' } },
    '/version': { version: 'v2.26.0' },
    // LocalAI answers Ollama's API too; /readyz and /version tell it apart.
    '/api/version': { version: '0.9.0' },
    '/api/tags': { models: [ollamaEntry('gemma-3-4b-it')] },
    '/v1/models': list({ id: 'gemma-3-4b-it' }),
  },
  'openai-compatible': {
    '/v1/models': list({ id: 'my-model', owned_by: 'me' }),
  },
  /** Something else on the port: a web page for every path. */
  'web-page': {},
};

export interface LookAlikeServer {
  url: string;
  port: number;
  /** Paths asked, in order. */
  readonly asked: string[];
  close(): Promise<void>;
}

/**
 * A server answering like `kind` on a free loopback port. `override`: answers replacing or adding to the
 * kind's. A function answer writes the response itself (e.g. a body too large to read).
 */
export async function startLookAlike(
  kind: LookAlikeKind,
  override: Record<string, Answer | ((res: ServerResponse) => void)> = {},
): Promise<LookAlikeServer> {
  const answers: Record<string, Answer | ((res: ServerResponse) => void)> = { ...LOOK_ALIKE_ANSWERS[kind], ...override };
  const asked: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    asked.push(path);
    const answer = answers[path];
    if (typeof answer === 'function') return answer(res);
    if (kind === 'web-page' && answer === undefined) {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Router</title>');
      return;
    }
    if (answer === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
      return;
    }
    if (typeof answer === 'object' && answer !== null && 'raw' in answer) {
      const { status, body, type } = (answer as { raw: { status: number; body: string; type?: string } }).raw;
      res.writeHead(status, { 'content-type': type ?? 'application/json' }).end(body);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  const { port, sockets } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    asked,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes a JSON body of `totalBytes` without holding it: `{"models":[` then the same entry again and
 * again, chunk by chunk as the socket drains, until the client stops reading. Counts what it sent.
 */
export function endlessModelList(totalBytes: number, sent: { bytes: number }): (res: ServerResponse) => void {
  return (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const entry = Buffer.from(`${JSON.stringify(ollamaEntry('x:1b'))},`.repeat(200));
    const write = (): void => {
      while (sent.bytes < totalBytes && !res.destroyed) {
        sent.bytes += entry.length;
        if (!res.write(entry)) return void res.once('drain', write);
      }
      if (!res.destroyed) res.end('{}]}');
    };
    res.on('close', () => undefined);
    res.write('{"models":[');
    write();
  };
}
