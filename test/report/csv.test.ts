// CSV reports of a real run folder, parsed back with csv-parse: every table, the study's legacy columns,
// and text with commas, quotes and line breaks surviving the round trip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../common/run-config.js';
import { summarizeRun } from '../../main/metrics/level-summary.js';
import type { RequestRecord } from '../../common/results.js';
import { renderCsv } from '../../main/report/csv.js';
import { REPORT_FORMATS } from '../../main/report/formats.js';
import { buildReportModel } from '../../main/report/report-model.js';
import { DEFAULT_THRESHOLDS } from '../../common/findings.js';
import type { ReportModel } from '../../common/report/report-model.js';
import { openRunFolder, type OpenedRun } from '../../main/store/run-reader.js';
import { createRunFolder } from '../../main/store/run-writer.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';
import { manifest } from './sample-run.js';

const T0 = 1_737_367_200_000;

function record(level: number, index: number, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    level,
    index,
    status: 'ok',
    error: null,
    startedAt: T0 + level * 100_000,
    firstByteMs: 400.125,
    ttftMs: 830.5,
    firstAnswerMs: 2100.25,
    lastTokenMs: 20_830.5,
    e2eMs: 20_850.75,
    outputTokens: 1001,
    tokenSource: 'server',
    chunks: 1001,
    thinkingTokens: 400,
    tokensPerSecond: 50,
    itlMs: { p50: 19.5, p90: 22, p99: 31.25, max: 80 },
    queueMs: 12.5,
    server: { promptTokens: 11, outputTokens: 1001, evalMs: 20_000, tokensPerSecond: 50.05, doneReason: 'stop' },
    text: 'plain',
    pieces: [],
    pieceOffsetsMs: [],
    pieceKinds: '',
    ...overrides,
  };
}

const TRICKY_TEXTS = [
  'time, as Kant said, is a "form of intuition"',
  'line one\nline two\r\nline three\rend',
  'only\nline feeds\n',
  'only a\rcarriage return',
  '"quoted at both ends"',
  ',,,',
  'naïve 時間 — ✓',
  '',
];

const records: RequestRecord[] = [
  ...TRICKY_TEXTS.map((text, i) => record(1, i, { text })),
  record(2, 0, { text: '=HYPERLINK("http://evil.example","click")' }),
  record(2, 1, {
    status: 'error',
    error: { kind: 'http', message: 'HTTP 503: "server busy, please retry", queue full', httpStatus: 503 },
    firstByteMs: 3.25,
    ttftMs: null,
    firstAnswerMs: null,
    lastTokenMs: null,
    e2eMs: null,
    outputTokens: 0,
    chunks: 0,
    thinkingTokens: 0,
    tokensPerSecond: null,
    itlMs: null,
    queueMs: null,
    server: null,
    text: '',
  }),
  record(2, 2, {
    status: 'error',
    error: { kind: 'truncated', message: 'stream ended without done' },
    e2eMs: 5000,
    lastTokenMs: 4000,
    outputTokens: 7,
    tokensPerSecond: null,
  }),
];

const gpuSamples: GpuSample[] = [
  { t: T0 + 1000, source: 'nvidia-smi', index: 0, gpuUsagePct: 97, gpuFreqMHz: 1980, gpuPowerW: 245.5, vramUsedBytes: 8_000_000_000, tempC: 71 },
  { t: T0 + 2000, source: 'nvidia-smi', index: 0, gpuUsagePct: null, gpuFreqMHz: null, gpuPowerW: 250 },
];
const processSamples: ProcessSample[] = [
  { t: T0 + 1000, pid: 4242, ppid: 1, name: 'ollama, "serve"', role: 'server', cpuPct: null, rssBytes: 50_000_000, vszBytes: 2_000_000_000, threads: 20, fds: null },
  { t: T0 + 1000, pid: 4243, ppid: 4242, name: 'llama-server', role: 'child', cpuPct: 812.5, rssBytes: 5_000_000_000, vszBytes: 9_000_000_000, threads: 18, fds: 31 },
];

