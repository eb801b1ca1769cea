// Hand-made inputs for the formatter tests: numbers chosen so each printed cell is known in advance.
import type { TelemetrySamples } from '../../common/charts/telemetry-charts.js';
import { DEFAULT_THRESHOLDS, type VerdictThresholds } from '../../common/findings.js';
import type { ReportModel } from '../../common/report/report-model.js';
import { DEFAULTS } from '../../common/run-config.js';
import type { LevelSummary, RequestRecord, Stats, StatsWithTail } from '../../common/results.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { reportModel } from '../../main/report/report-model.js';

export function stats(mean: number, p95: number, p99: number, min = mean, max = p99): Stats {
  return { mean, min, max, p50: mean, p90: p95, p95, p99, stddev: 0 };
}

export function tail(mean: number, p5: number, p1: number): StatsWithTail {
  return { ...stats(mean, mean, mean), p5, p1 };
}

export function level(concurrency: number, overrides: Partial<LevelSummary> = {}): LevelSummary {
  return {
    concurrency,
    mode: 'burst',
    requests: concurrency,
    ok: concurrency,
    errors: 0,
    errorsByKind: {},
    startedAt: 1_700_000_000_000,
    endedAt: 1_700_000_010_000,
    wallMs: 10_000,
    outputTokensTotal: 1000,
    throughputTokensPerSecond: 100,
    ttftMs: stats(830, 930, 934),
    firstAnswerMs: stats(900, 1000, 1000),
    tokensPerSecond: tail(53.14, 50.06, 49.94),
    e2eMs: stats(20_000, 21_000, 21_500, 19_000, 22_000),
    outputTokens: stats(1000, 1000, 1000),
    queueMs: null,
    itlP99Ms: stats(30, 30, 30),
    serverTokensPerSecond: null,
    ...overrides,
  };
}

export function manifest(overrides: Partial<RunManifest> = {}): RunManifest {
  return {
    id: '2025-01-20T10-00-00Z-ollama',
    tool: { name: 'tokenbench', version: '0.1.0' },
    status: 'completed',
    startedAt: '2025-01-20T10:00:00.000Z',
    endedAt: '2025-01-20T10:05:00.000Z',
    config: { ...DEFAULTS, concurrency: [1, 2], cooldownMs: 10_000, maxTokens: 256 },
    target: {
      url: 'http://127.0.0.1:11434',
      api: 'ollama',
      serverVersion: '0.5.7',
      model: 'deepseek-r1:7b',
      modelDetails: { family: 'qwen2', parameter_size: '7.6B', quantization_level: 'Q4_K_M', families: ['qwen2'] },
    },
    host: {
      os: 'darwin',
      osVersion: '23.6.0',
      arch: 'arm64',
      cpuModel: 'Apple M2 Pro',
      cpuCores: 12,
      ramBytes: 16 * 1024 ** 3,
      gpu: { name: 'Apple M2 Pro', cores: 19 },
    },
    ...overrides,
  };
}

/** The report model of hand-made parts, with the default thresholds unless given. */
export function model(
  parts: { manifest?: RunManifest; levels: LevelSummary[]; requests?: RequestRecord[]; telemetry?: TelemetrySamples; warnings?: string[] },
  thresholds: VerdictThresholds = DEFAULT_THRESHOLDS,
): ReportModel {
  return reportModel(
    {
      manifest: parts.manifest ?? manifest(),
      levels: parts.levels,
      requests: parts.requests ?? [],
      telemetry: parts.telemetry ?? { gpu: [], process: [] },
      warnings: parts.warnings ?? [],
    },
    thresholds,
  );
}
