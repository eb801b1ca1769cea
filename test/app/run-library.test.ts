import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../common/run-manifest.js';
import { RunLibrary } from '../../main/app/run-library.js';
import { importStudy } from '../../main/import/import-study.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import { manifest } from '../store/support/records.js';
import { legacyResults } from '../support/fixtures.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
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

  it.skipIf(!existsSync(legacy))('marks a run written by import-legacy', async () => {
    await importStudy(join(legacy, 'deepseek-r1-8b'), join(runsDir, 'study-8b'), '0.1.0');
    const item = (await new RunLibrary(runsDir).list()).find((r) => r.id === 'study-8b');
    expect(item).toMatchObject({ model: 'deepseek-r1:8b', imported: true });
  });
});
