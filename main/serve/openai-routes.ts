import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { parseChatMessages } from './chat-messages.js';
import type { GenerationResult } from './generate-tokens.js';
import { parseOpenAiParams } from './generation-params.js';
import type { Route } from './http-server.js';
import { ChunkWriter, HttpError, readJsonBody, sendJson } from './http-io.js';
import { chatChars, checkPromptChars } from './prompt-size.js';
import { optionalBoolean, optionalObject, optionalString, sameModel } from './request-fields.js';
import { runForClient } from './run-for-client.js';
import type { RequestInfo, ServeContext } from './serve-context.js';

const FINISH_REASON = { stop: 'stop', length: 'length' } as const;

function usage(outcome: GenerationResult): Record<string, number> {
  return {
    prompt_tokens: outcome.promptTokens,
    completion_tokens: outcome.outputTokens,
    total_tokens: outcome.promptTokens + outcome.outputTokens,
  };
}

/** llama.cpp's own `timings` object, so clients that read it get the server's decode rate and what the prompt cache saved. */
function timings(outcome: GenerationResult): Record<string, number> {
  return {
    cache_n: outcome.cachedPromptTokens,
    prompt_n: outcome.promptTokens - outcome.cachedPromptTokens,
    prompt_ms: outcome.promptEvalMs,
    predicted_n: outcome.outputTokens,
    predicted_ms: outcome.evalMs,
    predicted_per_second: outcome.evalMs > 0 ? (outcome.outputTokens / outcome.evalMs) * 1000 : 0,
  };
}

async function chatCompletions(ctx: ServeContext, res: ServerResponse, info: RequestInfo, body: Record<string, unknown>) {
  const requested = optionalString(body, 'model');
  if (requested !== undefined && requested !== '' && !sameModel(requested, ctx.modelName)) {
    throw new HttpError(404, `model "${requested}" not found`);
  }
  const model = requested !== undefined && requested !== '' ? requested : ctx.modelName;
  const stream = optionalBoolean(body, 'stream') ?? false;
  const includeUsage = optionalBoolean(optionalObject(body, 'stream_options') ?? {}, 'include_usage') ?? false;
  const params = parseOpenAiParams(body);
  const messages = parseChatMessages(body.messages);
  if (messages.length === 0) throw new HttpError(400, 'invalid "messages": at least one message is required');
  checkPromptChars(chatChars(messages), ctx.runner.contextSize);
  const prompt = ctx.runner.chatPrompt(messages);

  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const writer = new ChunkWriter(res, 'text/event-stream');
  const head = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":`;
  const pieces: string[] = [];
  const outcome = await runForClient(ctx, info, { prompt, ...params }, {
    onStart: stream ? () => writer.write(`${head}{"role":"assistant","content":""},"finish_reason":null}]}\n\n`) : undefined,
    onText: stream
      ? (text) => writer.write(`${head}{"content":${JSON.stringify(text)}},"finish_reason":null}]}\n\n`)
      : (text) => pieces.push(text),
  });
  if (outcome === undefined || !writer.open) return;
  if (outcome.doneReason === 'cancelled') {
    const error = { error: { message: 'server is shutting down', type: 'server_error', param: null, code: null } };
    if (stream) writer.end(`data: ${JSON.stringify(error)}\n\n`);
    else sendJson(res, 503, error);
    return;
  }
  const finishReason = FINISH_REASON[outcome.doneReason];
  if (!stream) {
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: pieces.join('') }, finish_reason: finishReason }],
      usage: usage(outcome),
      timings: timings(outcome),
    });
    return;
  }
  const base = { id, object: 'chat.completion.chunk', created, model };
  let tail = `data: ${JSON.stringify({
    ...base,
    choices: [{ index: 0, delta: {}, finish_reason: finishReason }],
    ...(includeUsage ? {} : { timings: timings(outcome) }),
  })}\n\n`;
  if (includeUsage) {
    tail += `data: ${JSON.stringify({ ...base, choices: [], usage: usage(outcome), timings: timings(outcome) })}\n\n`;
  }
  writer.end(`${tail}data: [DONE]\n\n`);
}

/** OpenAI-compatible chat completions (SSE) and the model list. */
export function openAiRoutes(ctx: ServeContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/models',
      api: 'openai',
      handle: async (_req, res) =>
        sendJson(res, 200, {
          object: 'list',
          data: [
            {
              id: ctx.modelName,
              object: 'model',
              created: Math.floor(ctx.loadedAt.getTime() / 1000),
              owned_by: 'tokenbench',
            },
          ],
        }),
    },
    {
      method: 'POST',
      path: '/v1/chat/completions',
      api: 'openai',
      handle: async (req, res, info) => chatCompletions(ctx, res, info, await readJsonBody(req)),
    },
  ];
}
