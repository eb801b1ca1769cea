// A run folder whose files pass a shallow look but not the schema (common/run-manifest.ts,
// common/results-schema.ts): one such folder once emptied the app's whole history ("Cannot read
// properties of undefined"). Each is listed as damaged with its reason, never breaks the others, and
// every damaged line or level is left out with a warning saying why.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunLibrary } from '../../main/app/run-library.js';
import { summarizeLevel } from '../../main/metrics/level-summary.js';
import { buildReportModel } from '../../main/report/report-model.js';
import { DamagedRunFolderError } from '../../main/store/run-folder.js';
import { openRunFolder, scanRunFolders } from '../../main/store/run-reader.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import { DEFAULT_THRESHOLDS } from '../../common/findings.js';
import type { RequestRecord } from '../../common/results.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { cli } from '../support/cli-in-process.js';
import { manifest, okRecord } from './support/records.js';

let runs: string;
beforeEach(async () => {
  runs = await mkdtemp(join(tmpdir(), 'tb-damaged-'));
});
afterEach(async () => {
  await rm(runs, { recursive: true, force: true });
});

/** A finished run of level 1 (two ok requests) as `tokenbench run` leaves it. */
async function goodRun(id: string, startedAt: string): Promise<string> {
  const records = [okRecord(1, 0), okRecord(1, 1)];
  const writer = await createRunFolder(runs, manifest(id, { startedAt }));
  for (const record of records) writer.appendRequest(record);
  writer.writeSummary({ levels: [summarizeLevel(records, { concurrency: 1, mode: 'burst', startedAt: records[0].startedAt, endedAt: records[1].startedAt + 360 })] });
  writer.setStatus('completed');
  writer.close();
  return writer.dir;
}

/** A good run whose run.json is then rewritten by `edit`. */
async function editedRun(id: string, edit: (m: Record<string, unknown>) => void): Promise<string> {
  const dir = await goodRun(id, '2025-11-29T10:00:00.000Z');
  const stored = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
  edit(stored);
  await writeFile(join(dir, 'run.json'), JSON.stringify(stored));
  return dir;
}

