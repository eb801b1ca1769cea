import type { GenerationParams, HttpRequestSpec, StreamParser, StreamSink, TargetApi } from './target.js';
import { OllamaStreamParser, type OllamaEndpoint } from './ollama-parser.js';

export type { OllamaEndpoint } from './ollama-parser.js';

interface OllamaOptions {
  num_predict?: number;
  temperature?: number;
  seed?: number;
}

/** Only the knobs the user set: an absent option leaves the model's own default in force. */
function ollamaOptions(params: GenerationParams): OllamaOptions {
  const options: OllamaOptions = {};
  if (params.maxTokens !== undefined) options.num_predict = params.maxTokens;
  if (params.temperature !== undefined) options.temperature = params.temperature;
  if (params.seed !== undefined) options.seed = params.seed;
  return options;
}

/** Ollama native `POST /api/generate`: prompt in, NDJSON with `response` / `thinking` out. */
export const ollamaGenerate: TargetApi = {
  kind: 'ollama',
  buildRequest(params: GenerationParams): HttpRequestSpec {
    const body: Record<string, unknown> = {
      model: params.model,
      prompt: params.prompt,
      stream: true,
      options: ollamaOptions(params),
    };
    if (params.think !== undefined) body.think = params.think;
    return { method: 'POST', path: '/api/generate', body: JSON.stringify(body) };
  },
  createParser(sink: StreamSink): StreamParser {
    return new OllamaStreamParser(sink, 'generate');
  },
};

/** Ollama native `POST /api/chat`: one user message in, NDJSON with `message.content` / `message.thinking` out. */
export const ollamaChat: TargetApi = {
  kind: 'ollama',
  buildRequest(params: GenerationParams): HttpRequestSpec {
    const body: Record<string, unknown> = {
      model: params.model,
      messages: [{ role: 'user', content: params.prompt }],
      stream: true,
      options: ollamaOptions(params),
    };
    if (params.think !== undefined) body.think = params.think;
    return { method: 'POST', path: '/api/chat', body: JSON.stringify(body) };
  },
  createParser(sink: StreamSink): StreamParser {
    return new OllamaStreamParser(sink, 'chat');
  },
};

export function ollamaTarget(endpoint: OllamaEndpoint = 'generate'): TargetApi {
  return endpoint === 'chat' ? ollamaChat : ollamaGenerate;
}
