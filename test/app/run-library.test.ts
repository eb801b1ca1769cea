import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../common/run-manifest.js';
import { RunLibrary } from '../../main/app/run-library.js';
import { importStudy } from '../../main/import/import-study.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import { manifest, okRecord } from '../store/support/records.js';
import { legacyResults } from '../support/fixtures.js';

const legacy = legacyResults;

let runsDir: string;

async function writeRun(m: RunManifest): Promise<void> {
  const writer = await createRunFolder(runsDir, m);
  writer.writeSummary({ levels: [] });
  writer.setStatus('completed');
  writer.close();
}

beforeAll(() => {
  runsDir = mkdtempSync(join(tmpdir(), 'tokenbench-library-'));
});

afterAll(() => {
  rmSync(runsDir, { recursive: true, force: true });
});

describe('RunLibrary.list: the imported flag', () => {
  it('comes from target.modelDetails.importedFrom, not from the words of a warning', async () => {
    const base = manifest('x').target;
    await writeRun(manifest('measured-warns-import', { warnings: ['GPU usage is not imported: macmon is missing'] }));
    await writeRun(manifest('measured-with-details', { target: { ...base, modelDetails: { family: 'llama' } } }));
    await writeRun(manifest('imported-no-warning', { target: { ...base, modelDetails: { importedFrom: 'some format' } } }));

    const flags = Object.fromEntries((await new RunLibrary(runsDir).list()).map((r) => [r.id, r.imported]));
    expect(flags).toMatchObject({ 'measured-warns-import': false, 'measured-with-details': false, 'imported-no-warning': true });
  });

  it('marks a run written by import-legacy', async () => {
    await importStudy(join(legacy, 'deepseek-r1-8b'), join(runsDir, 'study-8b'), '0.1.0');
    const item = (await new RunLibrary(runsDir).list()).find((r) => r.id === 'study-8b');
    expect(item).toMatchObject({ model: 'deepseek-r1:8b', imported: true });
  });
});

describe('RunLibrary.request: the one request asked for', () => {
  it('tells apart rate levels that share a level (no cap: 0) by their place in the plan and repeat', async () => {
    const writer = await createRunFolder(runsDir, manifest('rate-levels', { config: { ...manifest('x').config, mode: 'rate', rates: [1, 2], requests: 1, repeats: 2 } }));
    const tags = (levelIndex: number, repeat: number, rate: number) => ({ mode: 'rate' as const, levelIndex, repeat, rate });
    const records = [okRecord(0, 0, tags(0, 0, 1)), okRecord(0, 0, tags(1, 0, 2)), okRecord(0, 0, tags(0, 1, 1)), okRecord(0, 0, tags(1, 1, 2))];
    records.forEach((record, i) => writer.appendRequest({ ...record, text: `answer ${i}` }));
    writer.setStatus('completed');
    writer.close();

    const library = new RunLibrary(runsDir);
    expect((await library.request('rate-levels', 0, 0, { levelIndex: 1, repeat: 1 })).text).toBe('answer 3');
    expect((await library.request('rate-levels', 0, 0, { levelIndex: 0, repeat: 1 })).text).toBe('answer 2');
    expect((await library.request('rate-levels', 0, 0, { levelIndex: 1 })).text).toBe('answer 1');
    // Without a placement: the first with that level and index (runs whose levels differ in concurrency).
    expect((await library.request('rate-levels', 0, 0)).text).toBe('answer 0');
    await expect(library.request('rate-levels', 0, 0, { levelIndex: 2 })).rejects.toThrow('has no request 0 at level 0');
  });
});
