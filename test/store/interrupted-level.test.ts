// A level the run did not finish, through the real CLI against a scripted server with 2 slots: at 4
// parallel, two requests decode at once and end first; the two that waited for a slot are still in flight
// when the run is killed (kill -9) or cancelled (Ctrl-C). Before starts were recorded the killed level read
// "2 / 2" and the report said the server "decodes at least 4 at a time"; a cancelled level read "Errors % 100".
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParallelismFinding, Verdict } from '../../common/findings.js';
import type { LevelSummary } from '../../common/results.js';
import { openRunFolder } from '../../main/store/run-reader.js';
import { startCli, type RunningCli } from '../cli/cli-process.js';
import { cli } from '../support/cli-in-process.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { until } from '../support/until.js';

let server: ScriptedServer | null = null;
let running: RunningCli | null = null;
let out: string;

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'tb-interrupted-'));
});
afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  running = null;
  await server?.close();
  server = null;
  rmSync(out, { recursive: true, force: true });
});

function runDir(): string {
  const [id] = readdirSync(out);
  if (!id) throw new Error('no run folder');
  return join(out, id);
}

function lines(name: string): number {
  const names = readdirSync(out);
  if (names.length === 0) return 0;
  const file = join(out, names[0]!, name);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/**
 * Generation requests in arrival order: 0 the warm-up, 1 level 1, 2–3 level 2, 4–7 level 4. With 2 slots,
 * 4 and 5 decode first and end; 6 and 7 get the slots after them and decode (nearly) for ever. Answers of
 * 0.6 s put the queueing limit 0.3 s above the single-request TTFT: a loaded machine's jitter stays below it.
 */
async function twoSlotServer(): Promise<ScriptedServer> {
  return startScriptedServer({ slots: 2, tokenIntervalMs: 10, script: ({ index }) => ({ tokens: index >= 6 ? 1_000_000 : 60 }) });
}

/** Level 4 is under way: its two queued requests hold the slots, and the first two are recorded. */
async function levelFourInFlight(s: ScriptedServer): Promise<void> {
  await until(() => s.log.length >= 8 && s.log[6]!.tokens > 0 && s.log[7]!.tokens > 0 && lines('requests.jsonl') >= 5, 30_000);
}

interface JsonReport {
  levels: LevelSummary[];
  verdict: Verdict;
  parallelism: ParallelismFinding;
}

/** The lines of one `## ` section of a Markdown report. */
function section(md: string, heading: string): string[] {
  const start = md.indexOf(`${heading}\n`);
  const end = md.indexOf('\n## ', start + heading.length);
  return md.slice(start, end === -1 ? undefined : end).split('\n');
}

/** A table row's cells, trimmed. */
const cells = (row: string): string[] => row.split('|').slice(1, -1).map((c) => c.trim());

async function jsonReport(dir: string): Promise<JsonReport> {
  const result = await cli(['report', dir, '--format', 'json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as JsonReport;
}

describe('a level cut short is reported as such, never judged', () => {
  it('kill -9 mid-level: the level says 4 sent, 2 finished, 2 lost in flight; verdict and parallelism leave it out', async () => {
    server = await twoSlotServer();
    running = startCli(['run', '--url', server.url, '--concurrency', '1,2,4', '--out', out, '--telemetry', 'none']);
    await levelFourInFlight(server);
    running.child.kill('SIGKILL');
    const ended = await running.done;
    expect(ended.signal).toBe('SIGKILL');
    const dir = runDir();
    // Every request handed to the HTTP client has its start line: 1 + 2 + 4.
    expect(lines('starts.jsonl')).toBe(7);

    const opened = await openRunFolder(dir);
    expect(opened.manifest.status).toBe('interrupted');
    expect(opened.summary.levels.map((l) => [l.concurrency, l.requests, l.ok, l.interrupted])).toEqual([
      [1, 1, 1, undefined],
      [2, 2, 2, undefined],
      [4, 2, 2, { sent: 4, lost: 2 }],
    ]);

    const report = await jsonReport(dir);
    const reason = 'the run was killed during it: 4 sent, 2 finished, 2 lost in flight';
    expect(report.verdict.levels.map((l) => [l.concurrency, l.notJudged, l.meetsWait, l.meetsSpeed])).toEqual([
      [1, null, true, true],
      [2, null, true, true],
      [4, reason, false, false],
    ]);
    expect(report.verdict.maxConcurrencyForBoth).toBe(2);
    expect(report.parallelism).toMatchObject({ slots: 2, atLeast: true, firstQueuedLevel: null });
    expect(report.parallelism.summary).toBe(
      `no request waited in a queue up to 2 parallel: the server decodes at least 2 at a time; 4 parallel not judged (${reason})`,
    );

    const md = (await cli(['report', dir, '--format', 'md'])).stdout;
    expect(md).toContain(`4 parallel was not judged: ${reason}.`);
    expect(section(md, '## Throughput and wait per level')).toContainEqual(expect.stringMatching(/^\| 4 \| 2 \/ 4 \| /));
    const [header, , ...rows] = section(md, '## Summary per level').filter((l) => l.startsWith('|'));
    expect(cells(header!).at(-1)).toBe('Lost in flight');
    expect(rows.map((row) => [cells(row)[0], cells(row).at(-1)])).toEqual([
      ['1', '0'],
      ['2', '0'],
      ['4', '2'],
    ]);
  });

  it('Ctrl-C mid-level: cancelled requests are counted apart, not as errors, and the level is not judged', async () => {
    server = await twoSlotServer();
    running = startCli(['run', '--url', server.url, '--concurrency', '1,2,4', '--out', out, '--telemetry', 'none']);
    await levelFourInFlight(server);
    running.child.kill('SIGINT');
    expect((await running.done).code).toBe(130);
    const dir = runDir();

    const report = await jsonReport(dir);
    const level4 = report.levels.find((l) => l.concurrency === 4);
    expect(level4).toMatchObject({ requests: 4, ok: 2, errors: 2, errorsByKind: { cancelled: 2 } });
    expect(level4?.interrupted).toBeUndefined();
    const reason = 'the run was cancelled during it: 2 of 4 requests cancelled';
    expect(report.verdict.levels.map((l) => [l.concurrency, l.errors, l.notJudged])).toEqual([
      [1, 0, null],
      [2, 0, null],
      [4, 0, reason],
    ]);
    expect(report.verdict.maxConcurrencyForBoth).toBe(2);
    expect(report.parallelism.summary).toBe(
      `no request waited in a queue up to 2 parallel: the server decodes at least 2 at a time; 4 parallel not judged (${reason})`,
    );

    const md = (await cli(['report', dir, '--format', 'md'])).stdout;
    // The study's table: Errors % over the requests that ran their course (0 of 2), the cancelled ones apart.
    const [header, , , , level4Row] = section(md, '## Summary per level').filter((l) => l.startsWith('|'));
    const byHeader = Object.fromEntries(cells(header!).map((h, i) => [h, cells(level4Row!)[i]]));
    expect(byHeader).toMatchObject({ Parallel: '4', 'Errors %': '0.0', Cancelled: '2' });
    expect(cells(header!)).not.toContain('Lost in flight');
    // Errors by kind: no "cancelled" error column, a Cancelled count instead.
    expect(section(md, '## Errors by kind').filter((l) => l.startsWith('|'))).toEqual([
      '| Parallel | Requests | Errors | Errors % | Cancelled |',
      '| ---: | ---: | ---: | ---: | ---: |',
      '| 1 | 1 | 0 | 0.0 | 0 |',
      '| 2 | 2 | 0 | 0.0 | 0 |',
      '| 4 | 4 | 0 | 0.0 | 2 |',
    ]);
    // No level anywhere reads "Errors % 100.0" (a speed or throughput may well be 100.0 tokens/s).
    const summaryRows = section(md, '## Summary per level').filter((l) => l.startsWith('|')).slice(2);
    const errorColumn = cells(header!).indexOf('Errors %');
    expect(summaryRows.map((row) => cells(row)[errorColumn])).toEqual(summaryRows.map(() => '0.0'));
  });
});
