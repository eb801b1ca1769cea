// One detection for the run's preflight and the app's status line, against the scripted server on
// loopback: which API, version, models; and every problem as one line, never a throw.
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { detectServer, originOf, PreflightError } from '../../main/run/detect-server.js';
import { preflight } from '../../main/run/preflight.js';
import { serverStatus } from '../../main/run/server-status.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { endlessModelList, startLookAlike, type LookAlikeServer } from '../support/look-alike-servers.js';

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const paths = (s: ScriptedServer): string[] => s.metaHits.map((h) => h.path).sort();

describe('detectServer', () => {
  it('finds Ollama: version, installed models with their entries, loaded models', async () => {
    server = await startScriptedServer({ models: ['a:1b', 'b:7b'], loaded: ['b:7b'], version: '0.9.0' });
    const detection = await detectServer({ url: server.url }, 2000);
    expect(detection.ok).toBe(true);
    if (!detection.ok) return;
    expect(detection.server).toMatchObject({ origin: server.url, api: 'ollama', version: '0.9.0' });
    expect(detection.server.models.map((m) => m.name)).toEqual(['a:1b', 'b:7b']);
    expect(detection.server.models[0].details).toMatchObject({ name: 'a:1b', model: 'a:1b' });
    expect(detection.server.loaded.map((m) => m.name)).toEqual(['b:7b']);
    expect(paths(server)).toEqual(['/api/ps', '/api/tags', '/api/version']);
  });

  it('finds an OpenAI-compatible server when the Ollama API is absent, with a /v1 base URL', async () => {
    server = await startScriptedServer({ apis: ['openai'], models: ['qwen', 'llama'] });
    const detection = await detectServer({ url: `${server.url}/v1` }, 2000);
    expect(detection).toMatchObject({ ok: true, server: { origin: server.url, api: 'openai', version: null, loaded: [] } });
    if (detection.ok) expect(detection.server.models.map((m) => m.name)).toEqual(['qwen', 'llama']);
    expect(paths(server)).toEqual(['/api/version', '/v1/models']);
  });

  it('asks only the API it is told to speak', async () => {
    server = await startScriptedServer();
    expect(await detectServer({ url: server.url, api: 'openai' }, 2000)).toMatchObject({ ok: true, server: { api: 'openai' } });
    expect(paths(server)).toEqual(['/v1/models']);
  });

  it('a server that answers but not as asked is reachable, with the reason', async () => {
    server = await startScriptedServer({ apis: ['openai'] });
    expect(await detectServer({ url: server.url, api: 'ollama' }, 2000)).toEqual({
      ok: false,
      reachable: true,
      problem: `${server.url} does not speak the Ollama API (GET /api/version answered HTTP 404)`,
    });
    await server.close();
    server = await startScriptedServer({ apis: ['ollama'] });
    expect(await detectServer({ url: server.url, api: 'openai' }, 2000)).toEqual({
      ok: false,
      reachable: true,
      problem: `${server.url} does not speak the OpenAI API (GET /v1/models answered HTTP 404)`,
    });
    await server.close();
    server = await startScriptedServer({ apis: [] });
    expect(await detectServer({ url: server.url }, 2000)).toEqual({
      ok: false,
      reachable: true,
      problem: `${server.url} answers HTTP but speaks neither the Ollama API (/api/version) nor the OpenAI API (/v1/models)`,
    });
  });

  it('nothing listening, no answer in time, or a bad URL: not reachable, never a throw', async () => {
    const refused = await detectServer({ url: 'http://127.0.0.1:9' }, 2000);
    expect(refused).toMatchObject({ ok: false, reachable: false });
    if (!refused.ok) expect(refused.problem).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9: connection refused; start Ollama/);

    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      expect(await detectServer({ url: `http://127.0.0.1:${port}` }, 200)).toMatchObject({
        ok: false,
        reachable: false,
        problem: expect.stringMatching(/^cannot reach .*: no answer within 200 ms;/),
      });
    } finally {
      silent.close();
    }

    expect(await detectServer({ url: 'http//nope' }, 2000)).toEqual({
      ok: false,
      reachable: false,
      problem: '--url: "http//nope" is not a valid URL (expected e.g. http://127.0.0.1:11434)',
    });
    expect(() => originOf('http://127.0.0.1:11434/api/generate')).toThrow(PreflightError);
  });
});

describe('preflight on the detection', () => {
  it('takes the loaded model by default, else the first installed; `name` means `name:latest`', async () => {
    server = await startScriptedServer({ models: ['a:1b', 'b:7b', 'c:latest'], loaded: ['b:7b'] });
    expect(await preflight({ url: server.url })).toEqual({
      origin: server.url,
      warmPath: '/api/version',
      target: expect.objectContaining({ url: server.url, api: 'ollama', serverVersion: '0.12.3', model: 'b:7b' }),
    });
    expect((await preflight({ url: server.url, model: 'c' })).target.model).toBe('c:latest');
    await expect(preflight({ url: server.url, model: 'd:1b' })).rejects.toThrow(
      new PreflightError(`model "d:1b" is not installed on ${server.url} (installed: a:1b, b:7b, c:latest); pull it with \`ollama pull d:1b\``),
    );
    await server.close();
    server = await startScriptedServer({ models: ['a:1b', 'b:7b'], loaded: [] });
    expect((await preflight({ url: server.url })).target.model).toBe('a:1b');
  });

  it('on an OpenAI-compatible server: the first served model, or the one asked for', async () => {
    server = await startScriptedServer({ apis: ['openai'], models: ['qwen', 'llama'] });
    expect(await preflight({ url: server.url })).toMatchObject({ warmPath: '/v1/models', target: { api: 'openai', serverVersion: null, model: 'qwen' } });
    expect((await preflight({ url: server.url, model: 'llama' })).target.modelDetails).toMatchObject({ id: 'llama' });
    await expect(preflight({ url: server.url, model: 'gpt' })).rejects.toThrow(`model "gpt" is not served by ${server.url} (available: qwen, llama)`);
  });

  it('throws the detection problem as its one line', async () => {
    await expect(preflight({ url: 'http://127.0.0.1:9' })).rejects.toThrow(/^cannot reach http:\/\/127\.0\.0\.1:9: connection refused/);
  });
});

