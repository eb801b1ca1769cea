import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltInServer, type BuiltInServer } from '../../main/serve/index.js';
import { fetchJson, fetchText, openStream, parseLines, sseData, waitUntil } from './support.js';
import { tinyModel } from '../support/fixtures.js';

const PROMPT = 'Hello world';

describe('built-in engine over HTTP (real tiny model, 16 parallel sequences)', () => {
  let server: BuiltInServer;
  let model: string;
  beforeAll(async () => {
    server = await startBuiltInServer({ gguf: tinyModel, port: 0, parallel: 16, queue: 64, ctx: 512, threads: 1 });
    model = server.modelName;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('listens on 127.0.0.1 only and names the model after the file', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(model).toBe('llama-2-tiny-random');
    expect(server).toMatchObject({ parallel: 16, queue: 64, threads: 1 });
  });

  it('answers the Ollama discovery endpoints', async () => {
    expect(await fetchText(server.url, '/')).toEqual({ status: 200, text: 'Ollama is running' });
    const version = await fetchJson(server.url, '/api/version');
    expect(version.status).toBe(200);
    expect(version.json.version).toMatch(/^\d+\.\d+\.\d+/);
    const tags = await fetchJson(server.url, '/api/tags');
    const [entry] = tags.json.models as Array<Record<string, unknown>>;
    expect(entry).toMatchObject({ name: model, model, size: 1_750_560, details: { format: 'gguf', family: 'llama', quantization_level: 'F16' } });
    const ps = await fetchJson(server.url, '/api/ps');
    expect((ps.json.models as Array<Record<string, unknown>>)[0]).toMatchObject({ name: model, size_vram: 0, context_length: server.contextSize });
    const show = await fetchJson(server.url, '/api/show', { model });
    expect(show.status).toBe(200);
    expect(show.json).toMatchObject({ details: { family: 'llama' }, model_info: { 'general.architecture': 'llama', 'llama.context_length': 4096 } });
    const missing = await fetchJson(server.url, '/api/show', { model: 'other' });
    expect(missing.status).toBe(404);
  });

  it('streams /api/generate: eval_count = token chunks = num_predict, Ollama’s final counters', async () => {
    const stream = await openStream(server.url, '/api/generate', { model, prompt: PROMPT, options: { num_predict: 40, temperature: 0 } });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('application/x-ndjson');
    const lines = parseLines(await stream.rest());
    const final = lines[lines.length - 1];
    const chunks = lines.slice(0, -1);
    expect(chunks.every((chunk) => chunk.done === false && typeof chunk.response === 'string' && chunk.response !== '')).toBe(true);
    expect(chunks).toHaveLength(40);
    expect(final).toMatchObject({ model, done: true, done_reason: 'length', response: '', eval_count: 40, prompt_eval_count: 3 });
    for (const key of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) {
      expect(Number.isInteger(final[key]), key).toBe(true);
    }
    expect(final.eval_duration as number).toBeGreaterThan(0);
    expect(final.total_duration as number).toBeGreaterThan(final.eval_duration as number);
    expect(new Date(final.created_at as string).toISOString()).toBe(final.created_at);
  });

  it('answers /api/generate without streaming with the same text as the stream', async () => {
    const request = { model, prompt: PROMPT, options: { num_predict: 20, temperature: 0 } };
    const streamed = parseLines((await openStream(server.url, '/api/generate', request).then((s) => s.rest())));
    const whole = await fetchJson(server.url, '/api/generate', { ...request, stream: false });
    expect(whole.status).toBe(200);
    expect(whole.json).toMatchObject({ done: true, eval_count: 20, done_reason: 'length' });
    expect(whole.json.response).toBe(streamed.map((line) => line.response).join(''));
    expect((whole.json.response as string).length).toBeGreaterThan(0);
  });

  it('treats an empty prompt as a load request, like Ollama', async () => {
    const answer = await fetchJson(server.url, '/api/generate', { model });
    expect(answer.json).toMatchObject({ model, done: true, done_reason: 'load', response: '' });
  });

  it('honours options.seed and options.temperature', async () => {
    const run = async (seed: number) =>
      (await fetchJson(server.url, '/api/generate', { model, prompt: 'Once', stream: false, options: { num_predict: 12, temperature: 1, seed } })).json
        .response;
    const first = await run(11);
    expect(await run(11)).toBe(first);
    expect(await run(12)).not.toBe(first);
  });

  it('streams /api/chat through the chat template', async () => {
    const stream = await openStream(server.url, '/api/chat', {
      model: `${model}:latest`,
      messages: [{ role: 'user', content: 'Hi there' }],
      options: { num_predict: 10, seed: 1 },
    });
    expect(stream.status).toBe(200);
    const lines = parseLines(await stream.rest());
    const final = lines[lines.length - 1];
    expect(lines.slice(0, -1).every((line) => (line.message as { role: string }).role === 'assistant')).toBe(true);
    expect(final).toMatchObject({ done: true, message: { role: 'assistant', content: '' } });
    expect(final.eval_count as number).toBeGreaterThan(0);
    expect(final.eval_count as number).toBeLessThanOrEqual(10);
    // The template wraps the message: more prompt tokens than the bare text.
    expect(final.prompt_eval_count as number).toBeGreaterThan(4);
  });

  it('streams /v1/chat/completions as SSE with include_usage and [DONE]', async () => {
    const stream = await openStream(server.url, '/v1/chat/completions', {
      model,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 12,
      temperature: 0,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream');
    const events = sseData(await stream.rest());
    expect(events[events.length - 1]).toBe('[DONE]');
    const chunks = events.slice(0, -1) as Array<Record<string, unknown>>;
    const usageChunk = chunks[chunks.length - 1];
    expect(usageChunk).toMatchObject({ object: 'chat.completion.chunk', choices: [], usage: { completion_tokens: expect.any(Number) } });
    const usage = usageChunk.usage as Record<string, number>;
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    const finish = chunks[chunks.length - 2];
    expect((finish.choices as Array<Record<string, unknown>>)[0].finish_reason).toMatch(/^(stop|length)$/);
    const deltas = chunks.slice(0, -2).map((chunk) => (chunk.choices as Array<{ delta: { content?: string; role?: string } }>)[0].delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: '' });
    expect(deltas.slice(1).filter((delta) => (delta.content ?? '') !== '').length).toBe(usage.completion_tokens);
    expect(usageChunk.timings).toMatchObject({ predicted_n: usage.completion_tokens });
  });

  it('answers /v1/chat/completions without streaming, and lists /v1/models', async () => {
    const answer = await fetchJson(server.url, '/v1/chat/completions', { model, max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ object: 'chat.completion', model, usage: { completion_tokens: expect.any(Number) } });
    const [choice] = answer.json.choices as Array<{ message: { role: string; content: string } }>;
    expect(choice.message.role).toBe('assistant');
    const models = await fetchJson(server.url, '/v1/models');
    expect(models.json).toMatchObject({ object: 'list', data: [{ id: model, object: 'model' }] });
  });

  it('answers bad requests with the status and body each API uses', async () => {
    const wrongModel = await fetchJson(server.url, '/api/generate', { model: 'llama3:8b', prompt: 'x' });
    expect(wrongModel).toEqual({ status: 404, json: { error: 'model "llama3:8b" not found, try pulling it first' } });
    expect((await fetchJson(server.url, '/api/generate', { prompt: 'x' })).json).toEqual({ error: 'model is required' });
    const badJson = await fetchJson(server.url, '/api/chat', '{"model":');
    expect(badJson.status).toBe(400);
    expect(badJson.json.error).toMatch(/^invalid JSON body/);
    const badOption = await fetchJson(server.url, '/api/generate', { model, prompt: 'x', options: { temperature: 'hot' } });
    expect(badOption).toEqual({ status: 400, json: { error: 'invalid "temperature": expected a number ≥ 0' } });
    const badRole = await fetchJson(server.url, '/v1/chat/completions', { messages: [{ role: 'wizard', content: 'x' }] });
    expect(badRole.status).toBe(400);
    expect(badRole.json).toMatchObject({ error: { type: 'invalid_request_error' } });
    const tooLong = await fetchJson(server.url, '/api/generate', { model, prompt: 'word '.repeat(600) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error).toMatch(/larger --ctx/);
    expect((await fetchJson(server.url, '/api/nothing')).status).toBe(404);
    expect((await fetchJson(server.url, '/api/generate')).status).toBe(405);
  });

  it('refuses requests from another origin (a web page driving the local server)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/tags`, { headers: { origin: 'https://evil.example' }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.end();
    });
    expect(status).toBe(403);
  });

  it('a request arriving while others generate starts at once, even on a used sequence', async () => {
    // Use every sequence once, so the next request must first clear its sequence's history (which needs
    // node-llama-cpp's context lock, held by the batch loop while others keep generating).
    await Promise.all(Array.from({ length: 16 }, (_, i) => fetchJson(server.url, '/api/generate', { model, prompt: `warm ${i}`, stream: false, options: { num_predict: 2 } })));
    const long = await Promise.all(
      [1, 2, 3].map((seed) => openStream(server.url, '/api/generate', { model, prompt: 'go on', options: { num_predict: 3000, seed } })),
    );
    for (const stream of long) expect(await stream.nextLine()).not.toBeNull();
    const short = await fetchJson(server.url, '/api/generate', { model, prompt: 'quick', stream: false, options: { num_predict: 5 } });
    expect(short.json).toMatchObject({ done: true, eval_count: 5 });
    // All three long generations are still running: the short one did not wait for them to end.
    expect(server.stats().busy).toBe(3);
    for (const stream of long) stream.destroy();
    await waitUntil(() => server.stats().busy === 0, 'the long generations to stop');
  });

  // How fast each level runs depends on the machine and its load: `npm run bench:serve` prints per-request
  // speed and aggregate throughput at 1, 4 and 16 parallel. This test proves what does not depend on load:
  // every request of a level decodes at the same time (no queueing within the 16 sequences), to its exact count.
  it('at 1, 4 and 16 parallel: every request of a level decodes at once, each to exactly num_predict tokens', async () => {
    const tokensPerRequest = 192;
    const level = async (parallel: number) => {
      const generatedBefore = server.stats().generatedTokens;
      const requests = await Promise.all(
        Array.from({ length: parallel }, async (_, index) => {
          const stream = await openStream(server.url, '/api/generate', {
            model,
            prompt: `Request ${index}: tell a story`,
            options: { num_predict: tokensPerRequest, seed: index + 1 },
          });
          const first = await stream.nextLine();
          const firstTokenAt = performance.now();
          const rest = await stream.rest();
          const endAt = performance.now();
          const lines = parseLines([first ?? '', ...rest]);
          return { firstTokenAt, endAt, chunks: lines.slice(0, -1), final: lines[lines.length - 1] };
        }),
      );
      return { requests, generated: server.stats().generatedTokens - generatedBefore };
    };
    await level(2); // warm-up: first use of the sequences and the batch buffers
    for (const parallel of [1, 4, 16]) {
      const { requests, generated } = await level(parallel);
      for (const { chunks, final } of requests) {
        expect(final).toMatchObject({ done: true, done_reason: 'length', eval_count: tokensPerRequest });
        // A token holding part of a UTF-8 character travels with the next one: never more chunks than tokens.
        expect(chunks.length).toBeGreaterThan(0);
        expect(chunks.length).toBeLessThanOrEqual(tokensPerRequest);
      }
      expect(generated, `tokens generated at ${parallel} parallel`).toBe(parallel * tokensPerRequest);
      // The decode windows overlap: the last request to get its first token got it before the first one to
      // finish had finished, so at that moment all `parallel` were generating together.
      const lastFirstToken = Math.max(...requests.map((r) => r.firstTokenAt));
      const firstEnd = Math.min(...requests.map((r) => r.endAt));
      expect(lastFirstToken, `decode windows at ${parallel} parallel`).toBeLessThan(firstEnd);
    }
  });
});
