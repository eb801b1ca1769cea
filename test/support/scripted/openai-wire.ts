// OpenAI chat-completions SSE, shaped like test/fixtures/streams/openai-chat-*.jsonl (hosted OpenAI)
// and the llama.cpp captures (reasoning_content, timings).
import type { EndInfo, Wire } from './wire.js';

export interface OpenAiWireOptions {
  model: string;
  id: string;
  includeUsage: boolean;
  reasoningField: 'reasoning_content' | 'reasoning';
  llamaCppTimings: boolean;
}

export function openAiWire(o: OpenAiWireOptions): Wire {
  const created = Math.floor(Date.now() / 1000);
  const meta = `"id":${JSON.stringify(o.id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(o.model)},"system_fingerprint":"fp_scripted"`;
  const head = `data: {${meta},"choices":[{"index":0,"delta":`;
  // Hosted OpenAI sends "usage":null on every chunk when usage was asked for.
  const usageNull = o.includeUsage ? ',"usage":null' : '';
  const tail = `,"logprobs":null,"finish_reason":null}]${usageNull}}\n\n`;
  const answerOpen = head + '{"content":';
  const thinkingOpen = head + `{"${o.reasoningField}":`;

  const usage = (info: EndInfo): unknown => ({
    prompt_tokens: info.promptTokens,
    completion_tokens: info.tokens,
    total_tokens: info.promptTokens + info.tokens,
    completion_tokens_details: { reasoning_tokens: info.thinkingTokens },
  });
  // llama.cpp: prompt_n is the evaluated part, cache_n the cached part (usage.prompt_tokens is both).
  const timings = (info: EndInfo): unknown => ({
    ...(info.cachedPromptTokens > 0 ? { cache_n: info.cachedPromptTokens } : {}),
    prompt_n: info.promptTokens - info.cachedPromptTokens,
    prompt_ms: info.promptEvalMs,
    prompt_per_token_ms: info.promptEvalMs / Math.max(1, info.promptTokens - info.cachedPromptTokens),
    prompt_per_second: info.promptEvalMs > 0 ? ((info.promptTokens - info.cachedPromptTokens) * 1000) / info.promptEvalMs : 0,
    predicted_n: info.tokens,
    predicted_ms: info.evalMs,
    predicted_per_token_ms: info.evalMs / Math.max(1, info.tokens),
    predicted_per_second: info.evalMs > 0 ? (info.tokens * 1000) / info.evalMs : 0,
  });

  return {
    contentType: 'text/event-stream',
    opening: () => head + '{"role":"assistant","content":""}' + tail,
    token(text, thinking) {
      return (thinking ? thinkingOpen : answerOpen) + JSON.stringify(text) + '}' + tail;
    },
    end(info) {
      const withTimings = o.llamaCppTimings ? `,"timings":${JSON.stringify(timings(info))}` : '';
      let out = `${head}{},"logprobs":null,"finish_reason":"${info.doneReason}"}]${usageNull}${withTimings}}\n\n`;
      if (o.includeUsage) out += `data: {${meta},"choices":[],"usage":${JSON.stringify(usage(info))}}\n\n`;
      return out + 'data: [DONE]\n\n';
    },
    errorEvent: (message) => `data: ${JSON.stringify({ error: { message } })}\n\n`,
    malformed: () => 'data: {"model":"x","respo\n\n',
    whole(answer, thinking, info) {
      const message: Record<string, string> = { role: 'assistant', content: answer };
      if (thinking !== '') message[o.reasoningField] = thinking;
      return JSON.stringify({
        id: o.id,
        object: 'chat.completion',
        created,
        model: o.model,
        system_fingerprint: 'fp_scripted',
        choices: [{ index: 0, message, logprobs: null, finish_reason: info.doneReason }],
        usage: usage(info),
        ...(o.llamaCppTimings ? { timings: timings(info) } : {}),
      });
    },
    errorBody: (message, status) => openAiErrorBody(message, status),
  };
}

export function openAiErrorBody(message: string, status: number, code: string | null = null): string {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  return JSON.stringify({ error: { message, type, param: null, code } });
}
