import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRunFolder } from '../../main/store/run-reader.js';
import { runNode, type ChildRun } from './support/child.js';
import { compileModuleTree } from './support/compile-store.js';
import { manifest, okRecord } from './support/records.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');

let work: string;
let child: ChildRun | null = null;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'tb-crash-'));
});
afterEach(async () => {
  if (child && child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
  child = null;
  await rm(work, { recursive: true, force: true });
});

/**
 * The writer process: level 1 (4 records, summarised), then level 2 forever. After each batch it flushes and
 * only then prints how many records it has appended, so every number we read is a promise of durability.
 * Between batches some records ride only on the group commit, to crash with work queued as well.
 */
const CHILD = `
const [writerUrl, parent, manifestJson, recordJson] = process.argv.slice(2);
const { createRunFolder } = await import(writerUrl);
const template = JSON.parse(recordJson);
const writer = await createRunFolder(parent, JSON.parse(manifestJson));
const record = (level, index) => ({ ...template, level, index, startedAt: template.startedAt + index });
for (let i = 0; i < 4; i++) writer.appendRequest(record(1, i));
writer.flush();
writer.writeSummary({ levels: [{ concurrency: 1, mode: 'burst', requests: 4, ok: 4, errors: 0, errorsByKind: {},
  startedAt: template.startedAt, endedAt: template.startedAt + 363, wallMs: 363, outputTokensTotal: 28,
  throughputTokensPerSecond: 77.1, ttftMs: null, firstAnswerMs: null, tokensPerSecond: null, e2eMs: null,
  outputTokens: null, queueMs: null, itlP99Ms: null, serverTokensPerSecond: null }] });
console.log('dir ' + writer.dir);
let index = 0;
const tick = () => {
  for (let k = 0; k < 7; k++) writer.appendRequest(record(2, index++));
  writer.flush();
  console.log('appended ' + index);
  // Queued only: durable at the end of this turn, or lost with it.
  writer.appendRequest(record(2, index++));
  setImmediate(tick);
};
tick();
`;

describe('a run folder killed with SIGKILL mid-stream', () => {
  it('keeps every record the writer reported durable, and reopens as interrupted', async () => {
    const writerJs = await compileModuleTree(repoRoot, 'main/store/run-writer.ts', join(work, 'build'));
    const script = join(work, 'writer-child.mjs');
    await writeFile(script, CHILD);
    const runs = join(work, 'runs');
    const text = 'The philosophical definition of time is contested. '.repeat(8);
    child = runNode(script, [
      pathToFileURL(writerJs).href,
      runs,
      JSON.stringify(manifest('killed')),
      JSON.stringify(
        okRecord(2, 0, { text, pieces: text.split(' '), pieceOffsetsMs: text.split(' ').map((_, i) => i * 20), pieceKinds: 'a'.repeat(text.split(' ').length) }),
      ),
    ]);

    const dirLine = await child.waitForLine((line) => line.startsWith('dir '), 15_000);
    const dir = dirLine.slice('dir '.length);
    await child.waitForLine((line) => /^appended (\d+)$/.test(line) && Number(line.split(' ')[1]) >= 300, 20_000);
    child.child.kill('SIGKILL');
    const { signal } = await child.exited(10_000);
    expect(signal).toBe('SIGKILL');

    const reported = child.lines
      .filter((line) => line.startsWith('appended '))
      .map((line) => Number(line.slice('appended '.length)));
    const promised = Math.max(...reported);
    expect(promised).toBeGreaterThanOrEqual(300);
    expect(existsSync(join(dir, 'run.lock'))).toBe(true);

    const opened = await openRunFolder(dir);
    const level2 = opened.requests.filter((r) => r.level === 2).map((r) => r.index);
    // Every promised record is there, in order, with nothing duplicated; at most the last turn's are missing.
    expect(level2.length).toBeGreaterThanOrEqual(promised);
    expect(level2).toEqual(Array.from({ length: level2.length }, (_, i) => i));
    expect(opened.requests.filter((r) => r.level === 1)).toHaveLength(4);
    expect(opened.requests.every((r) => r.text === text)).toBe(true);
    expect(opened.tornLines).toBeLessThanOrEqual(1);
    expect(opened.warnings).toEqual([]);

    expect(opened.manifest.status).toBe('interrupted');
    expect(opened.summary.levels.map((l) => [l.concurrency, l.requests])).toEqual([
      [1, 4],
      [2, level2.length],
    ]);
    // Reading never writes: the dead writer's lock stays, and the run reads interrupted every time.
    expect(existsSync(join(dir, 'run.lock'))).toBe(true);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const reopened = await openRunFolder(dir);
    expect(reopened.manifest.status).toBe('interrupted');
  });
});
