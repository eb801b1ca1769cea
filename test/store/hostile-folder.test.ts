// Run folders are data from anywhere (a colleague's zip, a shared drive): their names may be symlinks,
// FIFOs or huge files. Reading one must show it, never write through it, never hang, never blow up.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunLibrary } from '../../main/app/run-library.js';
import { writeFileAtomic } from '../../main/store/atomic-file.js';
import { readJsonl } from '../../main/store/jsonl-reader.js';
import { listRuns, openRunFolder, readManifest } from '../../main/store/run-reader.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import { realFs, type StoreFs } from '../../main/store/store-fs.js';
import { DEFAULT_THRESHOLDS } from '../../common/findings.js';
import { cli } from '../support/cli-in-process.js';
import { manifest, okRecord } from './support/records.js';

let parent: string;
/** A file of the user's outside any run folder: what a planted symlink points at. */
let victim: string;
const PRECIOUS = 'precious user data\n';

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'tb-hostile-'));
  victim = join(parent, 'victim.txt');
  await writeFile(victim, PRECIOUS);
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** Every file of a folder (recursively, links as links), to prove a reader wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const stats = lstatSync(path);
    out[path] = stats.isSymbolicLink() ? `link ${stats.size}` : stats.isFile() ? readFileSync(path, 'utf8') : 'dir';
  }
  return out;
}

/** A run as a crash (or an attacker) leaves it: `running`, no lock, and `run.json.tmp` a link to the victim. */
async function craftedRun(id: string): Promise<string> {
  const writer = await createRunFolder(join(parent, 'runs'), manifest(id));
  writer.appendRequest(okRecord(1, 0));
  writer.close();
  await symlink(victim, join(writer.dir, 'run.json.tmp'));
  await symlink(victim, join(writer.dir, 'summary.json.tmp'));
  return writer.dir;
}

describe('atomic writes never write through a planted link', () => {
  it('a stale X.tmp symlink is replaced, its target untouched', async () => {
    const file = join(parent, 'state.json');
    await symlink(victim, file + '.tmp');
    writeFileAtomic(file, '{"new": true}\n');
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS);
    expect(await readFile(file, 'utf8')).toBe('{"new": true}\n');
    expect(existsSync(file + '.tmp')).toBe(false);
  });

  it('a link planted between removing the stale file and creating the new one makes the write fail, not follow it', async () => {
    const file = join(parent, 'state.json');
    const racing: StoreFs = {
      ...realFs,
      unlinkSync: (path) => {
        realFs.unlinkSync(path);
        if (path === file + '.tmp') symlinkSync(victim, path);
      },
    };
    await writeFile(file + '.tmp', 'stale');
    expect(() => writeFileAtomic(file, 'new', racing)).toThrow(/EEXIST/);
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS);
    expect(existsSync(file)).toBe(false);
  });

  it('a run.json that is a symlink is replaced by the writer, not written through', async () => {
    const writer = await createRunFolder(parent, manifest('relinked'));
    await rm(join(writer.dir, 'run.json'));
    await symlink(victim, join(writer.dir, 'run.json'));
    writer.setStatus('completed');
    writer.close();
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS);
    expect(lstatSync(join(writer.dir, 'run.json')).isFile()).toBe(true);
  });
});

describe('reading a crafted run folder writes nothing', () => {
  it('openRunFolder reads it as interrupted and leaves the folder and the link target as they were', async () => {
    const dir = await craftedRun('crafted');
    const before = snapshot(dir);
    const opened = await openRunFolder(dir);
    expect(opened.manifest.status).toBe('interrupted');
    expect(opened.requests).toHaveLength(1);
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS);
    expect(snapshot(dir)).toEqual(before);
  });

  it('`tokenbench report` shows it as interrupted and writes nothing', async () => {
    const dir = await craftedRun('reported');
    const before = snapshot(dir);
    const result = await cli(['report', dir, '--format', 'json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { run: { status: string } }).run.status).toBe('interrupted');
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS);
    expect(snapshot(dir)).toEqual(before);
  });

  it('`tokenbench compare` and the app run library (list, open, detail) show it as interrupted and write nothing', async () => {
    const dir = await craftedRun('dashboard');
    const other = await craftedRun('other');
    const before = snapshot(join(parent, 'runs'));
    const library = new RunLibrary(join(parent, 'runs'));
    expect((await library.list()).map((run) => run.status)).toEqual(['interrupted', 'interrupted']);
    expect((await library.open('dashboard')).manifest.status).toBe('interrupted');
    expect((await library.detail('dashboard', DEFAULT_THRESHOLDS)).manifest.status).toBe('interrupted');
    const compared = await cli(['compare', dir, other, '--format', 'md']);
    expect(compared.code).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS);
    expect(snapshot(join(parent, 'runs'))).toEqual(before);
  });
});

