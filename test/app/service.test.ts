import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../common/api.js';
import { CANNOT_TELL_PARALLELISM } from '../../main/app/parallelism-hint.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import { loadSettings } from '../../main/app/settings.js';
import { openRunFolder } from '../../main/store/run-reader.js';
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

describe('app service against the scripted server', () => {
  it('starts a run from settings, streams throttled events, and leaves a complete run folder', async () => {
    server = await startScriptedServer({ slots: 2, tokens: 8, tokenIntervalMs: 2 });
    app = makeAppFixture();
    const { service } = app;
    await service.saveSettings(quickSettings(server.url, [1, 2, 3]));

    const finished = waitForEvent(service.onRunEvent, (e) => e.type === 'finished');
    const { runId } = await service.startRun();
    expect(service.activeRunId()).toBe(runId);
    const end = await finished.done;
    expect(end).toEqual({ type: 'finished', runId, status: 'completed', reason: null });
    expect(service.activeRunId()).toBeNull();

    const events = finished.events;
    expect(events.every((e) => e.runId === runId)).toBe(true);
    const phases = events.filter((e): e is Extract<RunEvent, { type: 'phase' }> => e.type === 'phase');
    expect(phases.map((p) => [p.phase, p.concurrency])).toEqual([
      ['warmup', null],
      ['level', 1],
      ['level', 2],
      ['level', 3],
    ]);
    const levels = events.filter((e): e is Extract<RunEvent, { type: 'level' }> => e.type === 'level');
    expect(levels.map((l) => [l.summary.concurrency, l.summary.ok])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    // Every finished request reaches the UI exactly once, batched, without its playback payload.
    const records = events.flatMap((e) => (e.type === 'requests' ? e.records : []));
    expect(records).toHaveLength(6);
    expect(records.every((r) => r.pieces.length === 0 && r.pieceOffsetsMs.length === 0 && r.outputTokens === 8)).toBe(true);
    expect(new Set(records.map((r) => `${r.level}/${r.index}`)).size).toBe(6);
    const lastProgress = events.filter((e): e is Extract<RunEvent, { type: 'progress' }> => e.type === 'progress').at(-1);
    expect(lastProgress).toMatchObject({ levelIndex: 2, levelCount: 3, done: 3, total: 3, errors: 0 });

    const run = await openRunFolder(join(app.runsDir, runId));
    expect(run.manifest.status).toBe('completed');
    expect(run.manifest.config.concurrency).toEqual([1, 2, 3]);
    expect(run.manifest.config).toMatchObject({ sampleIntervalMs: 1000, ollamaEndpoint: 'generate' });
    expect(run.requests).toHaveLength(6);
    expect(service.activeRunId()).toBeNull();

    const list = await service.listRuns();
    expect(list).toEqual([
      expect.objectContaining({ id: runId, status: 'completed', model: 'deepseek-r1:7b', levels: [1, 2, 3], imported: false }),
    ]);
    expect(list[0]!.headline).toMatch(/^3 parallel · TTFT p95 [\d.]+ s · [\d.]+ t\/s p5$/);

    const detail = await service.getRun(runId);
    expect(detail.levels).toHaveLength(3);
    // Computed from this run (how many slots it finds depends on timing; parallelism.test.ts covers that).
    expect(detail.parallelism?.baselineTtftMs).toBe(run.requests.find((r) => r.level === 1)!.ttftMs);
    expect(detail.verdict?.levels.map((l) => l.concurrency)).toEqual([1, 2, 3]);
    expect(detail.requests.every((r) => r.pieces.length === 0)).toBe(true);
    const one = await service.getRequest(runId, 2, 1);
    expect(one.pieces).toHaveLength(8);
    expect(one.pieceOffsetsMs).toHaveLength(8);

    await expect(service.saveReport(runId, 'md')).resolves.toBe(`/saved/${runId}.md`);
    expect(app.saved[0]!.body).toMatch(/\| *3 *\|/);
  });

  it('refuses a second run while one is going, cancels on request and records the cancel', async () => {
    server = await startScriptedServer({ slots: 1, tokens: 400, tokenIntervalMs: 20 });
    app = makeAppFixture();
    const { service } = app;
    const finished = waitForEvent(service.onRunEvent, (e) => e.type === 'finished');
    const { runId } = await service.startRun({ ...quickSettings(server.url, [2]) });
    await expect(service.startRun()).rejects.toThrow(/already in progress/);
    await expect(service.deleteRun(runId)).rejects.toThrow(/in progress/);
    await service.cancelRun(runId);
    expect(await finished.done).toMatchObject({ type: 'finished', status: 'cancelled', reason: 'cancelled by the user' });
    const run = await openRunFolder(join(app.runsDir, runId));
    expect(run.manifest.status).toBe('cancelled');
  });

  it('says why a run cannot start, in one line, and writes nothing', async () => {
    app = makeAppFixture();
    await expect(app.service.startRun(quickSettings('http://127.0.0.1:9', [1]))).rejects.toThrow(/cannot reach http:\/\/127\.0\.0\.1:9: connection refused/);
    await expect(
      app.service.startRun({ ...quickSettings('http://127.0.0.1:9', [1]), custom: { ...DEFAULT_SETTINGS.custom, mode: 'sustained' } }),
    ).rejects.toThrow(/sustained mode needs exactly one/);
    expect(existsSync(app.runsDir)).toBe(false);
  });

  it('reports the server status: API, version, models, loaded model; unreachable is a warning, not an error', async () => {
    server = await startScriptedServer({ models: ['a:1b', 'b:7b'], loaded: ['b:7b'] });
    app = makeAppFixture();
    await app.service.saveSettings({ ...DEFAULT_SETTINGS, url: server.url });
    expect(await app.service.getStatus()).toEqual({
      url: server.url,
      reachable: true,
      api: 'ollama',
      version: '0.12.3',
      models: ['a:1b', 'b:7b'],
      loadedModel: 'b:7b',
      warning: CANNOT_TELL_PARALLELISM,
    });
    await app.service.saveSettings({ ...DEFAULT_SETTINGS, url: 'http://127.0.0.1:9' });
    expect(await app.service.getStatus()).toMatchObject({ reachable: false, api: null, warning: expect.stringMatching(/connection refused/) });
  });

  it('checks an address typed in Setup, not the saved one; has no window of its own to open', async () => {
    server = await startScriptedServer({ models: ['a:1b'], version: '0.13.0', apis: ['openai'] });
    app = makeAppFixture();
    await app.service.saveSettings({ ...DEFAULT_SETTINGS, url: 'http://127.0.0.1:9' });
    expect(await app.service.checkServer(server.url, 'openai')).toMatchObject({ url: server.url, reachable: true, api: 'openai', models: ['a:1b'] });
    expect(await app.service.checkServer(server.url, 'auto')).toMatchObject({ url: server.url, reachable: true, api: 'openai' });
    expect(await app.service.checkServer('http://127.0.0.1:9', 'auto')).toMatchObject({ reachable: false });
    // The saved address is untouched by a check.
    expect((await app.service.getSettings()).url).toBe('http://127.0.0.1:9');
    expect(await app.service.getStatus()).toMatchObject({ url: 'http://127.0.0.1:9', reachable: false });
    // Windows are the desktop edge's (main.ts); web mode's page opens tabs itself.
    expect(await app.service.openWindow({ page: 'history' })).toBe(false);
    expect(await app.service.hidePopover()).toBe(false);
  });

  it('warns when a finished run showed Ollama serving one request at a time, and not when it served more', async () => {
    app = makeAppFixture();
    for (const [slots, expected] of [
      [1, /^Ollama served 1 request at a time in run .*OLLAMA_NUM_PARALLEL/],
      [2, null],
    ] as const) {
      // Generations of ~300 ms: a queued request waits far beyond the limit (half a generation), a
      // request with a slot stays far within it, even on a loaded machine.
      server = await startScriptedServer({ slots, tokens: 10, tokenIntervalMs: 30 });
      const finished = waitForEvent(app.service.onRunEvent, (e) => e.type === 'finished');
      await app.service.saveSettings(quickSettings(server.url, [1, 2]));
      await app.service.startRun();
      expect(await finished.done).toMatchObject({ status: 'completed' });
      const { warning } = await app.service.getStatus();
      if (expected === null) expect(warning).toBeNull();
      else expect(warning).toMatch(expected);
      await server.close();
      server = null;
      // Run ids have a one-second resolution; the next run must not collide with this one.
      await new Promise((r) => setTimeout(r, 1100));
    }
  });

  it('persists settings atomically, validates them, and falls back to defaults on a damaged file', async () => {
    app = makeAppFixture();
    const mine = { ...DEFAULT_SETTINGS, url: 'http://127.0.0.1:8080', model: 'm' };
    await app.service.saveSettings(mine);
    expect(JSON.parse(readFileSync(app.settingsFile, 'utf8'))).toEqual(mine);
    expect((await loadSettings(app.settingsFile)).settings).toEqual(mine);
    await expect(app.service.saveSettings({ ...mine, url: 'not a url' })).rejects.toThrow(/invalid settings: url/);

    writeFileSync(app.settingsFile, '{"url": 3');
    const damaged = await loadSettings(app.settingsFile);
    expect(damaged.settings).toEqual(DEFAULT_SETTINGS);
    expect(damaged.warning).toMatch(/not valid JSON; using the defaults/);
    writeFileSync(app.settingsFile, JSON.stringify({ ...mine, profile: 'turbo' }));
    expect((await loadSettings(app.settingsFile)).warning).toMatch(/profile/);

    const fresh = makeAppFixture();
    try {
      writeFileSync(fresh.settingsFile, 'garbage');
      expect(await fresh.service.getSettings()).toEqual(DEFAULT_SETTINGS);
      expect(fresh.warnings).toEqual([expect.stringMatching(/not valid JSON/)]);
    } finally {
      await fresh.cleanup();
    }
  });

  it('deletes only run folders inside the runs folder, by id', async () => {
    app = makeAppFixture();
    const outside = join(app.dir, 'precious');
    mkdirSync(outside);
    mkdirSync(join(app.runsDir, 'not-a-run'), { recursive: true });
    for (const id of ['../precious', '..', '.', '/etc', 'a/b', '']) {
      await expect(app.service.deleteRun(id)).rejects.toThrow(/invalid run id/);
    }
    await expect(app.service.deleteRun('not-a-run')).rejects.toThrow(/no run not-a-run/);
    await expect(app.service.saveReport('not-a-run', 'md')).rejects.toThrow(/no run not-a-run/);
    expect(app.saved).toEqual([]);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(app.runsDir, 'not-a-run'))).toBe(true);
  });
});
