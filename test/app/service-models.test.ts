// The app's run of several models (Setup's model list) against the scripted server serving three models:
// each model's run is a run of its own for the UI (its events, its `finished`), one run folder each, the
// previous model unloaded; then getRanking and getTrends over the folders.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../common/api.js';
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

const MODELS = ['a:1b', 'b:3b', 'c:7b'];
const INTERVAL_MS: Record<string, number> = { 'a:1b': 2, 'b:3b': 8, 'c:7b': 70 };

describe('app service: several models in turn', () => {
  it('runs each model into its own run folder, relays each as a run, unloads between, then ranks them', async () => {
    server = await startScriptedServer({ models: MODELS, loaded: [], tokens: 8, script: ({ body }) => ({ tokenIntervalMs: INTERVAL_MS[(body as { model: string }).model] }) });
    app = makeAppFixture();
    const { service } = app;
    await service.saveSettings({ ...quickSettings(server.url, [1, 2]), models: MODELS });

    const finishedRuns: string[] = [];
    const all: RunEvent[] = [];
    const off = service.onRunEvent((e) => {
      all.push(e);
      if (e.type === 'finished') finishedRuns.push(e.runId);
    });
    const last = waitForEvent(service.onRunEvent, (e) => e.type === 'finished' && finishedRuns.length === MODELS.length, 30_000);
    const { runId } = await service.startRun();
    expect(service.activeRunId()).toBe(runId);
    await last.done;
    off();
    expect(service.activeRunId()).toBeNull();

    const runs = await service.listRuns();
    expect(runs.map((r) => r.model).sort()).toEqual([...MODELS].sort());
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
    // Each run's events carry its own id, and the first one is the id startRun gave.
    expect(finishedRuns[0]).toBe(runId);
    expect(new Set(finishedRuns).size).toBe(3);
    const byRun = new Map(finishedRuns.map((id) => [id, all.filter((e) => e.runId === id)]));
    for (const events of byRun.values()) expect(events.filter((e) => e.type === 'phase').map((e) => (e as { concurrency: number | null }).concurrency)).toEqual([null, 1, 2]);
    expect(server.unloads.map((u) => u.model)).toEqual(['a:1b', 'b:3b']);

    const ranking = await service.getRanking(finishedRuns);
    expect(ranking.runs.map((r) => [r.rank, r.model])).toEqual([
      [1, 'a:1b'],
      [2, 'b:3b'],
      [3, 'c:7b'],
    ]);
    // The saved thresholds (20 tokens/s): c:7b at ~14 tokens/s meets the speed at no level.
    expect(ranking.runs[2]!.maxConcurrencyForBoth).toBeNull();

    const trends = await service.getTrends();
    expect(trends.groups.map((g) => g.model).sort()).toEqual([...MODELS].sort());
    expect(new Set(trends.groups.map((g) => g.serverPlanKey)).size).toBe(1);
  });

  it('checks every model first: a missing one refuses the start and writes nothing', async () => {
    server = await startScriptedServer({ models: ['a:1b'], tokens: 2 });
    app = makeAppFixture();
    await app.service.saveSettings({ ...quickSettings(server.url, [1]), models: ['a:1b', 'gone:9b'] });
    await expect(app.service.startRun()).rejects.toThrow(/model "gone:9b" is not installed/);
    expect(app.service.activeRunId()).toBeNull();
    expect(await app.service.listRuns()).toEqual([]);
  });

  it('cancel stops the series: the run in progress ends cancelled and the next models are not run', async () => {
    // A short warm-up, then answers long enough that only the cancel ends them.
    server = await startScriptedServer({ models: MODELS, tokenIntervalMs: 5, script: ({ index }) => ({ tokens: index === 0 ? 3 : 5_000 }) });
    app = makeAppFixture();
    const { service } = app;
    await service.saveSettings({ ...quickSettings(server.url, [1]), models: MODELS });
    const level = waitForEvent(service.onRunEvent, (e) => e.type === 'phase' && e.phase === 'level');
    const { runId } = await service.startRun();
    await level.done;
    const finished = waitForEvent(service.onRunEvent, (e) => e.type === 'finished');
    await service.cancelRun(runId);
    expect(await finished.done).toMatchObject({ runId, status: 'cancelled' });
    expect(service.activeRunId()).toBeNull();
    expect((await service.listRuns()).map((r) => [r.model, r.status])).toEqual([['a:1b', 'cancelled']]);
    expect(server.unloads).toEqual([]);
  });
});
