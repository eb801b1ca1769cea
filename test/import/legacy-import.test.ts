// Imports the study's real result folders and checks every level against statistics computed here,
// independently, from the CSV rows (numpy-style linear-interpolated percentiles).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LevelSummary, RequestRecord, Stats } from '../../common/results.js';
import { LegacyFormatError } from '../../main/import/csv-table.js';
import { importStudy, STUDY_FOLDER_FORMAT } from '../../main/import/import-study.js';
import { readStudyResults } from '../../main/import/read-study.js';
import { openRunFolder, type OpenedRun } from '../../main/store/run-reader.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';
import { legacyResults } from '../support/fixtures.js';

const legacy = legacyResults;

interface CsvRowValues {
  id: number;
  ttfb: number;
  total: number;
  response: number;
  count: number;
  code: number;
  status: string;
}

/** request_summary.csv split by hand: the study's files hold no quoted fields. */
function lastRunRows(modelDir: string, level: number): { rows: CsvRowValues[]; all: number } {
  const lines = readFileSync(join(modelDir, `test_results_${level}`, 'request_summary.csv'), 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((line) => {
    const [id, ttfb, total, response, , count, code, status] = line.trim().split(',');
    return { id: +id!, ttfb: +ttfb!, total: +total!, response: +response!, count: +count!, code: +code!, status: status! };
  });
  return { rows: rows.slice(rows.length - level), all: rows.length };
}

function pct(values: number[], p: number): number {
  const a = [...values].sort((x, y) => x - y);
  const h = ((a.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, a.length - 1);
  return a[lo]! + (h - lo) * (a[hi]! - a[lo]!);
}

function expectStats(actual: Stats | null, values: number[], what: string): void {
  expect(actual, what).not.toBeNull();
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const expected = { mean, min: Math.min(...values), max: Math.max(...values), p50: pct(values, 50), p90: pct(values, 90), p95: pct(values, 95), p99: pct(values, 99) };
  for (const [key, value] of Object.entries(expected)) {
    expect(actual![key as keyof Stats], `${what}.${key}`).toBeCloseTo(value, 6);
  }
}

function jsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as T);
}

