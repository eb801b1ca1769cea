import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeLevel } from '../../main/metrics/level-summary.js';
import type { RunSummary } from '../../common/results.js';
import { RunFolderError } from '../../main/store/run-folder.js';
import { openRunFolder } from '../../main/store/run-reader.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import { realFs, type StoreFs } from '../../main/store/store-fs.js';
import { runNode } from './support/child.js';
import { compileModuleTree } from './support/compile-store.js';
import { errorRecord, manifest, okRecord } from './support/records.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const nextTurn = (): Promise<void> => new Promise((done) => setImmediate(done));

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'tb-writer-'));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

function summaryOf(level: number, count: number): RunSummary {
  const records = Array.from({ length: count }, (_, i) => okRecord(level, i));
  return {
    levels: [
      summarizeLevel(records, {
        concurrency: level,
        mode: 'burst',
        startedAt: records[0].startedAt,
        endedAt: records[count - 1].startedAt + 360,
      }),
    ],
  };
}

describe('createRunFolder / RunWriter', () => {
  it('round-trips a finished run through openRunFolder', async () => {
    const writer = await createRunFolder(parent, manifest('2025-11-28T10-15-03Z_llama3.2-3b'));
    expect(writer.dir).toBe(join(parent, '2025-11-28T10-15-03Z_llama3.2-3b'));
    const records = [okRecord(1, 0), okRecord(2, 0), errorRecord(2, 1)];
    writer.appendRequest(records[0]);
    await nextTurn();
    writer.writeSummary(summaryOf(1, 1));
    writer.appendRequest(records[1]);
    writer.appendRequest(records[2]);
    await nextTurn();
    const summary = { levels: [...summaryOf(1, 1).levels, ...summaryOf(2, 2).levels] };
    writer.writeSummary(summary);
    writer.setStatus('completed');
    writer.close();

    const opened = await openRunFolder(writer.dir);
    expect(opened.manifest.status).toBe('completed');
    expect(Date.parse(opened.manifest.endedAt ?? '')).not.toBeNaN();
    expect(opened.manifest.target).toEqual(manifest('x').target);
    expect(opened.requests).toEqual(records);
    expect(opened.summary).toEqual(summary);
    expect(opened.tornLines).toBe(0);
    expect(opened.warnings).toEqual([]);
    expect((await readdir(writer.dir)).sort()).toEqual(['requests.jsonl', 'run.json', 'summary.json', 'telemetry']);
  });

  it('holds run.lock with our pid while live; a reader sees a live run as running and leaves it alone', async () => {
    const writer = await createRunFolder(parent, manifest('live'));
    expect(readFileSync(join(writer.dir, 'run.lock'), 'utf8').trim()).toBe(String(process.pid));
    writer.appendRequest(okRecord(1, 0));
    writer.flush();
    const opened = await openRunFolder(writer.dir);
    expect(opened.manifest.status).toBe('running');
    expect(opened.requests).toHaveLength(1);
    expect(JSON.parse(await readFile(join(writer.dir, 'run.json'), 'utf8'))).toMatchObject({ status: 'running' });
    expect(existsSync(join(writer.dir, 'run.lock'))).toBe(true);
    writer.close();
    expect(existsSync(join(writer.dir, 'run.lock'))).toBe(false);
  });

  it('never overwrites an existing folder', async () => {
    const first = await createRunFolder(parent, manifest('same'));
    first.appendRequest(okRecord(1, 0));
    first.close();
    const before = await readFile(join(first.dir, 'run.json'), 'utf8');
    await expect(createRunFolder(parent, manifest('same', { startedAt: '2030-01-01T00:00:00Z' }))).rejects.toThrow(
      /already exists/,
    );
    expect(await readFile(join(first.dir, 'run.json'), 'utf8')).toBe(before);
    expect((await openRunFolder(first.dir)).requests).toHaveLength(1);
  });

  it('gives a second run started in the same second the next free id, leaving the first alone', async () => {
    const first = await createRunFolder(parent, manifest('same'), { nextFreeId: true });
    first.close();
    const before = await readFile(join(first.dir, 'run.json'), 'utf8');
    const [second, third] = await Promise.all([
      createRunFolder(parent, manifest('same'), { nextFreeId: true }),
      createRunFolder(parent, manifest('same'), { nextFreeId: true }),
    ]);
    expect([second.dir, third.dir].sort()).toEqual([join(parent, 'same-2'), join(parent, 'same-3')]);
    expect(second.manifest.id).toBe(second.dir.slice(parent.length + 1));
    expect(JSON.parse(await readFile(join(second.dir, 'run.json'), 'utf8')).id).toBe(second.manifest.id);
    second.close();
    third.close();
    expect(await readFile(join(first.dir, 'run.json'), 'utf8')).toBe(before);
  });

  it('refuses an id that is not a safe folder name, creating nothing', async () => {
    for (const id of ['../escape', 'a/b', '..', '']) {
      await expect(createRunFolder(parent, manifest(id))).rejects.toBeInstanceOf(RunFolderError);
    }
    expect(await readdir(parent)).toEqual([]);
  });

  it('removes the half-made folder when setting up fails', async () => {
    const failingRename: StoreFs = {
      ...realFs,
      renameSync(from, to) {
        if (to.endsWith('run.json')) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        realFs.renameSync(from, to);
      },
    };
    await expect(createRunFolder(parent, manifest('broken'), { fs: failingRename })).rejects.toThrow(/EIO/);
    expect(await readdir(parent)).toEqual([]);
  });

  it('rewrites run.json atomically on status and manifest changes', async () => {
    const writer = await createRunFolder(parent, manifest('status'));
    writer.updateManifest({ target: { ...manifest('x').target, serverVersion: '0.13.1' }, warnings: ['note'] });
    writer.setStatus('failed', { reason: 'server went away', endedAt: '2025-11-28T10:20:00.000Z' });
    const stored = JSON.parse(await readFile(join(writer.dir, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({
      status: 'failed',
      reason: 'server went away',
      endedAt: '2025-11-28T10:20:00.000Z',
      warnings: ['note'],
      target: { serverVersion: '0.13.1' },
    });
    expect(writer.manifest.status).toBe('failed');
    expect(() => writer.updateManifest({ id: 'other' })).toThrow(/cannot change/);
    expect(existsSync(join(writer.dir, 'run.json.tmp'))).toBe(false);
    writer.close();
  });

  it('names telemetry files safely and closes their appenders with the run', async () => {
    const writer = await createRunFolder(parent, manifest('telemetry'));
    expect(writer.telemetryPath('gpu')).toBe(join(writer.dir, 'telemetry', 'gpu.jsonl'));
    for (const bad of ['../x', 'GPU', 'a.b', '', 'a/b']) expect(() => writer.telemetryPath(bad)).toThrow(RunFolderError);
    const gpu = writer.openTelemetry('gpu');
    expect(writer.openTelemetry('gpu')).toBe(gpu);
    gpu.append({ t: 1, watts: 12.5 });
    writer.close();
    expect(await readFile(writer.telemetryPath('gpu'), 'utf8')).toBe('{"t":1,"watts":12.5}\n');
    expect(() => gpu.append({ t: 2 })).toThrow(/closed/);
  });

  it('refuses writes after close', async () => {
    const writer = await createRunFolder(parent, manifest('closed'));
    writer.close();
    writer.close();
    expect(() => writer.appendRequest(okRecord(1, 0))).toThrow(/closed/);
    expect(() => writer.writeSummary({ levels: [] })).toThrow(/closed/);
    expect(() => writer.setStatus('completed')).toThrow(/closed/);
  });
});

describe('summary.json atomicity', () => {
  it('keeps the previous summary intact and leaves no tmp file when a rewrite fails midway', async () => {
    let failWrites = false;
    const flakyFs: StoreFs = {
      ...realFs,
      writeSync(fd, buffer, offset, length) {
        if (!failWrites) return realFs.writeSync(fd, buffer, offset, length);
        realFs.writeSync(fd, buffer, offset, Math.floor(length / 3));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    const writer = await createRunFolder(parent, manifest('atomic'), { fs: flakyFs });
    const first = summaryOf(1, 3);
    writer.writeSummary(first);
    failWrites = true;
    expect(() => writer.writeSummary(summaryOf(2, 5))).toThrow(/ENOSPC/);
    failWrites = false;
    expect(JSON.parse(await readFile(join(writer.dir, 'summary.json'), 'utf8'))).toEqual(first);
    expect((await readdir(writer.dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    writer.close();
  });

  it('never shows a concurrent reader a half-written summary', async () => {
    const compiled = await compileModuleTree(repoRoot, 'main/store/run-writer.ts', join(parent, 'build'));
    const script = join(parent, 'summary-child.mjs');
    const big = summaryOf(4, 4);
    // Big enough that a plain rewrite would be visible half-done.
    const levels = Array.from({ length: 200 }, (_, i) => ({ ...big.levels[0], concurrency: i + 1 }));
    await writeFile(join(parent, 'levels.json'), JSON.stringify(levels));
    await writeFile(
      script,
      `import { readFileSync } from 'node:fs';
const { createRunFolder } = await import(${JSON.stringify(new URL(`file://${compiled}`).href)});
const [parent, levelsFile] = process.argv.slice(2);
const levels = JSON.parse(readFileSync(levelsFile, 'utf8'));
const writer = await createRunFolder(parent, JSON.parse(process.argv[4]));
writer.writeSummary({ levels: levels.slice(0, 1) });
console.log('ready ' + writer.dir);
for (let round = 2; round <= 150; round++) {
  writer.writeSummary({ levels: levels.slice(0, 1 + (round % levels.length)) });
}
writer.close();
console.log('done');
`,
    );
    const runs = join(parent, 'runs');
    const child = runNode(script, [runs, join(parent, 'levels.json'), JSON.stringify(manifest('concurrent'))]);
    const ready = await child.waitForLine((line) => line.startsWith('ready '), 15_000);
    const file = join(ready.slice('ready '.length), 'summary.json');
    let reads = 0;
    let finished = false;
    void child.exited(20_000).then(
      () => (finished = true),
      () => (finished = true),
    );
    while (!finished && reads < 5_000) {
      const text = readFileSync(file, 'utf8');
      const parsed = JSON.parse(text) as RunSummary;
      expect(parsed.levels.length).toBeGreaterThan(0);
      reads++;
      await nextTurn();
    }
    const { code } = await child.exited(20_000);
    expect(child.stderr()).toBe('');
    expect(code).toBe(0);
    expect(child.lines).toContain('done');
    expect(reads).toBeGreaterThan(0);
  });
});
