import type { RequestRecord } from '../../../common/results.js';
import type { RunManifest } from '../../../common/run-manifest.js';
import { DEFAULTS } from '../../../common/run-config.js';

/** A finished request as the engine records it; `startedAt` defaults to a fixed epoch so sums are checkable. */
export function okRecord(level: number, index: number, over: Partial<RequestRecord> = {}): RequestRecord {
  const pieces = ['Time', ' is', ' the', ' measure', ' of', ' change', '.'];
  return {
    level,
    index,
    status: 'ok',
    error: null,
    startedAt: 1_764_324_903_000 + index * 10,
    firstByteMs: 40,
    ttftMs: 50,
    firstAnswerMs: 50,
    lastTokenMs: 350,
    e2eMs: 360,
    outputTokens: pieces.length,
    tokenSource: 'server',
    chunks: pieces.length,
    thinkingTokens: 0,
    tokensPerSecond: (pieces.length - 1) / 0.3,
    itlMs: { p50: 50, p90: 50, p99: 50, max: 50 },
    queueMs: 10,
    server: { outputTokens: pieces.length, evalMs: 300, promptEvalMs: 30, loadMs: 10, doneReason: 'stop' },
    text: pieces.join(''),
    pieces,
    pieceOffsetsMs: pieces.map((_, i) => 50 + i * 50),
    pieceKinds: 'a'.repeat(pieces.length),
    ...over,
  };
}

export function errorRecord(level: number, index: number): RequestRecord {
  return okRecord(level, index, {
    status: 'error',
    error: { kind: 'http', message: 'server busy', httpStatus: 503 },
    firstByteMs: 5,
    ttftMs: null,
    firstAnswerMs: null,
    lastTokenMs: null,
    e2eMs: 6,
    outputTokens: 0,
    tokenSource: 'chunks',
    chunks: 0,
    tokensPerSecond: null,
    itlMs: null,
    queueMs: null,
    server: null,
    text: '',
    pieces: [],
    pieceOffsetsMs: [],
    pieceKinds: '',
  });
}

export function manifest(id: string, over: Partial<RunManifest> = {}): RunManifest {
  return {
    id,
    tool: { name: 'tokenbench', version: '0.1.0' },
    status: 'running',
    startedAt: '2025-11-28T10:15:03.000Z',
    endedAt: null,
    config: { ...DEFAULTS, concurrency: [1, 2, 4], mode: 'burst' },
    target: {
      url: 'http://127.0.0.1:11434',
      api: 'ollama',
      serverVersion: '0.12.0',
      model: 'llama3.2:3b',
      modelDetails: null,
    },
    host: {
      os: 'linux',
      osVersion: '6.1',
      arch: 'x64',
      cpuModel: 'test cpu',
      cpuCores: 2,
      ramBytes: 8 * 1024 ** 3,
      gpu: null,
    },
    ...over,
  };
}