describe('a run.json that passes a shallow check but not the schema', () => {
  it('is listed as damaged with its reason, and every other run is still listed', async () => {
    await goodRun('2025-11-28T10-00-00Z_good-old', '2025-11-28T10:00:00.000Z');
    await goodRun('2025-11-30T10-00-00Z_good-new', '2025-11-30T10:00:00.000Z');
    await editedRun('2025-11-29T10-00-00Z_no-target', (m) => delete m.target);
    await editedRun('2025-11-29T11-00-00Z_bad-warnings', (m) => (m.warnings = 'not a list'));
    await editedRun('2025-11-29T12-00-00Z_bad-config', (m) => (m.config = { ...(m.config as object), concurrency: 'many' }));
    await editedRun('2025-11-29T13-00-00Z_bad-host', (m) => ((m.host as Record<string, unknown>).cpuCores = 'eight'));
    await mkdir(join(runs, 'not-a-run'));

    const library = new RunLibrary(runs);
    const listed = await library.list();
    expect(listed.map((r) => [r.id, r.status, r.damaged])).toEqual([
      ['2025-11-30T10-00-00Z_good-new', 'completed', null],
      ['2025-11-28T10-00-00Z_good-old', 'completed', null],
      ['2025-11-29T13-00-00Z_bad-host', 'damaged', 'run.json is damaged (host.cpuCores: Invalid input: expected number, received string)'],
      ['2025-11-29T12-00-00Z_bad-config', 'damaged', 'run.json is damaged (config.concurrency: whole numbers from 1 to 4096)'],
      ['2025-11-29T11-00-00Z_bad-warnings', 'damaged', 'run.json is damaged (warnings: Invalid input: expected array, received string)'],
      ['2025-11-29T10-00-00Z_no-target', 'damaged', 'run.json is damaged (target: Invalid input: expected object, received undefined)'],
    ]);
    expect(listed[0]).toMatchObject({ model: 'llama3.2:3b', headline: '1 parallel · TTFT p95 0.05 s · 20.0 t/s p5', levels: [1, 2, 4] });
  });

  it('opening it says why, in one line, in the app and in `tokenbench report` (exit 2)', async () => {
    const dir = await editedRun('2025-11-29T10-00-00Z_no-target', (m) => delete m.target);
    const reason = 'run.json is damaged (target: Invalid input: expected object, received undefined)';
    await expect(openRunFolder(dir)).rejects.toThrow(new DamagedRunFolderError(dir, reason));
    const library = new RunLibrary(runs);
    await expect(library.detail('2025-11-29T10-00-00Z_no-target', DEFAULT_THRESHOLDS)).rejects.toThrow(
      `run 2025-11-29T10-00-00Z_no-target is damaged: ${reason}`,
    );
    for (const format of ['md', 'html', 'json', 'csv']) {
      const result = await cli(['report', dir, '--format', format]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`tokenbench report: ${dir} is not a Tokenbench run folder: ${reason}\n`);
    }
  });

  it('a field with a line break in its name cannot break the reason onto two lines', async () => {
    await editedRun('2025-11-29T10-00-00Z_crafted-key', (m) => (m.telemetry = { 'gpu\nInjected: line': { available: 'yes' } }));
    const [damaged] = (await scanRunFolders(runs)).damaged;
    expect(damaged?.reason).toBe('run.json is damaged (telemetry.gpu Injected: line.available: Invalid input: expected boolean, received string)');
  });

  it('a damaged run can still be deleted from the app; a folder without run.json cannot', async () => {
    await editedRun('2025-11-29T10-00-00Z_no-target', (m) => delete m.target);
    await mkdir(join(runs, 'not-a-run'));
    const library = new RunLibrary(runs);
    await library.delete('2025-11-29T10-00-00Z_no-target');
    expect(await library.list()).toEqual([]);
    await expect(library.delete('not-a-run')).rejects.toThrow(/no run not-a-run: .* run.json is missing/);
  });
});

