// The parsers against real captured server output (test/fixtures/streams, see PROVENANCE.md).
// Expected figures are derived independently in each test from the file itself (plain line split +
// JSON.parse of the fields that matter), then pinned to the values read by hand from the captures.
//
// Not used: llamacpp-completion-qwen25coder.txt — llama.cpp's native `/completion` stream
// (`content` / `stop` / `tokens_predicted`), a dialect we have no parser for (we speak Ollama native
// and OpenAI chat completions), and only the tail of a stream.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ollamaGenerate } from '../../../main/engine/targets/ollama.js';
import { openaiChat } from '../../../main/engine/targets/openai.js';
import { OpenAiStreamParser } from '../../../main/engine/targets/openai-parser.js';
import { RecordingSink, asSse, parsePieces, piecesOf } from './recording-sink.js';
import { streamFixtures } from '../../support/fixtures.js';

const streams = streamFixtures;

const read = (name: string): string => readFileSync(path.join(streams, name), 'utf8');
const PIECE_SIZES = [1, 7, 64, 1000, 65536];

describe('real captures', () => {
  describe('ollama-generate-qwen25coder-7b.txt (Ollama /api/generate NDJSON after a demo-script preamble)', () => {
    const file = read('ollama-generate-qwen25coder-7b.txt');
    const lines = file.split('\n');
    const firstJson = lines.findIndex((l) => l.startsWith('{'));
    const body = lines.slice(firstJson).join('\n');
    const objects = lines.slice(firstJson).filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    const expectedTokens = objects.filter((o) => typeof o.response === 'string' && o.response !== '');
    const last = objects[objects.length - 1];

    it('independent count of the capture matches what the file says', () => {
      expect(firstJson).toBe(12);
      expect(expectedTokens.length).toBe(52);
      expect(last.done).toBe(true);
      expect(last.eval_count).toBe(53);
    });

    it.each(PIECE_SIZES)('in %i-char pieces: every token chunk, the text, the final counters', (size) => {
      const sink = parsePieces(ollamaGenerate, piecesOf(body, size));
      expect(sink.kinds().filter((k) => k !== 'token')).toEqual(['done']);
      expect(sink.tokens().map((t) => t.text)).toEqual(expectedTokens.map((o) => o.response));
      expect(sink.tokens().every((t) => !t.thinking)).toBe(true);
      expect(sink.answerText().startsWith('A rabbit is a small, fluffy animal')).toBe(true);
      expect(sink.doneCounters()).toEqual([
        {
          promptTokens: 37,
          outputTokens: 53,
          promptEvalMs: 589.34275,
          evalMs: 2767.720625,
          loadMs: 3305.274167,
          totalMs: 6664.477708,
          tokensPerSecond: 53 / 2.767720625,
          doneReason: 'stop',
        },
      ]);
      expect(sink.doneCounters()[0].tokensPerSecond).toBeCloseTo(19.149, 3);
    });

    it('the plain-text preamble is reported as malformed, one report per non-blank line', () => {
      const preambleLines = lines.slice(0, firstJson).filter((l) => l.trim() !== '').length;
      const sink = parsePieces(ollamaGenerate, [file]);
      expect(preambleLines).toBe(6);
      expect(sink.kinds().slice(0, preambleLines)).toEqual(Array(preambleLines).fill('malformed'));
      expect(sink.tokens().length).toBe(52);
    });
  });

  describe('llamacpp-b6097-chat-completions-gptoss.jsonl (llama.cpp chat chunks, SSE framing stripped)', () => {
    const jsonLines = read('llamacpp-b6097-chat-completions-gptoss.jsonl').split('\n').filter((l) => l !== '');
    const contents = jsonLines
      .map((l) => (JSON.parse(l) as { choices: { delta: { content?: unknown } }[] }).choices[0].delta.content)
      .filter((c): c is string => typeof c === 'string' && c !== '');
    const body = asSse(jsonLines, true);

    it('independent count: 43 chunks, 41 carry content', () => {
      expect(jsonLines.length).toBe(43);
      expect(contents.length).toBe(41);
    });

    it.each(PIECE_SIZES)('in %i-char pieces: tokens, text, usage + timings counters', (size) => {
      const sink = parsePieces(openaiChat, piecesOf(body, size));
      expect(sink.kinds().filter((k) => k !== 'token')).toEqual(['done']);
      expect(sink.tokens().map((t) => t.text)).toEqual(contents);
      expect(sink.answerText().startsWith('<|channel|>analysis<|message|>User says "test".')).toBe(true);
      expect(sink.thinkingText()).toBe('');
      // usage.prompt_tokens (82) wins over timings.prompt_n (1, the uncached remainder), which is kept as the evaluated part.
      expect(sink.doneCounters()).toEqual([
        {
          promptTokens: 82,
          outputTokens: 43,
          promptEvalMs: 7.61,
          evalMs: 152.103,
          tokensPerSecond: 282.703168247832,
          doneReason: 'stop',
          evaluatedPromptTokens: 1,
        },
      ]);
    });
  });

  describe('openai-chat-gpt41nano-usage.jsonl (hosted OpenAI chunks with include_usage, SSE framing stripped)', () => {
    const jsonLines = read('openai-chat-gpt41nano-usage.jsonl').split('\n').filter((l) => l !== '');
    const contents: string[] = [];
    for (const l of jsonLines) {
      const c = (JSON.parse(l) as { choices: { delta: { content?: unknown } }[] }).choices[0]?.delta.content;
      if (typeof c === 'string' && c !== '') contents.push(c);
    }

    it('independent count: 303 chunks, 300 carry content', () => {
      expect(jsonLines.length).toBe(303);
      expect(contents.length).toBe(300);
    });

    it.each(PIECE_SIZES)('in %i-char pieces (with [DONE] restored): tokens, text, usage counters', (size) => {
      const sink = parsePieces(openaiChat, piecesOf(asSse(jsonLines, true), size));
      expect(sink.kinds().filter((k) => k !== 'token')).toEqual(['done']);
      expect(sink.tokens().map((t) => t.text)).toEqual(contents);
      expect(sink.answerText().startsWith('**Holiday Name:** Harmony Day\n\n**Date:**')).toBe(true);
      // usage.prompt_tokens_details.cached_tokens: 0 in the capture.
      expect(sink.doneCounters()).toEqual([{ promptTokens: 16, outputTokens: 300, reasoningTokens: 0, doneReason: 'stop', cachedPromptTokens: 0 }]);
    });

    it('as captured (no [DONE]): no end marker, but the finish reason is readable', () => {
      const sink = new RecordingSink();
      const parser = new OpenAiStreamParser(sink);
      parser.push(asSse(jsonLines, false));
      parser.end();
      expect(sink.kinds().every((k) => k === 'token')).toBe(true);
      expect(sink.tokens().length).toBe(300);
      expect(parser.sawDone).toBe(false);
      expect(parser.finishReason).toBe('stop');
    });
  });

  describe('llamacpp-b6676-chat-toolcall-verbose.sse (raw SSE wire text, final event broken over two lines)', () => {
    const wire = read('llamacpp-b6676-chat-toolcall-verbose.sse');
    const physical = wire.split('\n');
    const brokenAt = physical.findIndex((l, i) => i > 0 && l !== '' && !l.startsWith('data: '));

    it('as captured: tool-call deltas are not text tokens; the broken event is malformed; [DONE] still ends it', () => {
      expect(brokenAt).toBe(10);
      const sink = parsePieces(openaiChat, piecesOf(wire, 4096));
      // the stray continuation line is not an SSE field, then the event cut before it is not JSON
      expect(sink.kinds()).toEqual(['malformed', 'malformed', 'done']);
      expect(sink.doneCounters()).toEqual([{}]);
    });

    it('with the stray line break removed: llama.cpp timings and the tool_calls finish reason', () => {
      const repaired = [...physical.slice(0, brokenAt - 1), physical[brokenAt - 1] + physical[brokenAt], ...physical.slice(brokenAt + 1)].join('\n');
      const finalEvent = JSON.parse(physical[brokenAt - 1].slice('data: '.length) + physical[brokenAt]) as {
        timings: Record<string, number>;
      };
      for (const size of PIECE_SIZES) {
        const sink = parsePieces(openaiChat, piecesOf(repaired, size));
        expect(sink.kinds()).toEqual(['done']);
        expect(sink.doneCounters()).toEqual([
          {
            promptTokens: finalEvent.timings.prompt_n,
            outputTokens: finalEvent.timings.predicted_n,
            promptEvalMs: finalEvent.timings.prompt_ms,
            evalMs: finalEvent.timings.predicted_ms,
            tokensPerSecond: finalEvent.timings.predicted_per_second,
            doneReason: 'tool_calls',
            cachedPromptTokens: finalEvent.timings.cache_n,
            evaluatedPromptTokens: finalEvent.timings.prompt_n,
          },
        ]);
        expect(sink.doneCounters()[0].cachedPromptTokens).toBe(0);
        expect(sink.doneCounters()[0].outputTokens).toBe(51);
        expect(sink.doneCounters()[0].promptTokens).toBe(2189);
      }
    });
  });
});
