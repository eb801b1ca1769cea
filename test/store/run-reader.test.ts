import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeLevel } from '../../main/metrics/level-summary.js';
import type { RequestRecord } from '../../common/results.js';
import { RunFolderError } from '../../main/store/run-folder.js';
import { listRuns, openRunFolder } from '../../main/store/run-reader.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { errorRecord, manifest, okRecord } from './support/records.js';

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'tb-reader-'));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { timeout: 10_000 });
  return Number(child.stdout.toString());
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/** A run as a crash leaves it: level 1 finished and summarised, level 2 half done, the writer gone. */
async function crashedRun(id: string): Promise<{ dir: string; level1: RequestRecord[]; level2: RequestRecord[] }> {
  const writer = await createRunFolder(parent, manifest(id, { config: { ...manifest('x').config, mode: 'sustained', requests: 3 } }));
  const level1 = [okRecord(1, 0)];
  const level2 = [
    okRecord(2, 0, { startedAt: 1_764_324_910_000, e2eMs: 900 }),
    errorRecord(2, 1),
    okRecord(2, 2, { startedAt: 1_764_324_910_500, e2eMs: 2_000 }),
  ];
  for (const record of level1) writer.appendRequest(record);
  writer.writeSummary({
    levels: [summarizeLevel(level1, { concurrency: 1, mode: 'sustained', startedAt: level1[0].startedAt, endedAt: level1[0].startedAt + 360 })],
  });
  for (const record of level2) writer.appendRequest(record);
  writer.flush();
  // Simulate the crash: drop the lock file as a dead process would leave it, without any closing writes.
  writer.close();
  await writeFile(join(writer.dir, 'run.lock'), `${deadPid()}\n`);
  return { dir: writer.dir, level1, level2 };
}

