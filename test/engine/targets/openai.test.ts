import { describe, expect, it } from 'vitest';
import { openaiChat, openaiTarget } from '../../../main/engine/targets/openai.js';
import { OpenAiStreamParser } from '../../../main/engine/targets/openai-parser.js';
import { RecordingSink, parsePieces, type SinkEvent } from './recording-sink.js';

const chunk = (delta: Record<string, unknown> | null, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: delta === null ? [] : [{ index: 0, delta, finish_reason: null }],
    ...extra,
  });
const finish = (reason: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: reason }], ...extra });
const sse = (...datas: string[]): string => datas.map((d) => `data: ${d}\n\n`).join('');

const tok = (text: string, thinking = false): SinkEvent => ({ kind: 'token', text, thinking });
const done = (counters: object): SinkEvent => ({ kind: 'done', counters });

const TIMINGS = {
  prompt_n: 12,
  prompt_ms: 40.5,
  prompt_per_token_ms: 3.375,
  prompt_per_second: 296.3,
  predicted_n: 3,
  predicted_ms: 30.25,
  predicted_per_token_ms: 10.08,
  predicted_per_second: 99.17,
};

describe('openai request body', () => {
  const params = { model: 'qwen3', prompt: 'What is time?' };

  it('streams with include_usage; sends only the knobs that were set', () => {
    const spec = openaiChat.buildRequest({ ...params, maxTokens: 64, temperature: 0.2, seed: 1 });
    expect(spec.method).toBe('POST');
    expect(spec.path).toBe('/v1/chat/completions');
    expect(JSON.parse(spec.body)).toStrictEqual({
      model: 'qwen3',
      messages: [{ role: 'user', content: 'What is time?' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
      temperature: 0.2,
      seed: 1,
    });
  });

  it('think goes out as chat_template_kwargs.enable_thinking only when set', () => {
    expect(JSON.parse(openaiChat.buildRequest({ ...params, think: false }).body).chat_template_kwargs).toStrictEqual({
      enable_thinking: false,
    });
    expect(JSON.parse(openaiChat.buildRequest({ ...params, think: true }).body).chat_template_kwargs).toStrictEqual({
      enable_thinking: true,
    });
    expect('chat_template_kwargs' in JSON.parse(openaiChat.buildRequest(params).body)).toBe(false);
    expect(openaiTarget()).toBe(openaiChat);
    expect(openaiTarget().kind).toBe('openai');
  });
});

interface Case {
  name: string;
  body: string;
  expected: SinkEvent[];
}

const cases: Case[] = [
  {
    name: 'role-only and empty deltas are not tokens; [DONE] ends with the finish reason',
    body:
      sse(chunk({ role: 'assistant', content: '' }), chunk({ role: 'assistant' }), chunk({ content: 'Hi' }), chunk({ content: null })) +
      sse(finish('stop'), '[DONE]'),
    expected: [tok('Hi'), done({ doneReason: 'stop' })],
  },
  {
    name: 'usage (include_usage chunk with no choices) wins over timings for token counts',
    body: sse(
      chunk({ content: 'a' }, { usage: null }),
      finish('length', { usage: null, timings: TIMINGS }),
      chunk(null, {
        usage: { prompt_tokens: 16, completion_tokens: 300, total_tokens: 316, completion_tokens_details: { reasoning_tokens: 120 } },
      }),
      '[DONE]',
    ),
    expected: [
      tok('a'),
      done({
        promptTokens: 16,
        outputTokens: 300,
        reasoningTokens: 120,
        promptEvalMs: 40.5,
        evalMs: 30.25,
        tokensPerSecond: 99.17,
        doneReason: 'length',
        // timings.prompt_n: the part of the 16-token prompt the server evaluated (the rest came from its cache).
        evaluatedPromptTokens: 12,
      }),
    ],
  },
  {
    name: 'llama.cpp timings alone give the counts',
    body: sse(chunk({ content: 'a' }), finish('stop', { timings: TIMINGS }), '[DONE]'),
    expected: [
      tok('a'),
      done({ promptTokens: 12, outputTokens: 3, promptEvalMs: 40.5, evalMs: 30.25, tokensPerSecond: 99.17, doneReason: 'stop' }),
    ],
  },
  {
    name: 'reasoning_content (llama.cpp, DeepSeek) and reasoning (vLLM, LM Studio) are thinking',
    body: sse(chunk({ reasoning_content: 'Let' }), chunk({ reasoning: ' me' }), chunk({ content: 'Yes', reasoning_content: null }), '[DONE]'),
    expected: [tok('Let', true), tok(' me', true), tok('Yes'), done({})],
  },
  {
    name: 'reasoning sent under both names (vLLM) is one token chunk',
    body: sse(chunk({ reasoning_content: 'x', reasoning: 'x' }), '[DONE]'),
    expected: [tok('x', true), done({})],
  },
  {
    name: 'raw <think> tags in content are classified',
    body: sse(...['<think>', 'Hmm', '</think>', '\n\nOK'].map((c) => chunk({ content: c })), '[DONE]'),
    expected: [tok('<think>', true), tok('Hmm', true), tok('</think>', true), tok('\n\nOK'), done({})],
  },
  {
    name: 'an error payload → serverError with its message',
    body: sse(chunk({ content: 'a' }), JSON.stringify({ error: { code: 500, message: 'context overflow', type: 'server_error' } })),
    expected: [tok('a'), { kind: 'serverError', message: 'context overflow' }],
  },
  {
    name: 'a string error payload → serverError',
    body: sse(JSON.stringify({ error: 'boom' })),
    expected: [{ kind: 'serverError', message: 'boom' }],
  },
  {
    name: "older llama.cpp's bare `error: {…}` line → serverError",
    body: 'error: {"code":500,"message":"slot unavailable","type":"server_error"}\n\n',
    expected: [{ kind: 'serverError', message: 'slot unavailable' }],
  },
  {
    name: 'an `event: error` event → serverError',
    body: 'event: error\ndata: {"error":{"message":"overloaded"}}\n\nevent: error\ndata: gone away\n\n',
    expected: [
      { kind: 'serverError', message: 'overloaded' },
      { kind: 'serverError', message: 'gone away' },
    ],
  },
  {
    name: 'comments (keep-alives) and CRLF framing are transparent',
    body: ': ping\r\n\r\ndata: ' + chunk({ content: 'a' }) + '\r\n\r\n: ping\n\ndata: [DONE]\r\n\r\n',
    expected: [tok('a'), done({})],
  },
  {
    name: 'a final event without its blank line is complete once the body ends',
    body: 'data: ' + chunk({ content: 'a' }) + '\n\ndata: [DONE]',
    expected: [tok('a'), done({})],
  },
  {
    name: 'a body cut off mid-JSON is dropped silently (no [DONE] makes it truncated)',
    body: 'data: ' + chunk({ content: 'a' }) + '\n\ndata: {"id":"chatcmpl-1","choi',
    expected: [tok('a')],
  },
  {
    name: 'a second [DONE] is ignored',
    body: sse('[DONE]', '[DONE]'),
    expected: [done({})],
  },
];

describe('openai SSE parser', () => {
  it.each(cases)('$name', ({ body, expected }) => {
    expect(parsePieces(openaiChat, [body]).events).toEqual(expected);
  });

  it.each(cases)('$name — split at every position', ({ body, expected }) => {
    for (let i = 0; i <= body.length; i++) {
      expect(parsePieces(openaiChat, [body.slice(0, i), body.slice(i)]).events, `split at ${i}`).toEqual(expected);
    }
  });

  it.each([
    ['invalid JSON', 'data: {"choices":[{"delta":{"content":"a"}}\n\n', 'event data is not JSON'],
    ['a JSON array', 'data: [1,2]\n\n', 'event data is not a JSON object'],
    ['a line that is not an SSE field', '{"choices":[]}\n\n', 'not an SSE line'],
  ])('%s → malformed, and parsing goes on', (_name, bad, detail) => {
    const sink = parsePieces(openaiChat, [bad + sse(chunk({ content: 'a' }), '[DONE]')]);
    expect(sink.kinds()).toEqual(['malformed', 'token', 'done']);
    const first = sink.events[0];
    expect(first.kind === 'malformed' && first.detail.startsWith(detail)).toBe(true);
  });

  it('a stream with finish_reason but no [DONE] is not done, and says it finished', () => {
    const sink = new RecordingSink();
    const parser = new OpenAiStreamParser(sink);
    parser.push(sse(chunk({ content: 'a' }), finish('stop')));
    parser.end();
    expect(sink.kinds()).toEqual(['token']);
    expect(parser.finishReason).toBe('stop');
    expect(parser.sawDone).toBe(false);
  });

  it('a stream cut before any finish_reason exposes none', () => {
    const parser = new OpenAiStreamParser(new RecordingSink());
    parser.push(sse(chunk({ content: 'a' })));
    parser.end();
    expect(parser.finishReason).toBeUndefined();
    expect(parser.sawDone).toBe(false);
  });

  const mixed =
    sse(chunk({ role: 'assistant', content: '' }), chunk({ reasoning_content: 'Pensée 🕰️' })) +
    ': keep-alive\n\n' +
    sse(chunk({ content: '<think>' }), chunk({ content: 'naïve — 時間' }), chunk({ content: '</think>\n\nOK' })) +
    'data: not json\n\n' +
    sse(chunk({ content: '{"nested":"json\\n"}' }), finish('stop', { timings: TIMINGS }), chunk(null, { usage: { completion_tokens: 5 } })) +
    'data: [DONE]\n\n';
  const whole = parsePieces(openaiChat, [mixed]).events;

  it('the mixed body parses as expected in one piece', () => {
    expect(whole.map((e) => e.kind)).toEqual(['token', 'token', 'token', 'token', 'malformed', 'token', 'done']);
    expect(whole[6]).toEqual(
      done({ promptTokens: 12, outputTokens: 5, promptEvalMs: 40.5, evalMs: 30.25, tokensPerSecond: 99.17, doneReason: 'stop' }),
    );
  });

  it('splitting the body at every position gives the same events', () => {
    for (let i = 0; i <= mixed.length; i++) {
      expect(parsePieces(openaiChat, [mixed.slice(0, i), mixed.slice(i)]).events, `split at ${i}`).toEqual(whole);
    }
  });

  it('one character per push gives the same events', () => {
    expect(parsePieces(openaiChat, Array.from(mixed)).events).toEqual(whole);
  });
});

describe('prompt cache counters', () => {
  it('llama.cpp timings.cache_n is the cached part, prompt_n the evaluated part of usage.prompt_tokens', () => {
    const body = sse(
      chunk({ content: 'a' }),
      finish('stop', { timings: { ...TIMINGS, prompt_n: 5, cache_n: 290 } }),
      chunk(null, { usage: { prompt_tokens: 295, completion_tokens: 3 } }),
      '[DONE]',
    );
    expect(parsePieces(openaiChat, [body]).doneCounters()).toEqual([
      {
        promptTokens: 295,
        outputTokens: 3,
        promptEvalMs: 40.5,
        evalMs: 30.25,
        tokensPerSecond: 99.17,
        doneReason: 'stop',
        cachedPromptTokens: 290,
        evaluatedPromptTokens: 5,
      },
    ]);
  });

  it("OpenAI's usage.prompt_tokens_details.cached_tokens counts when llama.cpp timings do not", () => {
    const body = sse(chunk({ content: 'a' }), finish('stop'), chunk(null, { usage: { prompt_tokens: 40, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 32 } } }), '[DONE]');
    expect(parsePieces(openaiChat, [body]).doneCounters()).toEqual([{ promptTokens: 40, outputTokens: 1, doneReason: 'stop', cachedPromptTokens: 32 }]);
  });
});

describe('openai counters that are not sane', () => {
  it('are left out and named; a sane llama.cpp count still stands in for a broken usage count', () => {
    const body = sse(
      chunk({ content: 'a' }),
      finish('stop', { timings: { predicted_n: 1, predicted_ms: -5, predicted_per_second: Number.MAX_VALUE, prompt_n: 2.5 } }),
      chunk(null, { usage: { completion_tokens: 1e308, prompt_tokens: 3, completion_tokens_details: { reasoning_tokens: -1 } } }),
      '[DONE]',
    );
    const sink = parsePieces(openaiChat, [body]);
    expect(sink.doneCounters()).toEqual([{ outputTokens: 1, promptTokens: 3, tokensPerSecond: Number.MAX_VALUE, doneReason: 'stop' }]);
    expect(sink.rejected).toEqual([
      [
        { field: 'usage.completion_tokens', why: 'not a non-negative integer' },
        { field: 'usage.completion_tokens_details.reasoning_tokens', why: 'not a non-negative integer' },
        { field: 'timings.prompt_n', why: 'not a non-negative integer' },
        { field: 'timings.predicted_ms', why: 'not a non-negative duration of at most a day' },
      ],
    ]);
  });
});
