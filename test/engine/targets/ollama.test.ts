import { describe, expect, it } from 'vitest';
import { ollamaChat, ollamaGenerate, ollamaTarget } from '../../../main/engine/targets/ollama.js';
import type { TargetApi } from '../../../main/engine/targets/target.js';
import { MAX_BUFFERED_CHARS } from '../../../main/engine/targets/wire-values.js';
import { RecordingSink, parsePieces, type SinkEvent } from './recording-sink.js';

const gen = (fields: Record<string, unknown>): string =>
  JSON.stringify({ model: 'm', created_at: '2025-01-01T00:00:00Z', done: false, ...fields });
const chat = (message: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ model: 'm', created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', ...message }, done: false, ...extra });

const DONE_FIELDS = {
  done: true,
  done_reason: 'stop',
  total_duration: 6_664_477_708,
  load_duration: 3_305_274_167,
  prompt_eval_count: 37,
  prompt_eval_duration: 589_342_750,
  eval_count: 53,
  eval_duration: 2_767_720_625,
};
const DONE_COUNTERS = {
  promptTokens: 37,
  outputTokens: 53,
  promptEvalMs: 589.34275,
  evalMs: 2767.720625,
  loadMs: 3305.274167,
  totalMs: 6664.477708,
  tokensPerSecond: 53 / 2.767720625,
  doneReason: 'stop',
};

const tok = (text: string, thinking = false): SinkEvent => ({ kind: 'token', text, thinking });
const done = (counters: object): SinkEvent => ({ kind: 'done', counters });

describe('ollama request bodies', () => {
  const params = { model: 'deepseek-r1:7b', prompt: 'What is time?' };

  it('generate: model, prompt, stream, only the options that were set', () => {
    const spec = ollamaGenerate.buildRequest({ ...params, maxTokens: 128, seed: 7 });
    expect(spec.method).toBe('POST');
    expect(spec.path).toBe('/api/generate');
    expect(JSON.parse(spec.body)).toStrictEqual({
      model: 'deepseek-r1:7b',
      prompt: 'What is time?',
      stream: true,
      options: { num_predict: 128, seed: 7 },
    });
  });

  it('chat: one user message; think is sent only when set, false included', () => {
    const spec = ollamaChat.buildRequest({ ...params, temperature: 0, think: false });
    expect(spec.path).toBe('/api/chat');
    expect(JSON.parse(spec.body)).toStrictEqual({
      model: 'deepseek-r1:7b',
      messages: [{ role: 'user', content: 'What is time?' }],
      stream: true,
      options: { temperature: 0 },
      think: false,
    });
    expect(JSON.parse(ollamaChat.buildRequest({ ...params, think: true }).body).think).toBe(true);
    expect('think' in JSON.parse(ollamaChat.buildRequest(params).body)).toBe(false);
  });

  it('the factory picks the endpoint, generate by default', () => {
    expect(ollamaTarget()).toBe(ollamaGenerate);
    expect(ollamaTarget('chat')).toBe(ollamaChat);
    expect(ollamaTarget().kind).toBe('ollama');
  });
});

interface Case {
  name: string;
  target: TargetApi;
  body: string;
  expected: SinkEvent[];
}

const cases: Case[] = [
  {
    name: 'generate: tokens then done with counters (ns → ms)',
    target: ollamaGenerate,
    body: [gen({ response: 'A' }), gen({ response: ' rabbit' }), gen({ response: '', ...DONE_FIELDS })].join('\n') + '\n',
    expected: [tok('A'), tok(' rabbit'), done(DONE_COUNTERS)],
  },
  {
    name: 'empty response chunks are not tokens',
    target: ollamaGenerate,
    body: [gen({ response: '' }), gen({ response: 'x' }), gen({ response: '' }), gen({ done: true })].join('\n') + '\n',
    expected: [tok('x'), done({})],
  },
  {
    name: 'generate: thinking field is thinking, response is answer',
    target: ollamaGenerate,
    body:
      [gen({ response: '', thinking: 'Let' }), gen({ response: '', thinking: ' me' }), gen({ response: 'Time' })].join('\n') +
      '\n',
    expected: [tok('Let', true), tok(' me', true), tok('Time')],
  },
  {
    name: 'chat: message.thinking and message.content; role-only message is not a token',
    target: ollamaChat,
    body:
      [
        chat({ content: '' }),
        chat({ content: '', thinking: 'Hmm' }),
        chat({ content: 'Yes' }),
        chat({ content: '' }, { ...DONE_FIELDS }),
      ].join('\n') + '\n',
    expected: [tok('Hmm', true), tok('Yes'), done(DONE_COUNTERS)],
  },
  {
    name: 'chat reads message.content, not response',
    target: ollamaChat,
    body: gen({ response: 'wrong dialect' }) + '\n',
    expected: [],
  },
  {
    name: 'raw <think> tags in response (older Ollama reasoning models)',
    target: ollamaGenerate,
    body:
      ['<think>', '\n', 'Okay', '</think>', '\n\n', 'Time', ' is'].map((r) => gen({ response: r })).join('\n') +
      '\n' +
      gen({ response: '', done: true, done_reason: 'length', eval_count: 7, eval_duration: 0 }) +
      '\n',
    expected: [
      tok('<think>', true),
      tok('\n', true),
      tok('Okay', true),
      tok('</think>', true),
      tok('\n\n'),
      tok('Time'),
      tok(' is'),
      // eval_duration 0: no rate rather than Infinity
      done({ outputTokens: 7, evalMs: 0, doneReason: 'length' }),
    ],
  },
  {
    name: 'raw tags glued to text',
    target: ollamaChat,
    body: ['<think>\nHmm', '.', '</think>\n\nThe', ' end'].map((c) => chat({ content: c })).join('\n') + '\n',
    expected: [tok('<think>\nHmm', true), tok('.', true), tok('</think>\n\nThe', true), tok(' end')],
  },
  {
    name: 'error line → serverError',
    target: ollamaGenerate,
    body: gen({ response: 'a' }) + '\n{"error":"an error was encountered while running the model: unexpected EOF"}\n',
    expected: [tok('a'), { kind: 'serverError', message: 'an error was encountered while running the model: unexpected EOF' }],
  },
  {
    name: 'error object with a message → serverError with that message',
    target: ollamaGenerate,
    body: '{"error":{"message":"model not found","code":404}}\n',
    expected: [{ kind: 'serverError', message: 'model not found' }],
  },
  {
    name: 'null error field is not an error',
    target: ollamaGenerate,
    body: gen({ response: 'a', error: null }) + '\n',
    expected: [tok('a')],
  },
  {
    name: 'CRLF line ends and blank lines are framing',
    target: ollamaGenerate,
    body: gen({ response: 'a' }) + '\r\n\r\n\n' + gen({ response: 'b' }) + '\r\n',
    expected: [tok('a'), tok('b')],
  },
  {
    name: 'a valid final line without a newline is still read',
    target: ollamaGenerate,
    body: gen({ response: 'a' }) + '\n' + gen({ response: '', done: true, done_reason: 'stop' }),
    expected: [tok('a'), done({ doneReason: 'stop' })],
  },
  {
    name: 'a cut-off final line is dropped silently (the missing done makes it truncated)',
    target: ollamaGenerate,
    body: gen({ response: 'a' }) + '\n{"model":"m","respo',
    expected: [tok('a')],
  },
  {
    name: 'counters of the wrong type are treated as not reported',
    target: ollamaGenerate,
    body: gen({ done: true, eval_count: '53', eval_duration: null, prompt_eval_count: 3, done_reason: 1 }) + '\n',
    expected: [done({ promptTokens: 3 })],
  },
];

describe('ollama NDJSON parser', () => {
  it.each(cases)('$name', ({ target, body, expected }) => {
    expect(parsePieces(target, [body]).events).toEqual(expected);
  });

  it.each(cases)('$name — split at every position', ({ target, body, expected }) => {
    for (let i = 0; i <= body.length; i++) {
      expect(parsePieces(target, [body.slice(0, i), body.slice(i)]).events, `split at ${i}`).toEqual(expected);
    }
  });

  it.each([
    ['plain text', 'ollama_generate_stream_json "qwen2.5-coder:7b"', 'not JSON'],
    ['a JSON array', '[1,2]', 'not a JSON object'],
    ['a JSON number', '42', 'not a JSON object'],
    ['a one-character line', 'x', 'not JSON'],
    ['JSON null', 'null', 'not a JSON object'],
    ['a JSON string', '"hello"', 'not a JSON object'],
  ])('%s line → malformed, and parsing goes on', (_name, line, detail) => {
    const sink = parsePieces(ollamaGenerate, [`${line}\n${gen({ response: 'a' })}\n`]);
    expect(sink.kinds()).toEqual(['malformed', 'token']);
    const first = sink.events[0];
    expect(first.kind === 'malformed' && first.detail.startsWith(detail)).toBe(true);
  });

  it('a line longer than the buffer limit is reported once and skipped; the next line parses', () => {
    const sink = new RecordingSink();
    const parser = ollamaGenerate.createParser(sink);
    const piece = 'x'.repeat(1024 * 1024);
    for (let sent = 0; sent <= MAX_BUFFERED_CHARS; sent += piece.length) parser.push(piece);
    parser.push('still the same line\n' + gen({ response: 'after' }) + '\n');
    parser.end();
    expect(sink.kinds()).toEqual(['malformed', 'token']);
    expect(sink.tokens()).toEqual([{ text: 'after', thinking: false }]);
  });

  // A body exercising every kind of line; splitting it anywhere must not change a single verdict.
  const mixed =
    [
      gen({ response: '', thinking: 'Pensée ' }),
      gen({ response: '<think>' }),
      gen({ response: 'naïve — 時間 🕰️' }),
      gen({ response: '</think>\n\nOK' }),
      gen({ response: '' }),
      gen({ response: '{"nested":"json\\n"}' }),
      'not json at all',
      '',
      gen({ response: '', ...DONE_FIELDS }),
    ].join('\n') + '\n';
  const whole = parsePieces(ollamaGenerate, [mixed]).events;

  it('the mixed body parses as expected in one piece', () => {
    expect(whole.map((e) => e.kind)).toEqual(['token', 'token', 'token', 'token', 'token', 'malformed', 'done']);
  });

  it('splitting the body at every position (mid-line, mid-JSON, mid-escape) gives the same events', () => {
    for (let i = 0; i <= mixed.length; i++) {
      expect(parsePieces(ollamaGenerate, [mixed.slice(0, i), mixed.slice(i)]).events, `split at ${i}`).toEqual(whole);
    }
  });

  it('three-way splits around every line end give the same events', () => {
    for (let i = 0; i < mixed.length; i++) {
      if (mixed[i] !== '\n') continue;
      for (let j = i - 3; j <= i + 3; j++) {
        for (let k = j + 1; k <= j + 40 && k <= mixed.length; k += 3) {
          const pieces = [mixed.slice(0, j), mixed.slice(j, k), mixed.slice(k)];
          expect(parsePieces(ollamaGenerate, pieces).events, `split at ${j},${k}`).toEqual(whole);
        }
      }
    }
  });

  it('one character per push gives the same events, and so do empty pushes', () => {
    const pieces: string[] = [];
    for (const ch of mixed) pieces.push(ch, '');
    expect(parsePieces(ollamaGenerate, pieces).events).toEqual(whole);
  });
});

describe('ollama counters that are not sane', () => {
  it('are left out and named, each field once: counts must be non-negative integers, durations non-negative and under a day', () => {
    const line = gen({
      response: '',
      done: true,
      eval_count: 1e308,
      prompt_eval_count: -4,
      eval_duration: 2e9,
      prompt_eval_duration: Number.MAX_VALUE,
      load_duration: '7',
      total_duration: 3e9,
    });
    const sink = parsePieces(ollamaGenerate, [`${gen({ response: 'a' })}\n${line}\n`]);
    expect(sink.doneCounters()).toEqual([{ evalMs: 2000, totalMs: 3000 }]);
    expect(sink.rejected).toEqual([
      [
        { field: 'prompt_eval_count', why: 'not a non-negative integer' },
        { field: 'eval_count', why: 'not a non-negative integer' },
        { field: 'prompt_eval_duration', why: 'not a non-negative duration of at most a day' },
        { field: 'load_duration', why: 'not a non-negative duration of at most a day' },
      ],
    ]);
  });

  it('sane counters reject nothing', () => {
    const sink = parsePieces(ollamaGenerate, [`${gen({ response: 'a' })}\n${gen({ response: '', ...DONE_FIELDS })}\n`]);
    expect(sink.rejected).toEqual([[]]);
  });
});