describe('request lines, summary levels and telemetry samples are checked field by field', () => {
  it('a request line missing its times is skipped with a warning that says why; the report renders', async () => {
    const dir = await goodRun('2025-11-28T10-00-00Z_lines', '2025-11-28T10:00:00.000Z');
    const shallow = { level: 1, index: 2, status: 'ok', startedAt: 1_764_324_903_000 };
    const wrongText = { ...okRecord(1, 3), text: 42 };
    await writeFile(join(dir, 'requests.jsonl'), [okRecord(1, 0), shallow, wrongText, okRecord(1, 1)].map((r) => JSON.stringify(r) + '\n').join(''), );
    const opened = await openRunFolder(dir);
    expect(opened.requests.map((r) => r.index)).toEqual([0, 1]);
    expect(opened.warnings).toEqual([
      `${join(dir, 'requests.jsonl')}:2: not a request record (error: Invalid input: expected object, received undefined); line skipped`,
      `${join(dir, 'requests.jsonl')}:3: not a request record (text: Invalid input: expected string, received number); line skipped`,
    ]);
    const report = await cli(['report', dir, '--format', 'md']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('not a request record (error: Invalid input: expected object, received undefined)');
  });

  it('a summary level with a broken field is left out with a warning; the other levels stay', async () => {
    const dir = await goodRun('2025-11-28T10-00-00Z_summary', '2025-11-28T10:00:00.000Z');
    const stored = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as { levels: Array<Record<string, unknown>> };
    const good = stored.levels[0];
    await writeFile(
      join(dir, 'summary.json'),
      JSON.stringify({ levels: [good, { ...good, concurrency: 2, errorsByKind: null }, { ...good, concurrency: 4, ttftMs: { mean: 'slow' } }, good] }),
    );
    const opened = await openRunFolder(dir);
    const file = join(dir, 'summary.json');
    expect(opened.summary.levels.map((l) => l.concurrency)).toEqual([1]);
    expect(opened.warnings).toEqual([
      `${file}: level entry 2 is damaged (errorsByKind: Invalid input: expected record, received null); left out`,
      `${file}: level entry 3 is damaged (ttftMs.mean: Invalid input: expected number, received string); left out`,
      `${file}: level 1 appears twice; the first is kept`,
    ]);
    expect((await cli(['report', dir, '--format', 'html'])).code).toBe(0);
  });

  it('a telemetry sample with a field of the wrong type is skipped with a warning', async () => {
    const dir = await goodRun('2025-11-28T10-00-00Z_telemetry', '2025-11-28T10:00:00.000Z');
    const sample = { t: 1_764_324_903_100, source: 'nvidia-smi', gpuUsagePct: 50, gpuFreqMHz: 1500, gpuPowerW: 120, intervalMs: 0 };
    await writeFile(join(dir, 'telemetry', 'gpu.jsonl'), [sample, { ...sample, t: sample.t + 1000, gpuPowerW: 'hot' }].map((s) => JSON.stringify(s) + '\n').join(''));
    const opened = await openRunFolder(dir);
    const model = await buildReportModel(opened, DEFAULT_THRESHOLDS);
    expect(model.telemetry.gpu).toEqual([sample]);
    expect(model.warnings).toContain(
      `${join(dir, 'telemetry', 'gpu.jsonl')}:2: not a GPU sample (gpuPowerW: Invalid input: expected number, received string); line skipped`,
    );
  });
});

describe('links inside a run folder are not followed by any reader', () => {
  it('the app list reads summary.json without following a link (no headline from another file)', async () => {
    const dir = await goodRun('2025-11-28T10-00-00Z_linked-summary', '2025-11-28T10:00:00.000Z');
    const records: RequestRecord[] = [okRecord(99, 0)];
    const elsewhere = join(runs, '..', `${runs.split('/').at(-1)}-summary.json`);
    await writeFile(elsewhere, JSON.stringify({ levels: [summarizeLevel(records, { concurrency: 99, mode: 'burst', startedAt: 0, endedAt: 360 })] }));
    try {
      await rm(join(dir, 'summary.json'));
      await symlink(elsewhere, join(dir, 'summary.json'));
      const [item] = await new RunLibrary(runs).list();
      expect(item?.headline).toBeNull();
    } finally {
      await rm(elsewhere, { force: true });
    }
  });

  it('a telemetry folder that is a symlink is not read through', async () => {
    const dir = await goodRun('2025-11-28T10-00-00Z_linked-telemetry', '2025-11-28T10:00:00.000Z');
    const outside = join(runs, 'outside');
    await mkdir(outside);
    const sample = { t: 1_764_324_903_100, source: 'nvidia-smi', gpuUsagePct: 50, gpuFreqMHz: 1500, gpuPowerW: 120, intervalMs: 0 };
    await writeFile(join(outside, 'gpu.jsonl'), JSON.stringify(sample) + '\n');
    await rm(join(dir, 'telemetry'), { recursive: true });
    await symlink(outside, join(dir, 'telemetry'));
    const model = await buildReportModel(await openRunFolder(dir), DEFAULT_THRESHOLDS);
    expect(model.telemetry.gpu).toEqual([]);
    expect(model.warnings).toContain(`${join(dir, 'telemetry')} is a symbolic link; not read`);
  });
});

// The fixture's manifest must itself pass: a test of damage needs an undamaged baseline.
it('the test manifest is a valid run.json', async () => {
  const dir = await goodRun('2025-11-28T10-00-00Z_baseline', '2025-11-28T10:00:00.000Z');
  const opened = await openRunFolder(dir);
  expect(opened.manifest satisfies RunManifest).toMatchObject({ id: '2025-11-28T10-00-00Z_baseline', status: 'completed' });
  expect(opened.warnings).toEqual([]);
});
