// Data for the renderer tests, derived by the real metric and report code (buildRecord, summarizeRun,
// reportModel with its verdict, parallelism and view) from a simulated server with 4 slots: requests
// past the 4th wait for a whole generation.
import { DEFAULTS } from '../../common/run-config.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import { summarizeRun } from '../../main/metrics/level-summary.js';
import { buildRecord } from '../../main/metrics/record.js';
import type { RequestRecord } from '../../common/results.js';
import { withoutPlayback } from '../../main/app/run-events.js';
import { reportModel } from '../../main/report/report-model.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { energyOfWindow } from '../../main/telemetry/energy.js';
import type { GpuSample } from '../../common/telemetry.js';
import type { RunDetail, RunListItem } from '../../common/api.js';
import type { HarnessData } from '../../renderer/testing/harness-api.js';

const SLOTS = 4;
const TOKENS = 40;
const RUN_START = Date.UTC(2026, 0, 20, 10, 0, 0);
/** Untrusted model output: must show as text, never become markup. */
export const HOSTILE_TEXT = '<img src=x onerror="globalThis.__pwned=1"><b>bold</b>';

export function simulatedRecords(level: number, levelStart: number, slowdown = 1): RequestRecord[] {
  const records: RequestRecord[] = [];
  for (let index = 0; index < level; index++) {
    const wave = Math.floor(index / SLOTS);
    const busy = Math.min(level, SLOTS);
    const tokenMs = (20 + 6 * busy) * slowdown; // decode slows down as more slots are busy
    const ttft = 150 + wave * (TOKENS * tokenMs + 150) + index * 3;
    const offsets = Array.from({ length: TOKENS }, (_, i) => ttft + i * tokenMs);
    const failed = level === 16 && index === 15;
    records.push(
      buildRecord({
        level,
        index,
        startedAt: levelStart,
        firstByteMs: ttft - 5,
        pieces: offsets.map((_, i) => (i === 0 ? HOSTILE_TEXT : ` w${i}`)),
        pieceOffsetsMs: offsets,
        pieceKinds: 'a'.repeat(TOKENS),
        end: failed
          ? { kind: 'error', atMs: offsets[TOKENS - 1] + 1, error: { kind: 'truncated', message: HOSTILE_TEXT } }
          : { kind: 'done', atMs: offsets[TOKENS - 1] + 2, counters: { outputTokens: TOKENS, promptEvalMs: 100, loadMs: 0, evalMs: (TOKENS - 1) * tokenMs } },
      }),
    );
  }
  return records;
}

function manifest(id: string, levels: number[], status: RunManifest['status']): RunManifest {
  return {
    id,
    tool: { name: 'tokenbench', version: '0.1.0' },
    status,
    startedAt: new Date(RUN_START).toISOString(),
    endedAt: new Date(RUN_START + 60_000).toISOString(),
    config: { ...DEFAULTS, concurrency: levels, maxTokens: TOKENS },
    target: { url: 'http://127.0.0.1:11434', api: 'ollama', serverVersion: '0.12.3', model: 'deepseek-r1:7b', modelDetails: null },
    host: { os: 'darwin', osVersion: '23.6.0', arch: 'arm64', cpuModel: 'Apple M2 Pro', cpuCores: 12, ramBytes: 16 * 1024 ** 3, gpu: { name: 'Apple M2 Pro', cores: 19 } },
    telemetry: { gpu: { available: true, source: 'macmon' }, process: { available: true, source: 'proc' } },
  };
}

export function sampleDetail(id: string, levels: number[], status: RunManifest['status'] = 'completed'): RunDetail {
  let start = RUN_START + 1_000;
  const records: RequestRecord[] = [];
  const windows = levels.map((level) => {
    const recs = simulatedRecords(level, start);
    records.push(...recs);
    const endedAt = start + Math.max(...recs.map((r) => r.e2eMs ?? 0));
    const window = { concurrency: level, mode: 'burst' as const, startedAt: start, endedAt };
    start = endedAt + 2_000;
    return window;
  });
  const gpu: GpuSample[] = Array.from({ length: Math.ceil((start - RUN_START) / 1000) }, (_, i) => ({
    t: RUN_START + i * 1000,
    source: 'macmon',
    gpuUsagePct: 40 + (i % 5) * 10,
    gpuPowerW: 8 + (i % 7),
    gpuFreqMHz: 1200 + (i % 3) * 100,
    combinedPowerW: 12 + (i % 7),
  }));
  const summaries = summarizeRun(records, windows).levels.map((l) => ({
    ...l,
    energy: energyOfWindow(gpu, l, l.outputTokensTotal, 5_000),
  }));
  const process = gpu.flatMap((s, i) => [
    { t: s.t, pid: 100, ppid: 1, name: 'ollama', role: 'server' as const, cpuPct: i === 0 ? null : 5 + (i % 4), rssBytes: 200 * 1024 ** 2, vszBytes: 1e9, threads: 20, fds: 30 },
    { t: s.t, pid: 200, ppid: 100, name: 'llama-server', role: 'child' as const, cpuPct: i === 0 ? null : 80 + (i % 9) * 5, rssBytes: 4.5 * 1024 ** 3, vszBytes: 9e9, threads: 14, fds: 12 },
  ]);
  // The model the app's getRun gives: built by the real report code, records then stripped of playback.
  const model = reportModel(
    { manifest: manifest(id, levels, status), levels: summaries, requests: records, telemetry: { gpu, process }, warnings: [] },
    { maxWaitMs: 1_000, minTokensPerSecond: 20 },
  );
  return { ...model, requests: model.requests.map(withoutPlayback) };
}

