// Levels given twice (issue 10): the CLI dropped the duplicate, the app and web mode kept it, and the
// live view (keyed by level and index) then dropped the second level's records. Through the real web
// server, service, run folder and live state.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_TOKEN_HEADER } from '../../common/api-verbs.js';
import { openRunFolder } from '../../main/store/run-reader.js';
import { newWebToken, startWebServer, type WebServer } from '../../main/app/web-server.js';
import { applyEvents, initialLiveState } from '../../renderer/live/live-state.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { makeAppFixture, quickSettings, waitForEvent, type AppFixture } from './app-fixtures.js';

let app: AppFixture;
let web: WebServer;
let token: string;
let scripted: ScriptedServer;

async function call(verb: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${web.port}/api/${verb}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: token },
    body: JSON.stringify({ args }),
  });
  const body = (await response.json()) as { result?: unknown; error?: string };
  if (!response.ok) throw new Error(body.error);
  return body.result;
}

beforeAll(async () => {
  scripted = await startScriptedServer({ slots: 2, tokens: 4, tokenIntervalMs: 1 });
  token = newWebToken();
  app = makeAppFixture();
  web = await startWebServer({ service: app.service, token, rendererDir: join(app.dir, 'renderer') });
});
afterAll(async () => {
  await web?.close();
  await app?.cleanup();
  await scripted?.close();
});

describe('levels given twice or out of order through web mode', () => {
  it('are saved, run and recorded once each, in ascending order, and the live view shows every request', async () => {
    const saved = (await call('saveSettings', [quickSettings(scripted.url, [2, 1, 2])])) as { custom: { concurrency: number[] } };
    expect(saved.custom.concurrency).toEqual([1, 2]);

    const finished = waitForEvent(app.service.onRunEvent, (e) => e.type === 'finished');
    const { runId } = (await call('startRun', [])) as { runId: string };
    expect(await finished.done).toMatchObject({ status: 'completed' });

    const run = await openRunFolder(join(app.runsDir, runId));
    expect(run.manifest.config.concurrency).toEqual([1, 2]);
    expect(run.summary.levels.map((l) => l.concurrency)).toEqual([1, 2]);
    expect(run.requests).toHaveLength(3);

    const live = applyEvents(initialLiveState(runId), finished.events, 0);
    expect(live.received).toBe(run.requests.length);
    expect(live.records).toHaveLength(run.requests.length);
  });
});