describe('serverStatus on the detection', () => {
  it('shows API, version, models and the loaded one; a problem as a warning', async () => {
    server = await startScriptedServer({ models: ['a:1b', 'b:7b'], loaded: ['b:7b'] });
    expect(await serverStatus(server.url)).toEqual({
      url: server.url,
      reachable: true,
      api: 'ollama',
      version: '0.12.3',
      models: ['a:1b', 'b:7b'],
      loadedModel: 'b:7b',
      warning: null,
    });
    expect(await serverStatus(server.url, 'openai')).toMatchObject({ reachable: true, api: 'openai', version: null, loadedModel: null, models: ['a:1b', 'b:7b'] });
    await server.close();
    server = await startScriptedServer({ apis: ['openai'] });
    expect(await serverStatus(server.url, 'ollama')).toEqual({
      url: server.url,
      reachable: true,
      api: null,
      version: null,
      models: [],
      loadedModel: null,
      warning: `${server.url} does not speak the Ollama API (GET /api/version answered HTTP 404)`,
    });
    expect(await serverStatus('http://127.0.0.1:9')).toMatchObject({ reachable: false, api: null, warning: expect.stringMatching(/connection refused/) });
  });
});

describe('one capped HTTP getter for detection, preflight and the status line (issue 12 item 7)', () => {
  let lookAlike: LookAlikeServer | null = null;
  afterEach(async () => {
    await lookAlike?.close();
    lookAlike = null;
  });

  it('a 300 MB /api/tags is dropped after 1 MB: no models, a warning, memory untouched', async () => {
    const sent = { bytes: 0 };
    lookAlike = await startLookAlike('ollama', { '/api/tags': endlessModelList(300 * 1024 * 1024, sent) });
    const before = process.memoryUsage().rss;
    const detection = await detectServer({ url: lookAlike.url }, 10_000);
    expect(detection).toMatchObject({ ok: true, server: { api: 'ollama', models: [], warnings: [`${lookAlike.url}/api/tags answered more than 1 MB; it was not read`] } });
    expect(sent.bytes).toBeLessThan(32 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);

    const status = await serverStatus(lookAlike.url, undefined, 10_000);
    expect(status).toMatchObject({ reachable: true, api: 'ollama', models: [], warning: `${lookAlike.url}/api/tags answered more than 1 MB; it was not read` });
    await expect(preflight({ url: lookAlike.url, model: 'x:1b', timeoutMs: 10_000 })).rejects.toThrow(
      `model "x:1b" is not installed on ${lookAlike.url} (installed: none); pull it with \`ollama pull x:1b\` (${lookAlike.url}/api/tags answered more than 1 MB; it was not read)`,
    );
  });

  it('a body that declares more than 1 MB is not read at all', async () => {
    lookAlike = await startLookAlike('openai-compatible', {
      '/v1/models': (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) });
        res.write('{"data": [');
      },
    });
    expect(await detectServer({ url: lookAlike.url, api: 'openai' }, 2_000)).toEqual({
      ok: false,
      reachable: true,
      problem: `${lookAlike.url}/v1/models answered more than 1 MB; it was not read`,
    });
  });

  it('speaks to the CLI in flags and to the app in its fields', async () => {
    const cli = await detectServer({ url: 'http://127.0.0.1:9' }, 2_000, { audience: 'cli' });
    const app = await detectServer({ url: 'http://127.0.0.1:9' }, 2_000, { audience: 'app' });
    expect(cli).toMatchObject({ ok: false, problem: expect.stringMatching(/point --url at your server, or benchmark a GGUF file with --gguf FILE$/) });
    expect(app).toMatchObject({ ok: false, problem: expect.stringMatching(/Setup → Server URL/) });
    if (!app.ok) expect(app.problem).not.toMatch(/--/);
    expect((await serverStatus('http://127.0.0.1:9')).warning).not.toMatch(/--/);
    expect(await detectServer({ url: 'http//nope' }, 2_000, { audience: 'app' })).toMatchObject({ problem: 'Server URL: "http//nope" is not a valid URL (expected e.g. http://127.0.0.1:11434)' });
    server = await startScriptedServer({ apis: ['openai'], models: [] });
    await expect(preflight({ url: server.url, audience: 'app' })).rejects.toThrow(`${server.url} lists no models at /v1/models; choose a model in Setup`);
    await expect(preflight({ url: server.url })).rejects.toThrow(`${server.url} lists no models at /v1/models; pass --model`);
  });
});
