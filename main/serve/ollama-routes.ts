import type { ServerResponse } from 'node:http';
import { parseChatMessages } from './chat-messages.js';
import type { PreparedPrompt } from './generate-tokens.js';
import { parseOllamaOptions } from './generation-params.js';
import type { Route } from './http-server.js';
import { ChunkWriter, HttpError, readJsonBody, sendJson } from './http-io.js';
import { psEntry, showBody, tagsEntry } from './ollama-model-info.js';
import { chatChars, checkPromptChars } from './prompt-size.js';
import { optionalBoolean, optionalObject, optionalString, sameModel } from './request-fields.js';
import { ns, runForClient } from './run-for-client.js';
import type { RequestInfo, ServeContext } from './serve-context.js';

type Endpoint = 'generate' | 'chat';

/** The model a request names, which must be the one served (Ollama answers 404 otherwise). */
function requireModel(ctx: ServeContext, body: Record<string, unknown>): string {
  const requested = optionalString(body, 'model') ?? optionalString(body, 'name');
  if (requested === undefined || requested === '') throw new HttpError(400, 'model is required');
  if (!sameModel(requested, ctx.modelName)) {
    throw new HttpError(404, `model "${requested}" not found, try pulling it first`);
  }
  return requested;
}

/** The streamed line for one piece of text, built by concatenation: this runs once per token. */
function chunkLine(head: string, endpoint: Endpoint, text: string): string {
  const created = new Date().toISOString();
  return endpoint === 'generate'
    ? `${head}${created}","response":${JSON.stringify(text)},"done":false}\n`
    : `${head}${created}","message":{"role":"assistant","content":${JSON.stringify(text)}},"done":false}\n`;
}

function textField(endpoint: Endpoint, text: string): Record<string, unknown> {
  return endpoint === 'generate' ? { response: text } : { message: { role: 'assistant', content: text } };
}

async function generate(
  endpoint: Endpoint,
  ctx: ServeContext,
  res: ServerResponse,
  info: RequestInfo,
  body: Record<string, unknown>,
): Promise<void> {
  const model = requireModel(ctx, body);
  const stream = optionalBoolean(body, 'stream') ?? true;
  const params = parseOllamaOptions(optionalObject(body, 'options') ?? {});
  let prompt: PreparedPrompt | undefined;
  if (endpoint === 'generate') {
    const text = optionalString(body, 'prompt') ?? '';
    checkPromptChars(text.length, ctx.runner.contextSize);
    if (text !== '') prompt = ctx.runner.completionPrompt(text);
  } else {
    const messages = parseChatMessages(body.messages ?? []);
    checkPromptChars(chatChars(messages), ctx.runner.contextSize);
    if (messages.length > 0) prompt = ctx.runner.chatPrompt(messages);
  }
  if (prompt === undefined) {
    // Ollama's answer to an empty prompt: load the model and say so (clients use it to preload).
    sendJson(res, 200, {
      model,
      created_at: new Date().toISOString(),
      ...textField(endpoint, ''),
      done: true,
      done_reason: 'load',
    });
    return;
  }
  const preparedAt = performance.now();
  const writer = new ChunkWriter(res, 'application/x-ndjson');
  const head = `{"model":${JSON.stringify(model)},"created_at":"`;
  const pieces: string[] = [];
  const outcome = await runForClient(ctx, info, { prompt, ...params }, {
    onText: stream ? (text) => writer.write(chunkLine(head, endpoint, text)) : (text) => pieces.push(text),
  });
  if (outcome === undefined || !writer.open) return;
  if (outcome.doneReason === 'cancelled') {
    // Only the server's shutdown cancels a request whose client is still there.
    if (stream) writer.end(`${JSON.stringify({ error: 'server is shutting down' })}\n`);
    else sendJson(res, 503, { error: 'server is shutting down' });
    return;
  }
  const final = {
    model,
    created_at: new Date().toISOString(),
    ...textField(endpoint, stream ? '' : pieces.join('')),
    done: true,
    done_reason: outcome.doneReason,
    total_duration: ns(performance.now() - info.arrivedAt),
    load_duration: ns(preparedAt - info.arrivedAt),
    prompt_eval_count: outcome.promptTokens,
    // Newer Ollama's field: the part of prompt_eval_count read from the cache rather than evaluated.
    prompt_eval_cached_count: outcome.cachedPromptTokens,
    prompt_eval_duration: ns(outcome.promptEvalMs),
    eval_count: outcome.outputTokens,
    eval_duration: ns(outcome.evalMs),
  };
  if (stream) writer.end(`${JSON.stringify(final)}\n`);
  else sendJson(res, 200, final);
}

/** The Ollama API subset a benchmark client needs. */
export function ollamaRoutes(ctx: ServeContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      api: 'ollama',
      handle: async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Ollama is running');
      },
    },
    {
      method: 'GET',
      path: '/api/version',
      api: 'ollama',
      handle: async (_req, res) => sendJson(res, 200, { version: ctx.version }),
    },
    {
      method: 'GET',
      path: '/api/tags',
      api: 'ollama',
      handle: async (_req, res) => sendJson(res, 200, { models: [tagsEntry(ctx)] }),
    },
    {
      method: 'GET',
      path: '/api/ps',
      api: 'ollama',
      handle: async (_req, res) => sendJson(res, 200, { models: [psEntry(ctx)] }),
    },
    {
      method: 'POST',
      path: '/api/show',
      api: 'ollama',
      handle: async (req, res) => {
        requireModel(ctx, await readJsonBody(req));
        sendJson(res, 200, showBody(ctx));
      },
    },
    {
      method: 'POST',
      path: '/api/generate',
      api: 'ollama',
      handle: async (req, res, info) => generate('generate', ctx, res, info, await readJsonBody(req)),
    },
    {
      method: 'POST',
      path: '/api/chat',
      api: 'ollama',
      handle: async (req, res, info) => generate('chat', ctx, res, info, await readJsonBody(req)),
    },
  ];
}
