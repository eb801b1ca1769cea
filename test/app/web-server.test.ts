import { request as httpRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../common/api.js';
import { WEB_TOKEN_HEADER } from '../../common/api-verbs.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import { SingleUseDownloads } from '../../main/app/web-downloads.js';
import { newWebToken, startWebServer, webReportSaver, WEB_CSP, type WebServer } from '../../main/app/web-server.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { makeAppFixture, quickSettings, type AppFixture } from './app-fixtures.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, not fetch: tests must send forged Host and Origin headers, which fetch refuses to set. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, timeout: 10_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

let app: AppFixture;
let web: WebServer;
let token: string;
const downloads = new SingleUseDownloads();
let scripted: ScriptedServer;

const api = (verb: string, args: unknown[], headers: Record<string, string> = {}): Promise<Answer> =>
  send(web.port, `/api/${verb}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: token, ...headers },
    body: JSON.stringify({ args }),
  });

beforeAll(async () => {
  scripted = await startScriptedServer({ tokens: 5, tokenIntervalMs: 1 });
  token = newWebToken();
  app = makeAppFixture(webReportSaver(downloads));
  const ui = join(app.dir, 'renderer');
  mkdirSync(ui);
  writeFileSync(join(ui, 'app.html'), '<!doctype html><script src="app.js"></script>');
  writeFileSync(join(ui, 'app.js'), 'console.log(1)');
  writeFileSync(join(app.dir, 'secret.json'), '{}');
  web = await startWebServer({ service: app.service, token, downloads, rendererDir: ui });
});
afterAll(async () => {
  await web?.close();
  await app?.cleanup();
  await scripted?.close();
});

describe('web mode (tokenbench ui) server', () => {
  it('prints a 127.0.0.1 URL with a 256-bit token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${token}`);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('rejects API calls without the token or with a wrong one', async () => {
    const noToken = await send(web.port, '/api/getSettings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"args":[]}' });
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body)).toEqual({ error: expect.stringMatching(/missing or wrong token/) });
    expect((await api('getSettings', [], { [WEB_TOKEN_HEADER]: `${token.slice(0, -1)}x` })).status).toBe(401);
    // A POST may not use the query token (only GETs that cannot set headers may).
    const queryOnly = await send(web.port, `/api/getSettings?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"args":[]}',
    });
    expect(queryOnly.status).toBe(401);
    expect((await send(web.port, '/api/events')).status).toBe(401);
    expect((await send(web.port, '/')).status).toBe(401);
  });

  it('rejects a foreign Origin and a foreign Host even with the right token', async () => {
    const foreignOrigin = await api('getSettings', [], { origin: 'http://evil.example' });
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.body).toMatch(/forbidden origin/);
    expect((await api('getSettings', [], { origin: `http://127.0.0.1:${web.port + 1}` })).status).toBe(403);
    // DNS rebinding: the browser thinks it talks to evil.example, which resolves to 127.0.0.1.
    const rebound = await api('getSettings', [], { host: `evil.example:${web.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/forbidden host/);
    expect((await api('getSettings', [], { origin: `http://localhost:${web.port}`, host: `localhost:${web.port}` })).status).toBe(200);
    // text/plain is what a cross-site form can send without a CORS preflight.
    const form = await send(web.port, '/api/getSettings', { method: 'POST', headers: { 'content-type': 'text/plain', [WEB_TOKEN_HEADER]: token }, body: '{"args":[]}' });
    expect(form.status).toBe(415);
  });

  it('serves the page behind the token with the web CSP, and only files of the renderer folder', async () => {
    const page = await send(web.port, `/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="app.js">');
    expect(page.headers['content-security-policy']).toBe(WEB_CSP);
    expect(WEB_CSP).toContain("connect-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await send(web.port, '/app.js')).body).toBe('console.log(1)');
    for (const path of ['/..%2Fsecret.json', '/../secret.json', '/%2e%2e/secret.json', '/nope.js']) {
      expect((await send(web.port, path)).status).toBe(404);
    }
  });

  it('answers the API per the wire format, and rejects a malformed payload with 400', async () => {
    const settings = await api('getSettings', []);
    expect(settings.status).toBe(200);
    expect(JSON.parse(settings.body)).toEqual({ result: DEFAULT_SETTINGS });
    const saved = await api('saveSettings', [{ ...DEFAULT_SETTINGS, model: 'x' }]);
    expect(JSON.parse(saved.body).result.model).toBe('x');
    const bad = await api('saveSettings', [{ ...DEFAULT_SETTINGS, profile: 'turbo' }]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/^saveSettings: invalid argument 0\.profile/);
    expect((await api('getRun', ['../../etc'])).status).toBe(400);
    expect((await api('getRun', [])).status).toBe(400);
    expect((await api('noSuchVerb', [])).status).toBe(404);
    expect((await api('getRun', ['no-such-run'])).status).toBe(409);
  });

  it('streams run events as server-sent events and serves the report download', async () => {
    const events: RunEvent[] = [];
    let finishedRunId = '';
    const stream = new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: web.port, path: `/api/events?token=${encodeURIComponent(token)}` }, (res) => {
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            if (!block.startsWith('data: ')) continue;
            const event = JSON.parse(block.slice('data: '.length)) as RunEvent;
            events.push(event);
            if (event.type === 'finished') {
              finishedRunId = event.runId;
              req.destroy();
              resolve();
            }
          }
        });
      });
      req.on('error', (err) => (finishedRunId ? resolve() : reject(err)));
      req.end();
      setTimeout(() => reject(new Error('no finished event within 15 s')), 15_000).unref();
    });
    // Let the stream subscribe before the run starts.
    await new Promise((r) => setTimeout(r, 100));
    const started = await api('startRun', [quickSettings(scripted.url, [1, 2])]);
    expect(started.status).toBe(200);
    const { runId } = JSON.parse(started.body).result as { runId: string };
    await stream;
    expect(finishedRunId).toBe(runId);
    expect(events.map((e) => e.type)).toContain('requests');
    expect(events.at(-1)).toMatchObject({ type: 'finished', status: 'completed' });

    const saved = await api('saveReport', [runId, 'json']);
    const url = JSON.parse(saved.body).result as string;
    // A single-use id, never the token: the download URL lands in the browser's history.
    expect(url).toMatch(new RegExp(`^/api/download/[A-Za-z0-9_-]{43}/${runId}\\.json$`));
    expect(url).not.toContain(token);
    const download = await send(web.port, url);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${runId}.json"`);
    expect(JSON.parse(download.body)).toMatchObject({ format: "tokenbench-report", run: { id: runId } });
    // Spent: the same URL again, or a guessed id, is 404; the old token-in-the-query route is gone.
    expect((await send(web.port, url)).status).toBe(404);
    expect((await send(web.port, `/api/download/${'A'.repeat(43)}/${runId}.json`)).status).toBe(404);
    expect((await send(web.port, `/api/report/${runId}.json?token=${token}`)).status).toBe(401);
    // A download still passes the Host check (DNS rebinding).
    const again = JSON.parse((await api('saveReport', [runId, 'md'])).body).result as string;
    expect((await send(web.port, again, { headers: { host: `evil.example:${web.port}` } })).status).toBe(403);
  });

  it('answers a malformed % escape with 404 or 401, never 500', async () => {
    for (const [path, headers, status] of [
      ['/%E0%A4%A', {}, 404],
      ['/api/download/%E0%A4%A/x.json', {}, 404],
      [`/api/download/${'A'.repeat(40)}%zz/x%E0.json`, {}, 404],
      ['/api/%E0%A4%A', { [WEB_TOKEN_HEADER]: token }, 404],
      ['/api/report/%E0%A4%A.json', { [WEB_TOKEN_HEADER]: token }, 404],
      ['/api/events?token=%E0%A4%A', {}, 401],
      ['/?token=%E0%A4%A', {}, 401],
    ] as const) {
      const answer = await send(web.port, path, { headers });
      expect([path, answer.status]).toEqual([path, status]);
    }
  });
});