describe('importing the study results', () => {
  const out = mkdtempSync(join(tmpdir(), 'tokenbench-legacy-'));
  const runs = new Map<string, OpenedRun>();
  const levelsOf: Record<string, number[]> = {
    'deepseek-r1-8b': [1, 2, 4, 8, 16, 19, 32, 38, 57, 64],
    'deepseek-r1-1.5b': [1, 2, 4, 8, 16, 19, 32, 39, 57, 64, 78, 128, 256],
  };

  beforeAll(async () => {
    for (const model of Object.keys(levelsOf)) {
      const imported = await importStudy(join(legacy, model), join(out, model), '0.1.0');
      runs.set(model, await openRunFolder(imported.dir));
    }
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(Object.keys(levelsOf))('%s: a completed ollama run folder whose counts are flagged as words', (model) => {
    const run = runs.get(model)!;
    expect(run.warnings).toEqual([]);
    expect(run.manifest.status).toBe('completed');
    expect(run.manifest.target).toMatchObject({ api: 'ollama', model: model.replace(/-([\d.]+b)$/, ':$1'), serverVersion: null });
    expect(run.manifest.target.modelDetails).toEqual({ importedFrom: STUDY_FOLDER_FORMAT, studyFolder: model });
    expect(run.manifest.host.cpuModel).toBe('unknown');
    expect(run.manifest.config.concurrency).toEqual(levelsOf[model]);
    expect(run.summary.levels.map((l) => l.concurrency)).toEqual(levelsOf[model]);
    expect(run.requests.every((r) => r.tokenSource === 'words')).toBe(true);
    expect(existsSync(join(run.dir, 'run.lock'))).toBe(false);
    const warnings = run.manifest.warnings ?? [];
    expect(warnings.some((w) => /Token counts are words/.test(w))).toBe(true);
    expect(warnings.some((w) => /GPU usage is not imported/.test(w))).toBe(true);
    for (const level of [1, 2, 4]) {
      expect(warnings.some((w) => w.startsWith(`test_results_${level}: `) && /runs were appended/.test(w)), `level ${level}`).toBe(true);
    }
    expect(warnings.some((w) => w.startsWith('test_results_8: '))).toBe(false);
  });

  it.each(Object.entries(levelsOf).flatMap(([model, levels]) => levels.map((level) => [model, level] as const)))(
    '%s level %i matches statistics computed from the CSV rows',
    (model, level) => {
      const run = runs.get(model)!;
      const summary = run.summary.levels.find((l) => l.concurrency === level) as LevelSummary;
      const { rows } = lastRunRows(join(legacy, model), level);
      const ok = rows.filter((r) => r.code === 200 && r.status === 'Completed');
      expect(summary.requests).toBe(level);
      expect(summary.ok).toBe(ok.length);
      expect(summary.errors).toBe(level - ok.length);
      expect(summary.errorsByKind.http ?? 0).toBe(rows.filter((r) => r.code !== 200).length);

      expectStats(summary.ttftMs, ok.map((r) => r.ttfb * 1000), 'ttftMs');
      expectStats(summary.e2eMs, ok.map((r) => (r.ttfb + r.total) * 1000), 'e2eMs');
      expectStats(summary.outputTokens, ok.map((r) => r.count), 'outputTokens');
      expectStats(summary.tokensPerSecond, ok.map((r) => (r.count - 1) / r.response), 'tokensPerSecond');
      expect(summary.tokensPerSecond!.p5).toBeCloseTo(pct(ok.map((r) => (r.count - 1) / r.response), 5), 6);

      const longest = Math.max(...rows.map((r) => (r.ttfb + r.total) * 1000));
      expect(Math.abs(summary.wallMs - longest)).toBeLessThanOrEqual(1);
      const words = ok.reduce((s, r) => s + r.count, 0);
      expect(summary.outputTokensTotal).toBe(words);
      expect(summary.throughputTokensPerSecond).toBeCloseTo(words / (summary.wallMs / 1000), 9);

      const records = run.requests.filter((r) => r.level === level);
      expect(records.map((r) => r.index + 1).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
    },
  );

  it('keeps only the last of the runs appended into one file', () => {
    // deepseek-r1-8b/test_results_1 holds two single-request runs: TTFB 2.437 s, then 5.609 s.
    const records = runs.get('deepseek-r1-8b')!.requests.filter((r) => r.level === 1);
    expect(records).toHaveLength(1);
    expect(records[0]!.ttftMs).toBeCloseTo(5609, 6);
    expect(records[0]!.e2eMs).toBeCloseTo(5609 + 75827, 6);
    expect(lastRunRows(join(legacy, 'deepseek-r1-8b'), 1).all).toBe(2);
  });

  it('turns the rows that never got a token into errors, not zeros', () => {
    const run = runs.get('deepseek-r1-1.5b')!;
    const failed = run.requests.filter((r) => r.level === 256 && r.status === 'error');
    expect(failed).toHaveLength(90);
    for (const r of failed) {
      expect(r.error).toMatchObject({ kind: 'http', httpStatus: 500 });
      expect(r.ttftMs).toBeNull();
      expect(r.e2eMs).toBeNull();
    }
    const level = run.summary.levels.find((l) => l.concurrency === 256)!;
    // The study's table averaged the 0 s TTFBs in; here the mean is over the 166 that got an answer.
    const { rows } = lastRunRows(join(legacy, 'deepseek-r1-1.5b'), 256);
    const withZeros = rows.reduce((s, r) => s + r.ttfb, 0) / rows.length;
    expect(level.ttftMs!.mean / 1000).toBeGreaterThan(withZeros);
    expect(run.manifest.warnings!.some((w) => /^test_results_256: 90 of 256 requests failed/.test(w))).toBe(true);
  });

  it('imports GPU power and frequency, never the broken usage, inside the level windows', () => {
    const run = runs.get('deepseek-r1-8b')!;
    const gpu = jsonl<GpuSample>(join(run.dir, 'telemetry', 'gpu.jsonl'));
    expect(gpu.length).toBeGreaterThan(1000);
    expect(gpu.every((s) => s.gpuUsagePct === null && typeof s.gpuPowerW === 'number' && typeof s.gpuFreqMHz === 'number')).toBe(true);
    const windows = run.summary.levels.map((l) => [l.startedAt - 5000, l.endedAt + 5000] as const);
    expect(gpu.every((s) => windows.some(([from, to]) => s.t >= from && s.t <= to))).toBe(true);
    // test_results_1's sampler kept writing until 06:14 the next morning; none of that is imported.
    expect(Math.max(...gpu.map((s) => s.t))).toBeLessThan(Date.parse('2025-02-03T04:00:00-03:00'));
    expect(run.manifest.telemetry?.gpu).toMatchObject({ available: true });
  });

  it('imports process samples in bytes, with the runner told apart and earlier runs left out', () => {
    const run = runs.get('deepseek-r1-8b')!;
    const samples = jsonl<ProcessSample>(join(run.dir, 'telemetry', 'process.jsonl'));
    // process_80058_metrics.csv, first row: 2025-02-02T22:04:57-03:00,80058,28.70,0.30,13,21,428401200,42144
    const first = samples.find((s) => s.pid === 80058 && s.t === Date.parse('2025-02-02T22:04:57-03:00'));
    expect(first).toMatchObject({ cpuPct: 28.7, threads: 13, fds: 21, rssBytes: 42144 * 1024, vszBytes: 428401200 * 1024, role: 'child' });
    expect(samples.filter((s) => s.pid === 68068).every((s) => s.role === 'server')).toBe(true);
    // pid 86760 ran the earlier 18:03 run, which is not imported.
    expect(samples.some((s) => s.pid === 86760)).toBe(false);
  });

  it('skips a damaged telemetry row with a warning', () => {
    const warnings = runs.get('deepseek-r1-1.5b')!.manifest.warnings ?? [];
    expect(warnings.some((w) => /damaged telemetry row skipped .*process_96457_metrics\.csv:15/.test(w))).toBe(true);
  });

  it('never overwrites an existing folder', async () => {
    const dir = join(out, 'exists');
    mkdirSync(dir);
    await expect(importStudy(join(legacy, 'deepseek-r1-8b'), dir, '0.1.0')).rejects.toThrow(/never overwritten/);
  });
});

describe('study folders that are not what the tool writes', () => {
  const root = mkdtempSync(join(tmpdir(), 'tokenbench-legacy-bad-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const header = 'RequestID,TTFB,TotalDuration,ResponseDuration,WaitingTime,TokenCount,StatusCode,Status\n';

  function levelFolder(model: string, level: number, summary: string, duration = 'Timestamp,Concurrency,MaxDuration,MinDuration,AvgDuration,P99Duration\n2025-02-02T18:00:00-03:00,2,1,1,1,1\n'): string {
    const dir = join(root, model, `test_results_${level}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'request_summary.csv'), header + summary);
    writeFileSync(join(dir, 'duration_metrics.csv'), duration);
    return join(root, model);
  }

  it('refuses a level whose rows are not whole runs', async () => {
    const model = levelFolder('odd', 2, '1,0.1,1.0,1.0,0.1,10,200,Completed\n2,0.1,1.0,1.0,0.1,10,200,Completed\n1,0.1,1.0,1.0,0.1,10,200,Completed\n');
    await expect(readStudyResults(model)).rejects.toThrow(LegacyFormatError);
    await expect(readStudyResults(model)).rejects.toThrow(/3 rows is not a whole number of runs of 2/);
  });

  it('refuses a run with a repeated RequestID', async () => {
    const model = levelFolder('dup', 2, '1,0.1,1.0,1.0,0.1,10,200,Completed\n1,0.1,1.0,1.0,0.1,10,200,Completed\n');
    await expect(readStudyResults(model)).rejects.toThrow(/RequestIDs 1..2 once each/);
  });

  it('names the model folders of a parent folder instead of guessing', async () => {
    levelFolder('model-a-7b', 2, '1,0.1,1.0,1.0,0.1,10,200,Completed\n2,0.1,1.0,1.0,0.1,10,200,Completed\n');
    await expect(readStudyResults(root)).rejects.toThrow(/holds several model folders \(.*model-a-7b/);
  });

  it('reads a 200 row without a token as an error, and derives times from duration_metrics.csv', async () => {
    const model = levelFolder('tiny-1b', 2, '2,0.500,2.000,2.000,0.500,0,200,Waiting\n1,0.250,3.750,3.750,0.250,31,200,Completed\n');
    const results = await readStudyResults(model);
    expect(results.model).toBe('tiny:1b');
    const [failed, ok] = results.records as [RequestRecord, RequestRecord];
    expect(failed).toMatchObject({ status: 'error', index: 1, ttftMs: null, error: { kind: 'truncated' } });
    expect(ok).toMatchObject({ status: 'ok', index: 0, ttftMs: 250, e2eMs: 4000, lastTokenMs: 4000, outputTokens: 31, tokenSource: 'words' });
    expect(ok.tokensPerSecond).toBeCloseTo(30 / 3.75, 9);
    const end = Date.parse('2025-02-02T18:00:00-03:00');
    expect(results.levels[0]).toMatchObject({ startedAt: end - 4000, endedAt: end, wallMs: 4000, ok: 1, errors: 1 });
    expect(ok.startedAt).toBe(end - 4000);
  });
});
