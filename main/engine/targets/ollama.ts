import { chatMessages, type GenerationParams, type HttpRequestSpec, type StreamParser, type StreamSink, type TargetApi } from './target.js';
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

/**
 * `/api/generate` takes one prompt and a `system` text, no history: a chat becomes its system messages
 * and its last user message (conversations go to `/api/chat`; the CLI sees to that).
 */
function generatePrompt(params: GenerationParams): { prompt: string; system?: string } {
  if (params.messages === undefined) return { prompt: params.prompt };
  const system = params.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const lastUser = params.messages.findLast((m) => m.role === 'user');
  return { prompt: lastUser?.content ?? params.prompt, ...(system.length > 0 ? { system: system.join('\n\n') } : {}) };
}

/** Ollama native `POST /api/generate`: prompt in, NDJSON with `response` / `thinking` out. */
export const ollamaGenerate: TargetApi = {
  kind: 'ollama',
  buildRequest(params: GenerationParams): HttpRequestSpec {
    const body: Record<string, unknown> = {
      model: params.model,
      ...generatePrompt(params),
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
      messages: chatMessages(params),
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
