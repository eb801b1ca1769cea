// Serves the playback page (a built dist/renderer folder) with the two API verbs it uses, over the web-mode
// wire format of preload/contract.ts, on 127.0.0.1 only. Used by bench:playback and the playback browser tests.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { levelWindowFromRecords, summarizeLevel } from '../main/metrics/level-summary.js';
import { buildRecord } from '../main/metrics/record.js';
import type { RequestRecord } from '../common/results.js';
import type { RunDetail } from '../common/api.js';
import { WEB_TOKEN_HEADER } from '../common/api-verbs.js';
import { DEFAULTS } from '../common/run-config.js';
import { DEFAULT_THRESHOLDS } from '../common/findings.js';
import { reportModel } from '../main/report/report-model.js';

export interface PlaybackRun {
  id: string;
  records: RequestRecord[];
}

export interface PlaybackServer {
  url: string;
  /** API calls received, in order (verb and args). */
  calls: Array<{ verb: string; args: unknown[] }>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export async function startPlaybackServer(options: { root: string; token: string; runs: PlaybackRun[] }): Promise<PlaybackServer> {
  const calls: PlaybackServer['calls'] = [];
  const runs = new Map(options.runs.map((run) => [run.id, run]));
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: err instanceof Error ? err.message : String(err) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST' || req.headers[WEB_TOKEN_HEADER] !== options.token) return send(res, 403, { error: 'bad token' });
      const verb = url.pathname.slice('/api/'.length);
      const { args } = JSON.parse(await body(req)) as { args: unknown[] };
      calls.push({ verb, args });
      const run = runs.get(String(args[0]));
      if (!run) return send(res, 404, { error: `no run ${String(args[0])}` });
      if (verb === 'getRun') return send(res, 200, { result: runDetail(run) });
      if (verb === 'getRequest') {
        const record = run.records.find((r) => r.level === args[1] && r.index === args[2]);
        return record ? send(res, 200, { result: record }) : send(res, 404, { error: 'no such request' });
      }
      return send(res, 404, { error: `unknown verb ${verb}` });
    }
    const file = normalize(join(options.root, url.pathname === '/' ? 'playback.html' : url.pathname));
    if (!file.startsWith(normalize(options.root))) return send(res, 403, { error: 'outside root' });
    const content = await readFile(file).catch(() => null);
    if (content === null) return send(res, 404, { error: 'not found' });
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(content);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** RunDetail as the app gives it: the report model of the records, records without playback payload. */
export function runDetail(run: PlaybackRun): RunDetail {
  const levels = [...new Set(run.records.map((r) => r.level))].sort((a, b) => a - b);
  let firstStart = Infinity;
  for (const r of run.records) firstStart = Math.min(firstStart, r.startedAt);
  const startedAt = new Date(firstStart).toISOString();
  const model = reportModel(
    {
      manifest: {
        id: run.id,
        tool: { name: 'tokenbench', version: '0.1.0' },
        status: 'completed',
        startedAt,
        endedAt: startedAt,
        config: { ...DEFAULTS, concurrency: levels },
        target: { url: 'http://127.0.0.1:11434', api: 'ollama', serverVersion: null, model: 'recorded', modelDetails: null },
        host: { os: 'linux', osVersion: '', arch: 'x64', cpuModel: 'unknown', cpuCores: 1, ramBytes: 0, gpu: null },
      },
      levels: levels.map((level) => {
        const records = run.records.filter((r) => r.level === level);
        return summarizeLevel(records, levelWindowFromRecords(records, level, 'burst'));
      }),
      requests: run.records,
      telemetry: { gpu: [], process: [] },
      warnings: [],
    },
    DEFAULT_THRESHOLDS,
  );
  return { ...model, requests: model.requests.map((r) => ({ ...r, pieces: [], pieceOffsetsMs: [] })) };
}

/**
 * A long synthetic request for the benchmark: a `waitMs` wait, then `tokens` pieces at about `tokensPerSecond`
 * with a deterministic ±40 % jitter between them (a real stream is never even).
 */
export function syntheticRecord(level: number, index: number, waitMs: number, tokens: number, tokensPerSecond: number): RequestRecord {
  const pieces: string[] = [];
  const offsets: number[] = [];
  let t = waitMs;
  let seed = 1 + index;
  for (let i = 0; i < tokens; i++) {
    seed = (seed * 48271) % 2147483647;
    if (i > 0) t += (1000 / tokensPerSecond) * (0.6 + 0.8 * (seed / 2147483647));
    pieces.push(i % 12 === 11 ? '.\n' : ` word${i % 97}`);
    offsets.push(t);
  }
  return buildRecord({
    level,
    index,
    startedAt: Date.UTC(2025, 0, 20, 10),
    firstByteMs: waitMs,
    pieces,
    pieceOffsetsMs: offsets,
    pieceKinds: 'a'.repeat(tokens),
    end: { kind: 'done', atMs: t + 1, counters: {} },
  });
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}
