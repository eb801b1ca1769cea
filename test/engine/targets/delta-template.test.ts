import { afterEach, describe, expect, it, vi } from 'vitest';
import { learnTemplate, type DeltaField } from '../../../main/engine/targets/delta-template.js';
import { openaiChat } from '../../../main/engine/targets/openai.js';
import { parsePieces, type SinkEvent } from './recording-sink.js';

// The shape of the scripted server's and hosted OpenAI's chunks (constant id/created/model per stream).
const HEAD = '{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1732000000,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":';
const TAIL = '},"logprobs":null,"finish_reason":null}],"usage":null}';
const contentChunk = (literal: string): string => HEAD + literal + TAIL;
const sse = (...datas: string[]): string => datas.map((d) => `data: ${d}\n\n`).join('');
const tok = (text: string, thinking = false): SinkEvent => ({ kind: 'token', text, thinking });

/** What the parser makes of a chunk's text when it parses it in full: its first choice's delta.content. */
function contentOf(data: string): string | undefined {
  try {
    const value = JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[] };
    const content = value.choices?.[0]?.delta?.content;
    return typeof content === 'string' ? content : undefined;
  } catch {
    return undefined;
  }
}

const learn = (data: string, field: DeltaField = 'content') =>
  learnTemplate(data, field, contentOf(data) ?? '', (probe) => contentOf(probe));

/** Small deterministic PRNG (mulberry32): the same cases on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Code units a token may hold, weighted towards the ones JSON treats specially. */
const ALPHABET = ['a', ' ', 'é', '日', '🙂', '"', '\\', '\n', '\t', '\u0001', '\u001f', '/', '\u2028', '\ud800', '\udfff', '<', '}', ',', ':'];

function randomText(next: () => number): string {
  let text = '';
  const length = Math.floor(next() * 16);
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return text;
}

describe('learnTemplate / DeltaTemplate.read', () => {
  const template = learn(contentChunk('" The"'));

  it('learns the text around the token literal', () => {
    expect(template).not.toBeNull();
    expect(template?.prefix).toBe(HEAD);
    expect(template?.suffix).toBe(TAIL);
    expect(template?.field).toBe('content');
  });

  it('reads exactly what JSON.parse of the whole chunk reads, for 3,000 random tokens', () => {
    const next = prng(14);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next);
      const data = contentChunk(JSON.stringify(text));
      expect(template?.read(data), JSON.stringify(data)).toBe(contentOf(data));
      expect(template?.read(data)).toBe(text);
    }
  });

  it('reads escapes the way JSON does: \\u escapes, surrogate pairs, \\/ ', () => {
    expect(template?.read(contentChunk('"caf\\u00e9 \\ud83d\\ude42 a\\/b"'))).toBe('café 🙂 a/b');
    expect(template?.read(contentChunk('"a very long token, longer than thirteen"'))).toBe('a very long token, longer than thirteen');
  });

  it.each([
    ['a raw control character', contentChunk('"a\u0001b"')],
    ['an unescaped quote that closes the string early', contentChunk('"a"b"')],
    ['two values where one literal belongs (the whole chunk would read the second)', contentChunk('"a","content":"b"')],
    ['a number', contentChunk('12')],
    ['a trailing backslash escaping the closing quote', contentChunk('"a\\"')],
    ['another stream id', contentChunk('"a"').replace('chatcmpl-7', 'chatcmpl-8')],
    ['a finish_reason', contentChunk('"a"').replace('"finish_reason":null', '"finish_reason":"stop"')],
    ['one character more', contentChunk('"a"') + ' '],
  ])('does not read a chunk with %s', (_name, data) => {
    expect(template?.read(data)).toBeUndefined();
  });

  it('skips a key of the same name elsewhere, and a value that only looks like the key', () => {
    const data =
      '{"message":{"content":"hi"},"role":"content","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}';
    const learned = learn(data);
    expect(learned?.prefix).toBe('{"message":{"content":"hi"},"role":"content","choices":[{"index":0,"delta":{"content":');
    // The other "content" is part of the template: a chunk that differs there is not read.
    expect(learned?.read(data.replace('{"content":"hi"}', '{"content":"ho"}'))).toBeUndefined();
    expect(learned?.read(data.replace('{"content":"hi"},"finish', '{"content":"ho"},"finish'))).toBe('ho');
  });

  it('learns spaced-out JSON too', () => {
    const learned = learn('{"choices": [{"delta": {"content" : "hi"}}]}');
    expect(learned?.prefix).toBe('{"choices": [{"delta": {"content" : ');
    expect(learned?.read('{"choices": [{"delta": {"content" : "\\\\o/"}}]}')).toBe('\\o/');
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    const data = '{"choices":[{"delta":{"content":"x","content":"x"}}]}';
    const learned = learn(data);
    expect(learned?.prefix).toBe('{"choices":[{"delta":{"content":"x","content":');
    expect(learned?.read('{"choices":[{"delta":{"content":"x","content":"y"}}]}')).toBe('y');
  });

  it('learns nothing when the probe does not come back out of that place', () => {
    expect(learnTemplate(contentChunk('"a"'), 'content', 'a', () => undefined)).toBeNull();
    expect(learnTemplate(contentChunk('"a"'), 'content', 'b', (probe) => contentOf(probe))).toBeNull();
  });
});

