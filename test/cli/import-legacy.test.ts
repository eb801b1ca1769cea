// `tokenbench import-legacy` and `tokenbench report --format csv`, run in-process through main() with a
// captured io, on the study's real result folders.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type CapturedCli } from '../support/cli-in-process.js';
import { importLegacyCommand } from '../../main/cli/commands/import-legacy.js';
import { reportCommand } from '../../main/cli/commands/report.js';
import { MAIN_HELP } from '../../main/cli/main.js';
import { legacyResults } from '../support/fixtures.js';

const IMPORT_LEGACY_HELP = importLegacyCommand.usage;
const REPORT_HELP = reportCommand.usage;

const legacy = legacyResults;


function expectOneLineError(result: CapturedCli, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/internal error|at .*\.[jt]s:\d+/);
}

describe('help texts', () => {
  it('list import-legacy and the csv flags within 80 columns', () => {
    expect(MAIN_HELP).toMatch(/import-legacy/);
    expect(REPORT_HELP).toMatch(/--table requests\|levels\|gpu\|process/);
    expect(REPORT_HELP).toMatch(/--legacy/);
    for (const line of IMPORT_LEGACY_HELP.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});

describe('tokenbench import-legacy', () => {
  const out = mkdtempSync(join(tmpdir(), 'tokenbench-import-cli-'));
  const run = join(out, 'study-1.5b');
  let imported: CapturedCli;

  beforeAll(async () => {
    imported = await cli(['import-legacy', join(legacy, 'deepseek-r1-1.5b'), '--out', run]);
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes the run folder, prints a summary and every warning', () => {
    expect(imported.stderr).not.toMatch(/internal error/);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Imported deepseek-r1:1\.5b .*13 levels .*704 requests, 90 errors/);
    expect(imported.stdout).toContain(run);
    expect(imported.stderr).toMatch(/^warning: Token counts are words/m);
    expect(imported.stderr).toMatch(/^warning: GPU usage is not imported/m);
    expect(imported.stderr).toMatch(/^warning: test_results_256: 90 of 256 requests failed/m);
    expect(readdirSync(run).sort()).toEqual(['requests.jsonl', 'run.json', 'summary.json', 'telemetry']);
  });

  it('report --format csv --legacy gives back the study\'s rows of the imported runs', async () => {
    const report = await cli(['report', run, '--format', 'csv', '--legacy']);
    expect(report.code).toBe(0);
    const rows = parse(report.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(704);
    const level256 = rows.filter((r) => r.Concurrency === '256');
    const source = readFileSync(join(legacy, 'deepseek-r1-1.5b', 'test_results_256', 'request_summary.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(','));
    const fields = ['RequestID', 'TTFB', 'TotalDuration', 'ResponseDuration', 'WaitingTime', 'TokenCount', 'StatusCode', 'Status'];
    const back = level256.map((r) => fields.map((f) => r[f]));
    expect(back.sort()).toEqual(source.sort());
  });

  it('report --format csv --table levels --out FILE writes one row per level', async () => {
    const file = join(out, 'levels.csv');
    const report = await cli(['report', run, '--format', 'csv', '--table', 'levels', '--out', file]);
    expect(report.code).toBe(0);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => Number(r.concurrency))).toEqual([1, 2, 4, 8, 16, 19, 32, 39, 57, 64, 78, 128, 256]);
    expect(rows.at(-1)).toMatchObject({ requests: '256', ok: '166', errors: '90', 'errorsByKind.http': '90' });
  });

  it('report --table gpu gives the imported power samples without usage', async () => {
    const report = await cli(['report', run, '--format', 'csv', '--table', 'gpu']);
    expect(report.code).toBe(0);
    const rows = parse(report.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.every((r) => r.gpuUsagePct === '' && r.gpuPowerW !== '')).toBe(true);
  });

  it('refuses an --out that exists, and leaves it alone', async () => {
    const before = readFileSync(join(run, 'run.json'), 'utf8');
    expectOneLineError(await cli(['import-legacy', join(legacy, 'deepseek-r1-8b'), '--out', run]), /exists; a run folder is never overwritten/);
    expect(readFileSync(join(run, 'run.json'), 'utf8')).toBe(before);
  });

  it('refuses a folder of model folders, naming them', async () => {
    const target = join(out, 'both');
    expectOneLineError(await cli(['import-legacy', legacy, '--out', target]), /several model folders \(deepseek-r1-1\.5b, deepseek-r1-8b\)/);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a missing folder, a missing --out, and an --out that is not a run id', async () => {
    expectOneLineError(await cli(['import-legacy', join(out, 'nope'), '--out', join(out, 'x')]), /does not exist/);
    expectOneLineError(await cli(['import-legacy', join(legacy, 'deepseek-r1-8b')]), /--out RUN is required/);
    expectOneLineError(await cli(['import-legacy', join(legacy, 'deepseek-r1-8b'), '--out', join(out, 'bad name!')]), /not a valid run id/);
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('report refuses csv flags that do not fit', async () => {
    expectOneLineError(await cli(['report', run, '--format', 'md', '--table', 'levels']), /apply to --format csv only/);
    expectOneLineError(await cli(['report', run, '--format', 'csv', '--table', 'levels', '--legacy']), /--legacy applies to --table requests only/);
    expectOneLineError(await cli(['report', run, '--format', 'csv', '--table', 'bogus']), /--table: "bogus" is not one of requests, levels, gpu, process/);
  });
});

describe('tokenbench import-legacy without the study', () => {
  it('refuses a folder without test_results_N folders', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tokenbench-import-empty-'));
    try {
      mkdirSync(join(empty, 'model'));
      expectOneLineError(await cli(['import-legacy', join(empty, 'model'), '--out', join(empty, 'run')]), /no test_results_<N> folders/);
      expect(existsSync(join(empty, 'run'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
