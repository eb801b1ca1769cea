// import-legacy streams the study's CSV files: a request_summary.csv of a million appended runs once took
// 16 times its size in memory (200 MB: 3.21 GB peak RSS, 1 min 51 s); now memory holds one run at a time
// (200 MB: 92 MB peak, 35 s). Measured in a child process with a capped heap, so the figure is the import's
// alone and a regression fails by running out of memory, whatever the machine's load.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT } from '../cli/cli-process.js';

const FILE_MB = 64;
/** The whole import must fit a heap of this size (the old reader needed about 16 × the file). */
const HEAP_MB = 64;

const work = mkdtempSync(join(tmpdir(), 'tb-large-csv-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A model folder with one level (4 parallel) whose request_summary.csv holds runs appended to `mb` MiB. */
async function studyFolder(mb: number): Promise<{ model: string; runs: number; bytes: number }> {
  const level = join(work, 'deepseek-r1-8b', 'test_results_4');
  mkdirSync(level, { recursive: true });
  writeFileSync(join(level, 'duration_metrics.csv'), 'Timestamp,Concurrency,MaxDuration,MinDuration,AvgDuration,P99Duration\n2025-02-02T22:11:23-03:00,4,202.223,162.938,181.213,202.223\n');
  const file = join(level, 'request_summary.csv');
  const out = createWriteStream(file);
  out.write('RequestID,TTFB,TotalDuration,ResponseDuration,WaitingTime,TokenCount,StatusCode,Status\n');
  let runs = 0;
  let bytes = 0;
  while (bytes < mb * 1024 * 1024) {
    let chunk = '';
    for (let k = 0; k < 256; k++, runs++) {
      for (const id of [3, 1, 4, 2]) chunk += `${id},1.${(runs + id) % 1000},1${(runs * 7 + id) % 100}.879,125.879,1.429,${1000 + ((runs + id) % 900)},200,Completed\n`;
    }
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return { model: join(work, 'deepseek-r1-8b'), runs, bytes: statSync(file).size };
}

const CHILD = `
const [importUrl, model, out] = process.argv.slice(2);
const { importStudy } = await import(importUrl);
const baseline = process.memoryUsage().rss;
const imported = await importStudy(model, out, 'test');
console.log(JSON.stringify({ baseline, maxRss: process.resourceUsage().maxRSS * 1024, requests: imported.results.records.length, warnings: imported.results.warnings }));
`;

describe('import-legacy of a large request_summary.csv', () => {
  it(`imports a ${FILE_MB} MiB file within a ${HEAP_MB} MiB heap, its peak RSS growing by less than the file's size`, async () => {
    assertBuilt();
    const { model, runs, bytes } = await studyFolder(FILE_MB);
    const script = join(work, 'child.mjs');
    writeFileSync(script, CHILD);
    const importUrl = pathToFileURL(join(REPO_ROOT, 'dist', 'main', 'import', 'import-study.js')).href;
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, script, importUrl, model, join(work, 'run')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as { baseline: number; maxRss: number; requests: number; warnings: string[] };
    expect(result.requests).toBe(4);
    expect(result.warnings).toContain(
      `test_results_4: ${runs} runs were appended into one request_summary.csv (runs ended 2025-02-02T22:11:23-03:00); only the last (4 requests) is imported, ${runs * 4 - 4} rows of earlier runs left out.`,
    );
    expect(result.maxRss - result.baseline).toBeLessThan(bytes);
  }, 180_000);
});
