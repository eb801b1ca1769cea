import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationRequest } from '../../main/serve/generate-tokens.js';
import { LlamaRunner } from '../../main/serve/llama-runner.js';
import { IncrementalDetokenizer } from '../../main/serve/token-text.js';
import { tinyModel } from '../support/fixtures.js';

const GREEDY = { temperature: 0, topK: 40, topP: 0.9 };

describe('LlamaRunner on the real tiny model', () => {
  let runner: LlamaRunner;
  beforeAll(async () => {
    runner = await LlamaRunner.load({ gguf: tinyModel, parallel: 2, ctx: 256, threads: 1 });
  });
  afterAll(async () => {
    await runner?.close();
  });

  function generate(request: GenerationRequest, signal = new AbortController().signal, slot = 0) {
    const pieces: string[] = [];
    const done = runner.generate(runner.sequences[slot], request, (text) => pieces.push(text), signal);
    return { pieces, done };
  }

  it('loads with the prebuilt CPU binary and reads the model’s facts', () => {
    expect(runner.sequences).toHaveLength(2);
    expect(runner.threads).toBe(1);
    expect(runner.contextSize).toBeGreaterThanOrEqual(256);
    expect(runner.facts).toMatchObject({ architecture: 'llama', quantization: 'F16', fileBytes: 1_750_560, trainContextSize: 4096 });
    expect(runner.facts.parameterCount).toBeGreaterThan(0);
    expect(runner.facts.metadata['general.architecture']).toBe('llama');
    // The vocabulary is named but not copied (like Ollama's /api/show without verbose).
    expect(runner.facts.metadata['tokenizer.ggml.tokens']).toBeNull();
  });

  it('starts a raw completion prompt with BOS, as llama.cpp does', () => {
    const prompt = runner.completionPrompt('Hello world');
    expect(prompt.tokens[0]).toBe(1);
    expect(prompt.tokens.length).toBeGreaterThan(1);
    expect(prompt.stopTexts).toEqual([]);
  });

  it('renders a chat with the model’s chat template and its stop triggers', () => {
    const prompt = runner.chatPrompt([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
    // This model has no template of its own; node-llama-cpp falls back to its general wrapper.
    expect(prompt.tokens.length).toBeGreaterThan(runner.completionPrompt('Hi').tokens.length);
    expect(prompt.stopTexts.length + prompt.stopTokens.length).toBeGreaterThan(0);
  });

  it('generates exactly maxTokens tokens, one text piece per token, and reports its timings', async () => {
    const { pieces, done } = generate({ prompt: runner.completionPrompt('Hello world'), maxTokens: 24, sampling: GREEDY });
    const result = await done;
    expect(result.outputTokens).toBe(24);
    expect(result.doneReason).toBe('length');
    expect(pieces).toHaveLength(24);
    expect(pieces.join('')).not.toContain('\uFFFD');
    expect(result.promptTokens).toBe(runner.completionPrompt('Hello world').tokens.length);
    expect(result.evalMs).toBeGreaterThan(0);
    expect(result.promptEvalMs).toBeGreaterThanOrEqual(0);
  });

  it('ignoreEos generates through the chat template\'s stops up to maxTokens (llama.cpp ignore_eos)', async () => {
    // The text greedy decoding gives first, made a template stop: without ignoreEos the answer ends on it.
    const probe = generate({ prompt: runner.completionPrompt('Hello'), maxTokens: 1, sampling: GREEDY }, undefined, 1);
    await probe.done;
    const prompt = { ...runner.completionPrompt('Hello'), stopTexts: [probe.pieces.join('')] };
    const stopped = await generate({ prompt, maxTokens: 12, sampling: GREEDY, cachePrompt: false }, undefined, 1).done;
    expect(stopped).toMatchObject({ outputTokens: 1, doneReason: 'stop' });
    const through = await generate({ prompt, maxTokens: 12, sampling: GREEDY, ignoreEos: true, cachePrompt: false }, undefined, 1).done;
    expect(through).toMatchObject({ outputTokens: 12, doneReason: 'length' });
  });

  it('keeps the prompt prefix a sequence already holds, never the whole prompt; cachePrompt false evaluates it all', async () => {
    const prompt = runner.completionPrompt('The same prompt twice, cached the second time');
    const first = await generate({ prompt, maxTokens: 2, sampling: GREEDY, cachePrompt: false }).done;
    expect(first.cachedPromptTokens).toBe(0);
    const second = await generate({ prompt, maxTokens: 2, sampling: GREEDY }).done;
    // Everything but the last prompt token, which must be evaluated to sample the answer.
    expect(second.cachedPromptTokens).toBe(prompt.tokens.length - 1);
    const third = await generate({ prompt, maxTokens: 2, sampling: GREEDY, cachePrompt: false }).done;
    expect(third.cachedPromptTokens).toBe(0);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const run = async (seed: number) => {
      const { pieces, done } = generate({ prompt: runner.completionPrompt('Once'), maxTokens: 16, sampling: { temperature: 1, topK: 40, topP: 0.95, seed } });
      await done;
      return pieces.join('');
    };
    const first = await run(7);
    expect(await run(7)).toBe(first);
    expect(await run(8)).not.toBe(first);
  });

  it('stops within a token of the signal and reports cancelled', async () => {
    const abort = new AbortController();
    const pieces: string[] = [];
    const done = runner.generate(
      runner.sequences[1],
      { prompt: runner.completionPrompt('Hello'), sampling: GREEDY },
      (text) => {
        pieces.push(text);
        if (pieces.length === 3) abort.abort();
      },
      abort.signal,
    );
    const result = await done;
    expect(result.doneReason).toBe('cancelled');
    expect(result.outputTokens).toBe(3);
  });

  it('caps the answer at the sequence’s context', async () => {
    const prompt = runner.completionPrompt('Hello world');
    const result = await generate({ prompt, sampling: GREEDY }).done;
    expect(result.doneReason).toBe('length');
    expect(result.outputTokens).toBe(runner.contextSize - prompt.tokens.length);
  });

  it('ends at a caller stop string without sending it', async () => {
    const full = generate({ prompt: runner.completionPrompt('Hello world'), maxTokens: 12, sampling: GREEDY });
    await full.done;
    const stopAt = full.pieces[5];
    const cut = generate({ prompt: runner.completionPrompt('Hello world'), maxTokens: 12, sampling: GREEDY, stop: [stopAt] });
    const result = await cut.done;
    expect(result.doneReason).toBe('stop');
    expect(cut.pieces.join('')).toBe(full.pieces.slice(0, 5).join(''));
  });

  it('never splits a multi-byte character: byte tokens are held until the character is whole', () => {
    // Real tokenizer: the llama emoji is not in the vocabulary, so it becomes four byte tokens.
    const text = 'a 🦙 é 世界 ok';
    const tokens = runner.completionPrompt(text).tokens.slice(1);
    const detokenizer = new IncrementalDetokenizer((pending, last) => runner.detokenize(pending, last));
    // Token by token without buffering, the byte tokens come out as U+FFFD: what must never be sent.
    expect(tokens.map((token) => runner.detokenize([token])).join('')).toContain('\uFFFD');
    const pieces = tokens.map((token) => detokenizer.push(token));
    const flushed = detokenizer.flush();
    expect(pieces.some((piece) => piece.includes('\uFFFD'))).toBe(false);
    expect(pieces.filter((piece) => piece === '').length).toBeGreaterThanOrEqual(3);
    expect(pieces.join('') + flushed).toBe(text);
    expect(pieces).toContain('🦙');
  });
});
