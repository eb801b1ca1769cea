import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunLibrary } from '../../main/app/run-library.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import { manifest } from '../store/support/records.js';
import { makeAppFixture, type AppFixture } from './app-fixtures.js';

let app: AppFixture | null = null;
afterEach(async () => {
  await app?.cleanup();
  app = null;
});

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { timeout: 10_000 });
  return Number(child.stdout.toString());
}

describe('deleting a run', () => {
  it('refuses a run whose run.lock names a live process (a run still being written), then deletes it once written', async () => {
    app = makeAppFixture();
    // A writer the app service did not start (as `tokenbench run --out <the app's runs folder>` would be).
    const writer = await createRunFolder(app.runsDir, manifest('live'));
    await expect(app.service.deleteRun('live')).rejects.toThrow(`run live is still being written by process ${process.pid}; stop that run first`);
    await expect(new RunLibrary(app.runsDir).delete('live')).rejects.toThrow(/still being written/);
    expect(existsSync(writer.dir)).toBe(true);
    writer.setStatus('completed');
    writer.close();
    await app.service.deleteRun('live');
    expect(existsSync(writer.dir)).toBe(false);
  });

  it('deletes a run whose lock names a dead process (an interrupted run)', async () => {
    app = makeAppFixture();
    const writer = await createRunFolder(app.runsDir, manifest('dead'));
    writer.close();
    await writeFile(join(writer.dir, 'run.lock'), `${deadPid()}\n`);
    await app.service.deleteRun('dead');
    expect(existsSync(writer.dir)).toBe(false);
  });
});
