// `tokenbench report --out FILE` never overwrites unasked: a name that exists — a file, or a symlink even
// when it points nowhere — is refused with one line (exit 2), and nothing is written through it.
import { existsSync, lstatSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeLevel } from '../../main/metrics/level-summary.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import { cli } from '../support/cli-in-process.js';
import { manifest, okRecord } from '../store/support/records.js';

let work: string;
let run: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'tb-report-out-'));
  const writer = await createRunFolder(work, manifest('out'));
  const records = [okRecord(1, 0)];
  writer.appendRequest(records[0]);
  writer.writeSummary({ levels: [summarizeLevel(records, { concurrency: 1, mode: 'burst', startedAt: records[0].startedAt, endedAt: records[0].startedAt + 360 })] });
  writer.setStatus('completed');
  writer.close();
  run = writer.dir;
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('report --out onto a name that exists', () => {
  it('a dangling symlink: the one-line "exists" message, exit 2, nothing created at its target', async () => {
    const out = join(work, 'report.md');
    const target = join(work, 'elsewhere', 'created-through-the-link.md');
    await symlink(target, out);
    const result = await cli(['report', run, '--format', 'md', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`tokenbench report: --out: ${out} exists; pass --force to overwrite it\n`);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(existsSync(target)).toBe(false);
  });

  it('a file: the same message, the file untouched; --force overwrites it', async () => {
    const out = join(work, 'report.md');
    await writeFile(out, 'keep me');
    const refused = await cli(['report', run, '--format', 'md', '--out', out]);
    expect([refused.code, refused.stderr]).toEqual([2, `tokenbench report: --out: ${out} exists; pass --force to overwrite it\n`]);
    expect(await readFile(out, 'utf8')).toBe('keep me');
    expect((await cli(['report', run, '--format', 'md', '--out', out, '--force'])).code).toBe(0);
    expect(await readFile(out, 'utf8')).toMatch(/^# Tokenbench run out/);
  });
});