/**
 * A run of levels 1, 2, 4 repeated 3 times (`--repeat 3`), each repeat a little faster or slower, so each
 * level's mean has a 95 % interval of some width; and the same run drawn without the intervals.
 */
export function repeatedDetails(id: string): { withIntervals: RunDetail; withoutIntervals: RunDetail } {
  const levels = [1, 2, 4];
  let start = RUN_START + 1_000;
  const records: RequestRecord[] = [];
  const windows = [1, 1.3, 0.8].flatMap((slowdown, repeat) =>
    levels.map((level, levelIndex) => {
      const recs = simulatedRecords(level, start, slowdown).map((r) => ({ ...r, mode: 'burst' as const, levelIndex, repeat }));
      records.push(...recs);
      const endedAt = start + Math.max(...recs.map((r) => r.e2eMs ?? 0));
      const window = { concurrency: level, mode: 'burst' as const, levelIndex, repeat, startedAt: start, endedAt };
      start = endedAt + 2_000;
      return window;
    }),
  );
  const model = reportModel(
    { manifest: { ...manifest(id, levels, 'completed'), config: { ...DEFAULTS, concurrency: levels, repeats: 3 } }, levels: summarizeRun(records, windows).levels, requests: records, telemetry: { gpu: [], process: [] }, warnings: [] },
    { maxWaitMs: 1_000, minTokensPerSecond: 20 },
  );
  const withIntervals = { ...model, requests: model.requests.map(withoutPlayback) };
  const withoutIntervals = structuredClone(withIntervals);
  withoutIntervals.manifest.id = `${id}-plain`;
  for (const block of withoutIntervals.view.levelCharts) for (const series of block.chart?.series ?? []) delete series.intervals;
  return { withIntervals, withoutIntervals };
}

function listItem(detail: RunDetail, imported = false): RunListItem {
  const last = detail.levels.at(-1);
  return {
    id: detail.manifest.id,
    status: detail.manifest.status,
    startedAt: detail.manifest.startedAt,
    model: detail.manifest.target.model,
    url: detail.manifest.target.url,
    levels: detail.manifest.config.concurrency,
    headline: last ? `${last.concurrency} parallel · ${last.tokensPerSecond?.p5.toFixed(1)} t/s p5` : null,
    imported,
    damaged: null,
  };
}

export const MAIN_RUN = 'run-main';
export const OTHER_RUN = 'run-other';
export const IMPORTED_RUN = 'run-imported';
export const LIVE_RUN = 'run-live';
/** Reached by its address only (not in the run list): a repeated run, and the same without error bars. */
export const REPEATED_RUN = 'run-repeated';

export function harnessData(): HarnessData {
  const main = sampleDetail(MAIN_RUN, [1, 2, 4, 8, 16]);
  const other = sampleDetail(OTHER_RUN, [1, 2, 4], 'interrupted');
  const imported = sampleDetail(IMPORTED_RUN, [1, 2], 'completed');
  const repeated = repeatedDetails(REPEATED_RUN);
  return {
    status: {
      url: 'http://127.0.0.1:11434',
      reachable: true,
      api: 'ollama',
      version: '0.12.3',
      models: ['deepseek-r1:7b', 'llama3.2:3b'],
      loadedModel: 'deepseek-r1:7b',
      warning: 'Ollama seems to decode 1 request at a time (OLLAMA_NUM_PARALLEL=1?)',
    },
    settings: structuredClone(DEFAULT_SETTINGS),
    runs: [listItem(main), listItem(other), listItem(imported, true)],
    details: {
      [MAIN_RUN]: main,
      [OTHER_RUN]: other,
      [IMPORTED_RUN]: imported,
      [REPEATED_RUN]: repeated.withIntervals,
      [`${REPEATED_RUN}-plain`]: repeated.withoutIntervals,
    },
    nextRunId: LIVE_RUN,
    savedReportPath: '/Users/me/Desktop/report.md',
  };
}
