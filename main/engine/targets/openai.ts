import { chatMessages, type GenerationParams, type HttpRequestSpec, type StreamParser, type StreamSink, type TargetApi } from './target.js';
import { OpenAiStreamParser } from './openai-parser.js';

/**
 * OpenAI-compatible `POST /v1/chat/completions` with SSE streaming (llama.cpp `llama-server`,
 * LM Studio, vLLM). `include_usage` asks for the server's own token count on the last chunk.
 * `think` has no standard switch; when set explicitly it goes out as
 * `chat_template_kwargs.enable_thinking`, which llama.cpp and vLLM pass to the chat template and
 * other servers ignore. `ignoreEos` goes out as `ignore_eos` (llama.cpp, vLLM) with vLLM's `min_tokens`
 * set to the length asked, so an answer runs to `max_tokens`.
 */
export const openaiChat: TargetApi = {
  kind: 'openai',
  buildRequest(params: GenerationParams): HttpRequestSpec {
    const body: Record<string, unknown> = {
      model: params.model,
      messages: chatMessages(params),
      stream: true,
      stream_options: { include_usage: true },
    };
    if (params.maxTokens !== undefined) body.max_tokens = params.maxTokens;
    if (params.temperature !== undefined) body.temperature = params.temperature;
    if (params.seed !== undefined) body.seed = params.seed;
    if (params.think !== undefined) body.chat_template_kwargs = { enable_thinking: params.think };
    if (params.ignoreEos === true) {
      body.ignore_eos = true;
      if (params.maxTokens !== undefined) body.min_tokens = params.maxTokens;
    }
    return { method: 'POST', path: '/v1/chat/completions', body: JSON.stringify(body) };
  },
  createParser(sink: StreamSink): StreamParser {
    return new OpenAiStreamParser(sink);
  },
};

export function openaiTarget(): TargetApi {
  return openaiChat;
}