describe('openRunFolder', () => {
  it('says clearly when a folder is not a run folder', async () => {
    const empty = join(parent, 'empty');
    await mkdir(empty);
    await expect(openRunFolder(empty)).rejects.toThrow(`${empty} is not a Tokenbench run folder: run.json is missing`);

    const bad = join(parent, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'run.json'), '{"id": "x", ');
    await expect(openRunFolder(bad)).rejects.toThrow(/is not a Tokenbench run folder: run.json is not valid JSON/);

    const other = join(parent, 'other');
    await mkdir(other);
    await writeFile(join(other, 'run.json'), JSON.stringify({ id: 'x', tool: { name: 'something' } }));
    await expect(openRunFolder(other)).rejects.toBeInstanceOf(RunFolderError);

    await expect(openRunFolder(join(parent, 'missing'))).rejects.toThrow(/run.json is missing/);
  });

  it('accepts a run without summary.json (no level finished)', async () => {
    const writer = await createRunFolder(parent, manifest('nosummary'));
    writer.setStatus('cancelled', { reason: 'user cancelled' });
    writer.close();
    const opened = await openRunFolder(writer.dir);
    expect(opened.summary).toEqual({ levels: [] });
    expect(opened.manifest.status).toBe('cancelled');
    expect(opened.warnings).toEqual([]);
  });

  it('skips a torn last line and reports a garbage middle line', async () => {
    const writer = await createRunFolder(parent, manifest('damaged'));
    writer.appendRequest(okRecord(1, 0));
    writer.flush();
    writer.setStatus('completed');
    writer.close();
    const file = join(writer.dir, 'requests.jsonl');
    await appendFile(file, 'not json at all\n' + JSON.stringify(okRecord(1, 1)) + '\n' + JSON.stringify(okRecord(1, 2)).slice(0, 40));
    const opened = await openRunFolder(writer.dir);
    expect(opened.requests.map((r) => r.index)).toEqual([0, 1]);
    expect(opened.tornLines).toBe(1);
    expect(opened.warnings).toHaveLength(1);
    expect(opened.warnings[0]).toMatch(/requests\.jsonl:2: invalid JSON/);
  });

  it('turns a run whose writer died into an interrupted run, summarising the level in flight', async () => {
    const { dir, level1, level2 } = await crashedRun('crashed');
    const opened = await openRunFolder(dir);
    expect(opened.manifest.status).toBe('interrupted');
    // The last request to end: level 2 index 2, started at …500 and lasting 2,000 ms.
    expect(opened.manifest.endedAt).toBe(new Date(1_764_324_910_500 + 2_000).toISOString());
    expect(opened.requests).toEqual([...level1, ...level2]);
    expect(opened.summary.levels.map((l) => l.concurrency)).toEqual([1, 2]);
    const inFlight = opened.summary.levels[1];
    expect(inFlight).toMatchObject({ concurrency: 2, mode: 'sustained', requests: 3, ok: 2, errors: 1, errorsByKind: { http: 1 } });
    expect(inFlight.startedAt).toBe(level2[1].startedAt);
    expect(inFlight.endedAt).toBe(1_764_324_912_500);
  });

  it('a run folder without starts.jsonl (written before starts were recorded) cannot say how many the level in flight sent', async () => {
    const { dir } = await crashedRun('nostarts');
    const inFlight = (await openRunFolder(dir)).summary.levels[1];
    expect(inFlight).toMatchObject({ concurrency: 2, requests: 3, interrupted: { sent: null, lost: null } });
    expect((await openRunFolder(dir)).summary.levels[0].interrupted).toBeUndefined();
  });

  it('starts.jsonl says how many the level in flight sent, also for a level killed before any request ended', async () => {
    const writer = await createRunFolder(parent, manifest('starts'));
    writer.recordStart({ level: 1, index: 0, startedAt: 1_764_324_903_000 });
    writer.appendRequest(okRecord(1, 0));
    writer.writeSummary({ levels: [summarizeLevel([okRecord(1, 0)], { concurrency: 1, mode: 'burst', startedAt: 1_764_324_903_000, endedAt: 1_764_324_903_360 })] });
    for (let i = 0; i < 2; i++) writer.recordStart({ level: 2, index: i, startedAt: 1_764_324_904_000 + i });
    writer.appendRequest(okRecord(2, 1, { startedAt: 1_764_324_904_001 }));
    // Level 4: every request sent, none ended. A start line written twice counts once.
    for (const i of [0, 1, 2, 3, 3]) writer.recordStart({ level: 4, index: i, startedAt: 1_764_324_905_000 + i });
    writer.flush();
    writer.close();
    const opened = await openRunFolder(writer.dir);
    expect(opened.manifest.status).toBe('interrupted');
    expect(opened.summary.levels.map((l) => [l.concurrency, l.requests, l.interrupted, l.startedAt, l.endedAt])).toEqual([
      [1, 1, undefined, 1_764_324_903_000, 1_764_324_903_360],
      [2, 1, { sent: 2, lost: 1 }, 1_764_324_904_000, 1_764_324_904_001 + 360],
      [4, 0, { sent: 4, lost: 4 }, 1_764_324_905_000, 1_764_324_905_003],
    ]);
    expect(opened.warnings).toEqual([]);
  });

  it('a finished run is not read as having lost anything, whatever starts.jsonl holds', async () => {
    const writer = await createRunFolder(parent, manifest('finished'));
    for (let i = 0; i < 3; i++) writer.recordStart({ level: 1, index: i, startedAt: 1_764_324_903_000 });
    writer.setStatus('cancelled');
    writer.close();
    expect((await openRunFolder(writer.dir)).summary).toEqual({ levels: [] });
  });

  it('an interrupted rate run: levels that share a cap are told apart by their place, the one in flight summarised', async () => {
    const writer = await createRunFolder(parent, manifest('crashed-rate', { config: { ...manifest('x').config, mode: 'rate', rates: [1, 2], requests: 2 } }));
    const tags = (levelIndex: number, rate: number) => ({ mode: 'rate' as const, levelIndex, repeat: 0, rate });
    const first = [okRecord(0, 0, tags(0, 1)), okRecord(0, 1, tags(0, 1))];
    const second = [okRecord(0, 0, { ...tags(1, 2), startedAt: 1_764_324_910_000 })];
    for (const record of first) writer.appendRequest(record);
    writer.writeSummary({ levels: [summarizeLevel(first, { concurrency: 0, mode: 'rate', rate: 1, levelIndex: 0, repeat: 0, startedAt: first[0].startedAt, endedAt: first[1].startedAt + 360 })] });
    for (const record of second) writer.appendRequest(record);
    writer.flush();
    writer.close();
    await writeFile(join(writer.dir, 'run.lock'), `${deadPid()}\n`);
    const opened = await openRunFolder(writer.dir);
    expect(opened.summary.levels.map((l) => [l.mode, l.rate, l.levelIndex, l.requests])).toEqual([
      ['rate', 1, 0, 2],
      ['rate', 2, 1, 1],
    ]);
  });

  it('changes nothing on disk', async () => {
    const { dir } = await crashedRun('readonly');
    const before = await Promise.all(['run.json', 'summary.json', 'run.lock'].map((f) => readFile(join(dir, f), 'utf8')));
    await openRunFolder(dir);
    const after = await Promise.all(['run.json', 'summary.json', 'run.lock'].map((f) => readFile(join(dir, f), 'utf8')));
    expect(after).toEqual(before);
  });

  it('never repairs on disk: an interrupted run reads the same every time, its files as the crash left them', async () => {
    const { dir } = await crashedRun('repair');
    await writeFile(join(dir, 'summary.json.tmp'), '{"levels": [');
    const summaryBefore = await readJson(join(dir, 'summary.json'));
    const opened = await openRunFolder(dir);
    expect(opened.warnings).toEqual([]);
    expect(opened.manifest.status).toBe('interrupted');
    expect(opened.summary.levels.map((l) => l.concurrency)).toEqual([1, 2]);
    expect(existsSync(join(dir, 'run.lock'))).toBe(true);
    expect(existsSync(join(dir, 'summary.json.tmp'))).toBe(true);
    const stored = (await readJson(join(dir, 'run.json'))) as RunManifest;
    expect(stored.status).toBe('running');
    expect(stored.endedAt).toBeNull();
    expect(await readJson(join(dir, 'summary.json'))).toEqual(summaryBefore);
    // Reopening gives the same answer.
    const again = await openRunFolder(dir);
    expect(again.manifest).toEqual(opened.manifest);
    expect(again.summary).toEqual(opened.summary);
  });

  it('treats a missing lock as a dead writer, and a run with no records as ending when it started', async () => {
    const writer = await createRunFolder(parent, manifest('nolock'));
    writer.close();
    const opened = await openRunFolder(writer.dir);
    expect(opened.manifest.status).toBe('interrupted');
    expect(opened.manifest.endedAt).toBe(new Date('2025-11-28T10:15:03.000Z').toISOString());
    expect(opened.summary).toEqual({ levels: [] });
    expect(existsSync(join(writer.dir, 'summary.json'))).toBe(false);
  });

  it('warns about, and survives, a damaged summary.json', async () => {
    const writer = await createRunFolder(parent, manifest('badsummary'));
    writer.setStatus('completed');
    writer.close();
    await writeFile(join(writer.dir, 'summary.json'), '{"levels": [ {"concurrency": 1,');
    const opened = await openRunFolder(writer.dir);
    expect(opened.summary).toEqual({ levels: [] });
    expect(opened.warnings).toEqual([`${join(writer.dir, 'summary.json')} is not valid JSON; ignored`]);
  });
});

