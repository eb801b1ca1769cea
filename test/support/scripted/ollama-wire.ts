// Ollama's native NDJSON chunks, field for field as in test/fixtures/streams/ollama-generate-*.txt.
import { isoNow, msToNs } from './timing.js';
import type { EndInfo, Wire } from './wire.js';

export function ollamaWire(model: string, kind: 'generate' | 'chat'): Wire {
  const head = `{"model":${JSON.stringify(model)},"created_at":"`;
  const chat = kind === 'chat';
  const answerOpen = chat ? '","message":{"role":"assistant","content":' : '","response":';
  const answerClose = chat ? '},"done":false}\n' : ',"done":false}\n';
  const thinkingOpen = chat ? '","message":{"role":"assistant","content":"","thinking":' : '","response":"","thinking":';

  const counters = (info: EndInfo): string =>
    `"done":true,"done_reason":"${info.doneReason}","total_duration":${msToNs(info.totalMs)},` +
    `"load_duration":${msToNs(info.loadMs)},"prompt_eval_count":${info.promptTokens},` +
    // Newer Ollama reports the cached part of prompt_eval_count; only when a cache is simulated.
    (info.cachedPromptTokens > 0 ? `"prompt_eval_cached_count":${info.cachedPromptTokens},` : '') +
    `"prompt_eval_duration":${msToNs(info.promptEvalMs)},"eval_count":${info.tokens},` +
    // Never 0: clients divide eval_count by it, and a real server always reports some decode time.
    `"eval_duration":${Math.max(1, msToNs(info.evalMs))}`;

  return {
    contentType: 'application/x-ndjson',
    opening: () => '',
    token(text, thinking) {
      return head + isoNow() + (thinking ? thinkingOpen : answerOpen) + JSON.stringify(text) + answerClose;
    },
    end(info) {
      const empty = chat ? '","message":{"role":"assistant","content":""},' : '","response":"",';
      return head + isoNow() + empty + counters(info) + '}\n';
    },
    errorEvent: (message) => JSON.stringify({ error: message }) + '\n',
    malformed: () => '{"model":"x","respo\n',
    whole(answer, thinking, info) {
      const withThinking = thinking === '' ? '' : `,"thinking":${JSON.stringify(thinking)}`;
      const body = chat
        ? `"message":{"role":"assistant","content":${JSON.stringify(answer)}${withThinking}},`
        : `"response":${JSON.stringify(answer)}${withThinking},`;
      return head + isoNow() + '",' + body + counters(info) + '}';
    },
    errorBody: (message) => JSON.stringify({ error: message }),
  };
}
