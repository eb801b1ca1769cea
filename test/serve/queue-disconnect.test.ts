import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltInServer, SERVER_BUSY_MESSAGE, type BuiltInServer } from '../../main/serve/index.js';
import { fetchJson, openStream, parseLines, waitUntil, type OpenStream } from './support.js';
import { tinyModel } from '../support/fixtures.js';

// 4,000 tokens take seconds on the tiny model: long enough to stay busy while the test looks around.
const LONG = { num_predict: 4000, seed: 1 };

describe('built-in engine: slots, queue, disconnects, shutdown (2 slots, queue of 1)', () => {
  let server: BuiltInServer;
  let model: string;
  const open: OpenStream[] = [];

  beforeAll(async () => {
    server = await startBuiltInServer({ gguf: tinyModel, port: 0, parallel: 2, queue: 1, ctx: 4096, threads: 1 });
    model = server.modelName;
  });
  afterAll(async () => {
    for (const stream of open) stream.destroy();
    await server?.close();
  });

  /** Starts a long streamed generation and waits for its first token. */
  async function startLong(prompt = 'Hello'): Promise<OpenStream> {
    const stream = await openStream(server.url, '/api/generate', { model, prompt, options: LONG });
    open.push(stream);
    expect(stream.status).toBe(200);
    expect(await stream.nextLine()).not.toBeNull();
    return stream;
  }

  function drop(stream: OpenStream): void {
    stream.destroy();
    open.splice(open.indexOf(stream), 1);
  }

  async function idle(): Promise<void> {
    await waitUntil(() => server.stats().busy === 0 && server.stats().queued === 0, 'every slot to be free');
  }

  it('a client that disconnects frees its sequence at once: generation stops', async () => {
    const before = server.stats().generatedTokens;
    const stream = await startLong();
    expect(server.stats().busy).toBe(1);
    drop(stream);
    await idle();
    const generated = server.stats().generatedTokens - before;
    // Left alone it would have produced 4,000 tokens; it stopped within a few after the disconnect.
    expect(generated).toBeGreaterThan(0);
    expect(generated).toBeLessThan(400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.stats().generatedTokens - before).toBe(generated);
  });

  it('beyond the slots and the queue, answers 503 with Ollama’s exact message (both APIs)', async () => {
    const first = await startLong('first');
    const second = await startLong('second');
    const waiting = openStream(server.url, '/api/generate', { model, prompt: 'third', options: { num_predict: 3 } });
    await waitUntil(() => server.stats().queued === 1, 'the third request to wait in the queue');
    const refused = await fetchJson(server.url, '/api/generate', { model, prompt: 'fourth', options: { num_predict: 3 } });
    expect(refused).toEqual({ status: 503, json: { error: SERVER_BUSY_MESSAGE } });
    expect(SERVER_BUSY_MESSAGE).toBe('server busy, please try again.  maximum pending requests exceeded');
    const refusedOpenAi = await fetchJson(server.url, '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'x' }] });
    expect(refusedOpenAi.status).toBe(503);
    expect(refusedOpenAi.json).toMatchObject({ error: { message: SERVER_BUSY_MESSAGE } });

    // Freeing one slot lets the queued request run to its end.
    drop(first);
    const third = await waiting;
    expect(third.status).toBe(200);
    const lines = parseLines(await third.rest());
    expect(lines[lines.length - 1]).toMatchObject({ done: true, eval_count: 3 });
    expect(server.stats().busy).toBe(1);
    drop(second);
    await idle();
  });

  it('a client that leaves while queued gives its place back without ever running', async () => {
    await startLong('a');
    await startLong('b');
    const before = server.stats().generations;
    const giveUp = new AbortController();
    const queued = openStream(server.url, '/api/generate', { model, prompt: 'queued', options: { num_predict: 3 } }, 'POST', giveUp.signal);
    await waitUntil(() => server.stats().queued === 1, 'the request to be queued');
    giveUp.abort();
    await expect(queued).rejects.toThrow('client gave up');
    await waitUntil(() => server.stats().queued === 0, 'the queue to empty');
    // Both long generations are still running and nothing else ran.
    expect(server.stats()).toMatchObject({ busy: 2, queued: 0 });
    expect(server.stats().generations).toBe(before);
    for (const stream of open.splice(0)) stream.destroy();
    await idle();
  });

  it('close() ends running streams with an error line, refuses the queued, and frees the port', async () => {
    const running = await startLong('running');
    await startLong('other');
    const queued = openStream(server.url, '/api/generate', { model, prompt: 'queued', options: { num_predict: 3 } });
    await waitUntil(() => server.stats().queued === 1, 'the request to be queued');
    await server.close();
    const rest = parseLines(await running.rest());
    expect(rest[rest.length - 1]).toEqual({ error: 'server is shutting down' });
    const refused = await queued;
    expect(refused.status).toBe(503);
    expect(parseLines(await refused.rest())[0]).toEqual({ error: 'server is shutting down' });
    await expect(fetchJson(server.url, '/api/version')).rejects.toThrow(/ECONNREFUSED/);
    await server.close(); // twice is fine
  });
});