describe('listRuns', () => {
  it('lists run folders newest first, skipping everything else, without writing', async () => {
    const older = await createRunFolder(parent, manifest('older', { startedAt: '2025-01-01T00:00:00.000Z' }));
    older.setStatus('completed');
    older.close();
    const newer = await createRunFolder(parent, manifest('newer', { startedAt: '2025-06-01T00:00:00.000Z' }));
    const dead = await createRunFolder(parent, manifest('dead', { startedAt: '2025-03-01T00:00:00.000Z' }));
    dead.close();
    await mkdir(join(parent, 'not-a-run'));
    await writeFile(join(parent, 'stray.txt'), 'hello');
    await mkdir(join(parent, 'broken'));
    await writeFile(join(parent, 'broken', 'run.json'), '{');

    const runs = await listRuns(parent);
    expect(runs.map((r) => [r.id, r.status, r.dir])).toEqual([
      ['newer', 'running', join(parent, 'newer')],
      ['dead', 'interrupted', join(parent, 'dead')],
      ['older', 'completed', join(parent, 'older')],
    ]);
    expect(((await readJson(join(parent, 'dead', 'run.json'))) as RunManifest).status).toBe('running');
    newer.close();
  });

  it('returns nothing for a parent folder that does not exist yet', async () => {
    expect(await listRuns(join(parent, 'runs'))).toEqual([]);
  });
});