type Row = Record<string, string>;
const table = (csv: string): Row[] => parse(csv, { columns: true }) as Row[];
const header = (csv: string): string[] => (parse(csv, { to_line: 1 }) as string[][])[0] ?? [];
const num = (cell: string | undefined): number | null => (cell === '' || cell === undefined ? null : Number(cell));

let root: string;
let run: OpenedRun;
let report: ReportModel;
let bareReport: ReportModel;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tokenbench-csv-'));
  const writer = await createRunFolder(root, manifest({ id: 'csv-run' }));
  for (const r of records) writer.appendRequest(r);
  const gpu = writer.openTelemetry('gpu');
  for (const s of gpuSamples) gpu.append(s);
  const proc = writer.openTelemetry('process');
  for (const s of processSamples) proc.append(s);
  writer.writeSummary(summarizeRun(records, []));
  writer.setStatus('completed');
  writer.close();
  run = await openRunFolder(join(root, 'csv-run'));
  report = await buildReportModel(run, DEFAULT_THRESHOLDS);

  const none = await createRunFolder(root, manifest({ id: 'no-telemetry', config: { ...DEFAULTS, telemetry: 'none' } }));
  none.writeSummary({ levels: [] });
  none.setStatus('completed');
  none.close();
  bareReport = await buildReportModel(await openRunFolder(join(root, 'no-telemetry')), DEFAULT_THRESHOLDS);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('renderCsv', () => {
  it('is RFC 4180: a header, CRLF after every record, line breaks only inside quoted fields', async () => {
    const csv = await renderCsv(report);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv, { record_delimiter: '\r\n' }) as string[][];
    expect(rows).toHaveLength(records.length + 1);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    // Outside quotes, every line break is a CRLF record end.
    const outsideQuotes = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes.match(/\r\n/g)?.length).toBe(records.length + 1);
    expect(outsideQuotes.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('requests: text with commas, quotes and line breaks survives the round trip', async () => {
    const rows = table(await renderCsv(report, { table: 'requests' }));
    expect(rows.map((r) => r.text).slice(0, TRICKY_TEXTS.length)).toEqual(TRICKY_TEXTS);
    const error = rows.find((r) => r.level === '2' && r.index === '1')!;
    expect(error['error.message']).toBe('HTTP 503: "server busy, please retry", queue full');
    expect(error['error.kind']).toBe('http');
    expect(error['error.httpStatus']).toBe('503');
  });

  it('requests: every number comes back exactly, and a missing value is an empty field, never 0', async () => {
    const rows = table(await renderCsv(report));
    rows.forEach((row, i) => {
      const r = run.requests[i]!;
      expect(num(row.level)).toBe(r.level);
      expect(num(row.index)).toBe(r.index);
      expect(num(row.startedAt)).toBe(r.startedAt);
      for (const key of ['firstByteMs', 'ttftMs', 'firstAnswerMs', 'lastTokenMs', 'e2eMs', 'queueMs', 'tokensPerSecond'] as const) {
        expect(num(row[key]), key).toBe(r[key]);
      }
      expect(num(row['itlMs.p99'])).toBe(r.itlMs?.p99 ?? null);
      expect(num(row['server.tokensPerSecond'])).toBe(r.server?.tokensPerSecond ?? null);
      expect(row['server.doneReason']).toBe(r.server?.doneReason ?? '');
      expect(row.tokenSource).toBe(r.tokenSource);
    });
    const failed = rows.find((r) => r.level === '2' && r.index === '1')!;
    expect(failed.ttftMs).toBe('');
    expect(failed['server.promptTokens']).toBe('');
    expect(failed.outputTokens).toBe('0');
  });

  it('requests: text a spreadsheet would run as a formula is neutralised with a leading quote', async () => {
    const rows = table(await renderCsv(report));
    expect(rows.find((r) => r.level === '2' && r.index === '0')!.text).toBe('\'=HYPERLINK("http://evil.example","click")');
  });

  it('levels: one row per level summary, errors by kind and Stats flattened', async () => {
    const csv = await renderCsv(report, { table: 'levels' });
    const rows = table(csv);
    expect(rows.map((r) => r.concurrency)).toEqual(['1', '2']);
    const [one, two] = run.summary.levels;
    expect(num(rows[0]!['ttftMs.p95'])).toBe(one!.ttftMs!.p95);
    expect(num(rows[0]!['tokensPerSecond.p5'])).toBe(one!.tokensPerSecond!.p5);
    expect(num(rows[0]!.throughputTokensPerSecond)).toBe(one!.throughputTokensPerSecond);
    expect(rows[1]).toMatchObject({ requests: '3', ok: '1', errors: '2', 'errorsByKind.http': '1', 'errorsByKind.truncated': '1', 'errorsByKind.timeout': '0' });
    expect(num(rows[1]!['e2eMs.mean'])).toBe(two!.e2eMs!.mean);
    expect(rows[1]!['queueMs.stddev']).toBe('0');
    expect(rows[0]!['energy.joules']).toBe('');
    expect(header(csv)).toContain('serverTokensPerSecond.p99');
  });

  it('gpu and process: one row per telemetry sample', async () => {
    const gpu = table(await renderCsv(report, { table: 'gpu' }));
    expect(gpu).toHaveLength(2);
    expect(gpu[0]).toMatchObject({ t: String(T0 + 1000), source: 'nvidia-smi', index: '0', gpuUsagePct: '97', gpuPowerW: '245.5', tempC: '71' });
    expect(gpu[1]).toMatchObject({ gpuUsagePct: '', gpuFreqMHz: '', gpuPowerW: '250' });
    const proc = table(await renderCsv(report, { table: 'process' }));
    expect(proc.map((p) => p.name)).toEqual(['ollama, "serve"', 'llama-server']);
    expect(proc[0]).toMatchObject({ pid: '4242', role: 'server', cpuPct: '', fds: '' });
    expect(proc[1]).toMatchObject({ cpuPct: '812.5', rssBytes: '5000000000', ppid: '4242' });
  });

  it('a run without telemetry gives a header-only table', async () => {
    const csv = await renderCsv(bareReport, { table: 'gpu' });
    expect(table(csv)).toEqual([]);
    expect(header(csv)).toEqual(expect.arrayContaining(['t', 'gpuPowerW']));
  });

  it('legacy: the study\'s request_summary.csv columns, in seconds, with its status words', async () => {
    const csv = await renderCsv(report, { legacy: true });
    expect(header(csv)).toEqual(['RequestID', 'TTFB', 'TotalDuration', 'ResponseDuration', 'WaitingTime', 'TokenCount', 'StatusCode', 'Status', 'Concurrency']);
    const rows = table(csv);
    expect(rows[0]).toEqual({
      RequestID: '1',
      TTFB: '0.831',
      TotalDuration: '20.020',
      ResponseDuration: '20.020',
      WaitingTime: '0.831',
      TokenCount: '1001',
      StatusCode: '200',
      Status: 'Completed',
      Concurrency: '1',
    });
    expect(rows[TRICKY_TEXTS.length + 1]).toMatchObject({ RequestID: '2', TTFB: '0.000', TotalDuration: '0.000', TokenCount: '0', StatusCode: '503', Status: 'Waiting', Concurrency: '2' });
    expect(rows[TRICKY_TEXTS.length + 2]).toMatchObject({ RequestID: '3', StatusCode: '500', Status: 'Error 500', TokenCount: '7' });
  });

  it('refuses legacy columns for a table other than requests, and unknown tables', async () => {
    expect(() => renderCsv(report, { table: 'levels', legacy: true })).toThrow(/only for the requests table/);
    expect(() => REPORT_FORMATS.csv!(report, { table: 'bogus' })).toThrow(/unknown CSV table "bogus"/);
  });

  it('is registered as the csv report format', async () => {
    expect(await REPORT_FORMATS.csv!(report, { table: 'levels' })).toBe(await renderCsv(report, { table: 'levels' }));
  });
});