describe('inside a run folder, only regular files are read', () => {
  async function plainRun(id: string): Promise<string> {
    const writer = await createRunFolder(parent, manifest(id));
    writer.appendRequest(okRecord(1, 0));
    writer.writeSummary({ levels: [] });
    writer.setStatus('completed');
    writer.close();
    return writer.dir;
  }

  it('a run.json symlink is not a run folder (and listRuns skips it)', async () => {
    const dir = await plainRun('linked-manifest');
    const elsewhere = join(parent, 'elsewhere.json');
    await writeFile(elsewhere, await readFile(join(dir, 'run.json')));
    await rm(join(dir, 'run.json'));
    await symlink(elsewhere, join(dir, 'run.json'));
    await expect(readManifest(dir)).rejects.toThrow(`${dir} is not a Tokenbench run folder: run.json is a symbolic link`);
    expect(await listRuns(parent)).toEqual([]);
  });

  it('symlinked requests.jsonl, summary.json and telemetry files are reported and not followed', async () => {
    const dir = await plainRun('linked-parts');
    const records = join(parent, 'records.jsonl');
    await writeFile(records, JSON.stringify(okRecord(1, 5)) + '\n');
    const summary = join(parent, 'summary.json');
    await writeFile(summary, '{"levels": []}\n');
    for (const [name, target] of [
      ['requests.jsonl', records],
      ['summary.json', summary],
      ['telemetry/gpu.jsonl', records],
    ] as const) {
      await rm(join(dir, name), { force: true });
      await symlink(target, join(dir, name));
    }
    const opened = await openRunFolder(dir);
    expect(opened.requests).toEqual([]);
    expect(opened.warnings).toEqual([
      `${join(dir, 'requests.jsonl')} is a symbolic link; not read`,
      `${join(dir, 'summary.json')} is a symbolic link; ignored`,
    ]);
    const gpu = await readJsonl(join(dir, 'telemetry', 'gpu.jsonl'));
    expect(gpu.records).toEqual([]);
    expect(gpu.warnings).toEqual([`${join(dir, 'telemetry', 'gpu.jsonl')} is a symbolic link; not read`]);
  });

  it('a run.lock that links to a live process id file does not make the run live', async () => {
    const writer = await createRunFolder(parent, manifest('linked-lock'));
    writer.close();
    const pidFile = join(parent, 'pid');
    await writeFile(pidFile, `${process.pid}\n`);
    await symlink(pidFile, join(writer.dir, 'run.lock'));
    expect((await openRunFolder(writer.dir)).manifest.status).toBe('interrupted');
  });

  it.skipIf(process.platform === 'win32')('FIFOs and folders in place of run files do not block or crash the reader', async () => {
    const dir = await plainRun('fifo');
    for (const name of ['requests.jsonl', 'summary.json', 'run.lock']) {
      await rm(join(dir, name), { force: true });
      expect(spawnSync('mkfifo', [join(dir, name)]).status).toBe(0);
    }
    await rm(join(dir, 'telemetry'), { recursive: true });
    await mkdir(join(dir, 'telemetry', 'gpu.jsonl'), { recursive: true });
    const opened = await openRunFolder(dir);
    expect(opened.manifest.status).toBe('completed');
    expect(opened.warnings).toEqual([
      `${join(dir, 'requests.jsonl')} is not a regular file; not read`,
      `${join(dir, 'summary.json')} is not a regular file; ignored`,
    ]);
    expect((await readJsonl(join(dir, 'telemetry', 'gpu.jsonl'))).warnings).toEqual([
      `${join(dir, 'telemetry', 'gpu.jsonl')} is not a regular file; not read`,
    ]);

    const fifoManifest = join(parent, 'fifo-manifest');
    await mkdir(fifoManifest);
    expect(spawnSync('mkfifo', [join(fifoManifest, 'run.json')]).status).toBe(0);
    await expect(readManifest(fifoManifest)).rejects.toThrow(/run\.json is not a regular file/);
  });

  it('a summary.json larger than any Tokenbench writes is ignored with a warning, not read whole', async () => {
    const dir = await plainRun('huge-summary');
    writeFileSync(join(dir, 'summary.json'), Buffer.alloc(17 * 1024 * 1024, 0x20));
    const opened = await openRunFolder(dir);
    expect(opened.warnings).toEqual([`${join(dir, 'summary.json')} is larger than 16777216 bytes; ignored`]);
  });
});
