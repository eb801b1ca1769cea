// The built-in engine's llama-server extras (issue 14): /tokenize with the model's own tokenizer, /props,
// the prompt cache (a sequence keeps the prefix its next prompt shares, and the request goes to the
// sequence that holds the most of it), and ignore_eos. Real tiny model, real llama.cpp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltInServer, type BuiltInServer } from '../../main/serve/index.js';
import { fetchJson, openStream, parseLines, sseData } from './support.js';
import { tinyModel } from '../support/fixtures.js';

/** A long enough text that the cached part dominates the prompt. */
const HISTORY = Array.from({ length: 60 }, (_, i) => `word${i % 7}`).join(' ');

describe('built-in engine: tokenizer, settings, prompt cache, ignore_eos (real tiny model)', () => {
  let server: BuiltInServer;
  let model: string;
  beforeAll(async () => {
    server = await startBuiltInServer({ gguf: tinyModel, port: 0, parallel: 2, queue: 8, ctx: 1024, threads: 1 });
    model = server.modelName;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('POST /tokenize answers like llama-server: the token ids, BOS only with add_special', async () => {
    const plain = await fetchJson(server.url, '/tokenize', { content: 'Hello world' });
    expect(plain.status).toBe(200);
    expect(plain.json.tokens).toEqual([15043, 3186]);
    const special = await fetchJson(server.url, '/tokenize', { content: 'Hello world', add_special: true });
    expect(special.json.tokens).toEqual([1, 15043, 3186]);
    // The words Tokenbench builds synthetic prompts from are one token each in running text.
    const words = await fetchJson(server.url, '/tokenize', { content: 'the of and to in is was for that with' });
    expect(words.json.tokens as number[]).toHaveLength(10);
  });

  it('GET /props says how many sequences decode at once and the context of each', async () => {
    const props = await fetchJson(server.url, '/props');
    expect(props.status).toBe(200);
    expect(props.json).toMatchObject({ total_slots: 2, default_generation_settings: { n_ctx: server.contextSize }, model_path: 'llama-2-tiny-random.gguf' });
    expect(props.json.build_info).toMatch(/^llama\.cpp \S+ \(Tokenbench built-in engine\)$/);
  });

  it('a conversation turn that resends its history finds it cached: timings cache_n + prompt_n = usage.prompt_tokens', async () => {
    const ask = async (messages: Array<{ role: string; content: string }>, extra: Record<string, unknown> = {}) => {
      const stream = await openStream(server.url, '/v1/chat/completions', {
        model,
        messages,
        max_tokens: 8,
        temperature: 0,
        stream: true,
        stream_options: { include_usage: true },
        ...extra,
      });
      const events = sseData(await stream.rest()).filter((e): e is Record<string, unknown> => e !== '[DONE]');
      const last = events[events.length - 1] as { usage: { prompt_tokens: number }; timings: { cache_n: number; prompt_n: number } };
      const answer = events.map((e) => ((e.choices as Array<{ delta?: { content?: string } }> | undefined)?.[0]?.delta?.content ?? '')).join('');
      return { usage: last.usage, timings: last.timings, answer };
    };
    const first = [{ role: 'system', content: HISTORY }, { role: 'user', content: 'first question' }];
    const one = await ask(first);
    expect(one.timings.cache_n + one.timings.prompt_n).toBe(one.usage.prompt_tokens);
    const second = [...first, { role: 'assistant', content: one.answer }, { role: 'user', content: 'second question' }];
    const two = await ask(second);
    expect(two.timings.cache_n + two.timings.prompt_n).toBe(two.usage.prompt_tokens);
    // The whole first prompt (system + first question) is reused; only the answer and the new question are evaluated.
    expect(two.timings.cache_n).toBeGreaterThanOrEqual(one.usage.prompt_tokens - 1);
    expect(two.timings.prompt_n).toBeLessThan(two.usage.prompt_tokens / 2);
    // cache_prompt: false (llama-server's switch) evaluates everything again.
    const fresh = await ask(second, { cache_prompt: false });
    expect(fresh.timings).toMatchObject({ cache_n: 0, prompt_n: fresh.usage.prompt_tokens });
  });

  it('Ollama /api/chat reports the cached part as prompt_eval_cached_count within prompt_eval_count', async () => {
    const chat = async (messages: Array<{ role: string; content: string }>) => {
      const stream = await openStream(server.url, '/api/chat', { model, messages, options: { num_predict: 4, temperature: 0 } });
      const lines = parseLines(await stream.rest());
      const final = lines[lines.length - 1] as { prompt_eval_count: number; prompt_eval_cached_count: number };
      const answer = lines.slice(0, -1).map((l) => (l.message as { content: string }).content).join('');
      return { final, answer };
    };
    const first = [{ role: 'system', content: `${HISTORY} ollama` }, { role: 'user', content: 'q1' }];
    const one = await chat(first);
    const two = await chat([...first, { role: 'assistant', content: one.answer }, { role: 'user', content: 'q2' }]);
    expect(two.final.prompt_eval_cached_count).toBeGreaterThanOrEqual(one.final.prompt_eval_count - 1);
    expect(two.final.prompt_eval_count).toBeGreaterThan(two.final.prompt_eval_cached_count);
  });

  it('ignore_eos generates exactly max_tokens (the answer never ends early)', async () => {
    for (const maxTokens of [3, 50, 120]) {
      const stream = await openStream(server.url, '/v1/chat/completions', {
        model,
        messages: [{ role: 'user', content: 'say something' }],
        max_tokens: maxTokens,
        ignore_eos: true,
        stream: true,
        stream_options: { include_usage: true },
      });
      const events = sseData(await stream.rest()).filter((e): e is Record<string, unknown> => e !== '[DONE]');
      const last = events[events.length - 1] as { usage: { completion_tokens: number } };
      expect(last.usage.completion_tokens, `max_tokens ${maxTokens}`).toBe(maxTokens);
    }
  });
});