describe('openai parser with templates', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a long regular stream gives every token, and parses whole chunks only to learn', () => {
    const texts = Array.from({ length: 400 }, (_, i) => [' The', ' "quoted"', '\n', ' 日本', ' back\\slash', 'x'.repeat(20)][i % 6]);
    const body = sse(contentChunk('""'), ...texts.map((t) => contentChunk(JSON.stringify(t))), '[DONE]');
    const parse = vi.spyOn(JSON, 'parse');
    const events = parsePieces(openaiChat, [body]).events;
    const wholeChunkParses = parse.mock.calls.filter(([text]) => typeof text === 'string' && text.startsWith('{')).length;
    expect(events).toEqual([...texts.map((t) => tok(t)), { kind: 'done', counters: {} }]);
    // The role chunk, the first token chunk, and the learning probe.
    expect(wholeChunkParses).toBeLessThanOrEqual(3);
  });

  it('chunks that do not fit the template take the full path: finish_reason, usage, malformed', () => {
    const body =
      sse(contentChunk('"a"'), contentChunk('"b"'), contentChunk('"c\u0001"'), contentChunk('"d"')) +
      sse(contentChunk('"e"').replace('"finish_reason":null', '"finish_reason":"length"')) +
      sse(contentChunk('""').replace('"usage":null', '"usage":{"completion_tokens":5}'), '[DONE]');
    const sink = parsePieces(openaiChat, [body]);
    expect(sink.kinds()).toEqual(['token', 'token', 'malformed', 'token', 'token', 'done']);
    expect(sink.answerText()).toBe('abde');
    expect(sink.doneCounters()).toEqual([{ outputTokens: 5, doneReason: 'length' }]);
  });

  it('random tokens, and random raw literals, read the same as a full parse of each chunk', () => {
    const next = prng(2026);
    const datas: string[] = [];
    const expected: SinkEvent[] = [];
    for (let i = 0; i < 1500; i++) {
      const text = randomText(next);
      // One in four literals is written raw (not JSON.stringify'd): often not valid JSON at all. A raw line
      // break would be SSE framing, not JSON, so those go.
      const data = contentChunk(next() < 0.25 ? `"${text.replace(/\n/g, '')}"` : JSON.stringify(text));
      datas.push(data);
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        expected.push({ kind: 'malformed', detail: expect.stringMatching(/^event data is not JSON/) as unknown as string });
        continue;
      }
      const content = contentOf(JSON.stringify(parsed));
      if (content) expected.push(tok(content));
    }
    expect(parsePieces(openaiChat, [sse(...datas)]).events).toEqual(expected);
  });

  it('an empty slot takes the full path, where the other reasoning name may carry the token', () => {
    const chunk = (rc: string): string => `{"choices":[{"delta":{"reasoning_content":${JSON.stringify(rc)},"reasoning":"b"}}]}`;
    const sink = parsePieces(openaiChat, [sse(chunk('a'), chunk('c'), chunk(''), chunk('d'))]);
    expect(sink.events).toEqual([tok('a', true), tok('c', true), tok('b', true), tok('d', true)]);
  });

  it('a stream switching from reasoning_content to content, with raw <think> tags, relearns and classifies', () => {
    const rc = (t: string): string => `{"id":"x","choices":[{"index":0,"delta":{"reasoning_content":${JSON.stringify(t)}}}]}`;
    const content = (t: string): string => `{"id":"x","choices":[{"index":0,"delta":{"content":${JSON.stringify(t)}}}]}`;
    const thinking = Array.from({ length: 20 }, (_, i) => `r${i}`);
    const answer = ['<think>', 'inner', '</think>', 'A', 'B', 'C'];
    const sink = parsePieces(openaiChat, [sse(...thinking.map(rc), ...answer.map(content), '[DONE]')]);
    expect(sink.tokens()).toEqual([
      ...thinking.map((t) => ({ text: t, thinking: true })),
      ...answer.map((t, i) => ({ text: t, thinking: i < 3 })),
    ]);
  });

  it('a stream whose chunks all differ (per-chunk obfuscation padding) stops learning, and still reads every token', () => {
    const datas = Array.from({ length: 200 }, (_, i) => contentChunk(`"t${i}"`).replace('"usage":null', `"obfuscation":"${'x'.repeat(i % 7)}${i}"`));
    const parse = vi.spyOn(JSON, 'parse');
    const sink = parsePieces(openaiChat, [sse(...datas)]);
    const parses = parse.mock.calls.length;
    expect(sink.answerText()).toBe(Array.from({ length: 200 }, (_, i) => `t${i}`).join(''));
    // One parse per chunk, plus the few learnings that did not pay (a handful of small parses each).
    expect(parses).toBeLessThanOrEqual(220);
  });
});
