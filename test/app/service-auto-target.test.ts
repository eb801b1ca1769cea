// The app with no server chosen (Setup's Server URL empty, the default): Run benchmark and the status line
// use the server discovery finds, else the built-in engine in a process of its own on the demo model;
// a URL Setup names is used as is, never replaced. Real servers on loopback, real llama.cpp.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_MODEL_NOTE } from '../../common/demo-model.js';
import { AUTO_SERVER_URL, DEFAULT_SETTINGS, settingsSchema } from '../../common/settings.js';
import { forkServerChild, type ServerChild, type SpawnServerChild } from '../../main/serve/server-process.js';
import { openRunFolder } from '../../main/store/run-reader.js';
import { isAlive } from '../support/empty-machine.js';
import { tinyModel } from '../support/fixtures.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { makeAppFixture, quickSettings, waitForEvent, type AppFixture } from './app-fixtures.js';

let server: ScriptedServer | null = null;
let app: AppFixture | null = null;
afterEach(async () => {
  await app?.cleanup();
  app = null;
  await server?.close();
  server = null;
});

const NOTHING = [{ origin: 'http://127.0.0.1:9', usual: [] }];
/** The model finder on an empty home, with the demo model as the shipped one. */
const emptyDisk = () => {
  const home = mkdtempSync(join(tmpdir(), 'tokenbench-app-home-'));
  return { home, env: { OLLAMA_MODELS: join(home, 'ollama') }, demoModel: tinyModel };
};
/** forkServerChild, remembering what it started. */
function spawnSpy(): { spawn: SpawnServerChild; started: ServerChild[] } {
  const started: ServerChild[] = [];
  return { started, spawn: (entry) => started[started.push(forkServerChild(entry)) - 1]! };
}

describe('settings: an empty Server URL means no server chosen', () => {
  it('is the default, is valid, and a URL is still checked', () => {
    expect(DEFAULT_SETTINGS.url).toBe(AUTO_SERVER_URL);
    expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, url: '' }).success).toBe(true);
    const bad = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, url: 'not a url' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['url'], message: 'a URL such as http://127.0.0.1:11434' });
    expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, url: 42 }).error?.issues[0]).toMatchObject({
      path: ['url'],
      message: 'a URL such as http://127.0.0.1:11434, or empty to use the local server found',
    });
  });
});

describe('app service with no server chosen', () => {
  it('Run benchmark uses the server discovery finds', async () => {
    server = await startScriptedServer({ tokens: 4, tokenIntervalMs: 1 });
    const spy = spawnSpy();
    app = makeAppFixture(undefined, { discovery: { addresses: [...NOTHING, { origin: server.url, usual: ['ollama'] }] }, localModels: emptyDisk(), spawnServer: spy.spawn });
    const finished = waitForEvent(app.service.onRunEvent, (e) => e.type === 'finished');
    const { runId } = await app.service.startRun(quickSettings(AUTO_SERVER_URL, [1]));
    expect(await finished.done).toMatchObject({ status: 'completed' });
    const run = await openRunFolder(join(app.runsDir, runId));
    expect(run.manifest.target).toMatchObject({ url: server.url, api: 'ollama' });
    expect(run.manifest.warnings).toBeUndefined();
    expect(spy.started).toEqual([]);
    expect(await app.service.getStatus()).toMatchObject({ url: server.url, reachable: true, api: 'ollama', version: '0.12.3' });
  });

  it('nothing answers: the built-in engine in its own process on the demo model, labelled, and stopped after the run', async () => {
    const spy = spawnSpy();
    app = makeAppFixture(undefined, { discovery: { addresses: NOTHING }, localModels: emptyDisk(), spawnServer: spy.spawn });
    await app.service.saveSettings({ ...quickSettings(AUTO_SERVER_URL, [1, 2]), custom: { ...quickSettings(AUTO_SERVER_URL, [1, 2]).custom, maxTokens: 8 } });

    expect((await app.service.findServers()).defaultTarget).toEqual({ kind: 'built-in', model: tinyModel, demo: true, name: 'llama-2-tiny-random' });
    const status = await app.service.getStatus();
    expect(status).toMatchObject({ url: AUTO_SERVER_URL, reachable: false });
    expect(status.warning).toBe(`No local LLM server answers: Run benchmark uses the built-in engine on the demo model (${DEMO_MODEL_NOTE.replace('demo model, ', '')})`);

    const finished = waitForEvent(app.service.onRunEvent, (e) => e.type === 'finished', 120_000);
    const { runId } = await app.service.startRun();
    expect(await finished.done).toMatchObject({ status: 'completed' });
    expect(spy.started).toHaveLength(1);
    const engine = spy.started[0]!;
    expect(engine.pid).not.toBe(process.pid);
    // The slot is free once `finished` is sent, and by then the engine has stopped.
    expect(isAlive(engine.pid!)).toBe(false);

    const run = await openRunFolder(join(app.runsDir, runId));
    expect(run.manifest.target).toMatchObject({ model: 'llama-2-tiny-random', modelDetails: expect.objectContaining({ demo: true }) });
    expect(run.manifest.warnings).toEqual([DEMO_MODEL_NOTE]);
    expect((await app.service.getRun(runId)).warnings).toContain(DEMO_MODEL_NOTE);
    expect((await app.service.listRuns())[0]!.headline).toMatch(/^2 parallel · .* · demo model$/);
    expect(app.warnings).toContain(`No local LLM server answers: Run benchmark uses the built-in engine on the demo model (${DEMO_MODEL_NOTE.replace('demo model, ', '')})`);
  }, 120_000);

  it('a URL Setup names that does not answer: one line in the app’s words, nothing written, no engine', async () => {
    const spy = spawnSpy();
    app = makeAppFixture(undefined, { discovery: { addresses: NOTHING }, localModels: emptyDisk(), spawnServer: spy.spawn });
    const refused = app.service.startRun(quickSettings('http://127.0.0.1:9', [1]));
    await expect(refused).rejects.toThrow(
      'cannot reach http://127.0.0.1:9: connection refused; start Ollama or your server, or empty Setup → Server URL to benchmark the first local server found (else the built-in engine)',
    );
    expect(existsSync(app.runsDir)).toBe(false);
    expect(spy.started).toEqual([]);
  });

  it('nothing answers and no way to start the engine, or nothing to serve: one line each', async () => {
    app = makeAppFixture(undefined, { discovery: { addresses: NOTHING }, localModels: emptyDisk() });
    await expect(app.service.startRun(quickSettings(AUTO_SERVER_URL, [1]))).rejects.toThrow(
      'No local LLM server answers. Start Ollama or your server, or enter its address in Setup → Server URL.',
    );
    await app.cleanup();
    app = makeAppFixture(undefined, { discovery: { addresses: NOTHING }, localModels: { ...emptyDisk(), demoModel: null }, spawnServer: forkServerChild });
    await expect(app.service.startRun(quickSettings(AUTO_SERVER_URL, [1]))).rejects.toThrow(
      'No local LLM server answers and there is no model file for the built-in engine. Start Ollama or your server, or enter its address in Setup → Server URL.',
    );
    expect(existsSync(app.runsDir)).toBe(false);
  });
});
