import { ERROR_KINDS, type LevelSummary, type RequestRecord, type Stats } from '../../common/results.js';
import { formatSlo } from '../../common/slo.js';
import type { GpuSample, ProcessSample } from '../../common/telemetry.js';

/** A CSV cell before quoting: null and undefined become an empty field, which always means "missing". */
export type Cell = string | number | boolean | null | undefined;

/** One column: its header (the field's name in the JSON files, dotted for nested fields) and its value. */
export interface Column<T> {
  name: string;
  value: (row: T) => Cell;
}

const col = <T>(name: string, value: (row: T) => Cell): Column<T> => ({ name, value });

/** One row per request record; names are requests.jsonl's (docs/run-format.md), nested ones flattened with dots. */
export const REQUEST_COLUMNS: Column<RequestRecord>[] = [
  col('level', (r) => r.level),
  col('index', (r) => r.index),
  col('status', (r) => r.status),
  col('error.kind', (r) => r.error?.kind),
  col('error.httpStatus', (r) => r.error?.httpStatus),
  col('error.message', (r) => r.error?.message),
  col('startedAt', (r) => r.startedAt),
  col('firstByteMs', (r) => r.firstByteMs),
  col('ttftMs', (r) => r.ttftMs),
  col('firstAnswerMs', (r) => r.firstAnswerMs),
  col('lastTokenMs', (r) => r.lastTokenMs),
  col('e2eMs', (r) => r.e2eMs),
  col('queueMs', (r) => r.queueMs),
  col('outputTokens', (r) => r.outputTokens),
  col('tokenSource', (r) => r.tokenSource),
  col('chunks', (r) => r.chunks),
  col('thinkingTokens', (r) => r.thinkingTokens),
  col('tokensPerSecond', (r) => r.tokensPerSecond),
  col('itlMs.p50', (r) => r.itlMs?.p50),
  col('itlMs.p90', (r) => r.itlMs?.p90),
  col('itlMs.p99', (r) => r.itlMs?.p99),
  col('itlMs.max', (r) => r.itlMs?.max),
  col('server.promptTokens', (r) => r.server?.promptTokens),
  col('server.outputTokens', (r) => r.server?.outputTokens),
  col('server.reasoningTokens', (r) => r.server?.reasoningTokens),
  col('server.promptEvalMs', (r) => r.server?.promptEvalMs),
  col('server.evalMs', (r) => r.server?.evalMs),
  col('server.loadMs', (r) => r.server?.loadMs),
  col('server.totalMs', (r) => r.server?.totalMs),
  col('server.tokensPerSecond', (r) => r.server?.tokensPerSecond),
  col('server.doneReason', (r) => r.server?.doneReason),
  // Workload, prompt cache and client time (issue 14): empty where the run or the server has none.
  col('server.cachedPromptTokens', (r) => r.server?.cachedPromptTokens),
  col('server.evaluatedPromptTokens', (r) => r.server?.evaluatedPromptTokens),
  col('promptIndex', (r) => r.promptIndex),
  col('conversation', (r) => r.conversation),
  col('turn', (r) => r.turn),
  col('inputTokens', (r) => r.inputTokens),
  col('maxTokens', (r) => r.maxTokens),
  col('clientMs', (r) => r.clientMs),
  col('text', (r) => r.text),
  // Load shapes (docs/run-format.md): which level made the request, and a rate level's schedule.
  col('mode', (r) => r.mode),
  col('levelIndex', (r) => r.levelIndex),
  col('repeat', (r) => r.repeat),
  col('rate', (r) => r.rate),
  col('scheduledAt', (r) => r.scheduledAt),
  col('clientQueueMs', (r) => r.clientQueueMs),
];

const STATS_FIELDS = ['mean', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'stddev'] as const;

type StatsKey = 'ttftMs' | 'firstAnswerMs' | 'tokensPerSecond' | 'e2eMs' | 'outputTokens' | 'queueMs' | 'itlP99Ms' | 'serverTokensPerSecond';
const STATS_KEYS: StatsKey[] = ['ttftMs', 'firstAnswerMs', 'tokensPerSecond', 'e2eMs', 'outputTokens', 'queueMs', 'itlP99Ms', 'serverTokensPerSecond'];

function statsColumns(key: StatsKey): Column<LevelSummary>[] {
  const columns = STATS_FIELDS.map((field) => col<LevelSummary>(`${key}.${field}`, (l) => (l[key] as Stats | null)?.[field]));
  if (key === 'tokensPerSecond') {
    columns.push(col('tokensPerSecond.p5', (l) => l.tokensPerSecond?.p5), col('tokensPerSecond.p1', (l) => l.tokensPerSecond?.p1));
  }
  return columns;
}

/** The load-shape fields of a level summary (docs/metrics.md § Load shapes), flattened like the rest. */
const LOAD_SHAPE_LEVEL_COLUMNS: Column<LevelSummary>[] = [
  col('levelIndex', (l) => l.levelIndex),
  col('repeat', (l) => l.repeat),
  col('sweep', (l) => l.sweep),
  col('rate', (l) => l.rate),
  col('arrivals', (l) => l.arrivals),
  col('seed', (l) => l.seed),
  col('maxConcurrency', (l) => l.maxConcurrency),
  col('activeMs', (l) => l.activeMs),
  col('requestsPerSecond', (l) => l.requestsPerSecond),
  ...STATS_FIELDS.map((field) => col<LevelSummary>(`thinkingTokens.${field}`, (l) => l.thinkingTokens?.[field])),
  ...STATS_FIELDS.map((field) => col<LevelSummary>(`clientQueueMs.${field}`, (l) => l.clientQueueMs?.[field])),
  col('arrivalCv', (l) => l.arrivalCv),
  col('notStarted', (l) => l.notStarted),
  col('saturation.saturated', (l) => l.saturation?.saturated),
  col('saturation.reasons', (l) => l.saturation?.reasons.join(' ')),
  col('saturation.waitSlopeMsPerS', (l) => l.saturation?.waitSlopeMsPerS),
  col('saturation.waitSlopeLowMsPerS', (l) => l.saturation?.waitSlopeLowMsPerS),
  col('saturation.waitGrowthMs', (l) => l.saturation?.waitGrowthMs),
  col('saturation.lateShare', (l) => l.saturation?.lateShare),
  col('saturation.failedShare', (l) => l.saturation?.failedShare),
  col('goodput.slo', (l) => (l.goodput ? formatSlo(l.goodput.slo) : undefined)),
  col('goodput.requests', (l) => l.goodput?.requests),
  col('goodput.good', (l) => l.goodput?.good),
  col('goodput.goodShare', (l) => l.goodput?.goodShare),
  col('goodput.goodputRequestsPerSecond', (l) => l.goodput?.goodputRequestsPerSecond),
  ...(['ttft', 'itl', 'e2e', 'tps', 'error'] as const).map((k) => col<LevelSummary>(`goodput.missed.${k}`, (l) => l.goodput?.missed[k])),
];

/** One row per level summary (summary.json), every Stats field and error kind in its own column. */
export const LEVEL_COLUMNS: Column<LevelSummary>[] = [
  col('concurrency', (l) => l.concurrency),
  col('mode', (l) => l.mode),
  col('requests', (l) => l.requests),
  col('ok', (l) => l.ok),
  col('errors', (l) => l.errors),
  // A kind that did not occur is 0, not missing: the level was counted.
  ...ERROR_KINDS.map((kind) => col<LevelSummary>(`errorsByKind.${kind}`, (l) => l.errorsByKind[kind] ?? 0)),
  col('startedAt', (l) => l.startedAt),
  col('endedAt', (l) => l.endedAt),
  col('wallMs', (l) => l.wallMs),
  col('outputTokensTotal', (l) => l.outputTokensTotal),
  col('throughputTokensPerSecond', (l) => l.throughputTokensPerSecond),
  ...STATS_KEYS.flatMap(statsColumns),
  col('energy.joules', (l) => l.energy?.joules),
  col('energy.watts', (l) => l.energy?.watts),
  col('energy.joulesPerToken', (l) => l.energy?.joulesPerToken),
  col('energy.tokensPerJoule', (l) => l.energy?.tokensPerJoule),
  col('energy.source', (l) => l.energy?.source),
  col('energy.samples', (l) => l.energy?.samples),
  ...LOAD_SHAPE_LEVEL_COLUMNS,
];

/** telemetry/gpu.jsonl, one row per sample. */
export const GPU_COLUMNS: Column<GpuSample>[] = [
  col('t', (s) => s.t),
  col('source', (s) => s.source),
  col('index', (s) => s.index),
  col('gpuUsagePct', (s) => s.gpuUsagePct),
  col('gpuFreqMHz', (s) => s.gpuFreqMHz),
  col('gpuPowerW', (s) => s.gpuPowerW),
  col('cpuPowerW', (s) => s.cpuPowerW),
  col('anePowerW', (s) => s.anePowerW),
  col('combinedPowerW', (s) => s.combinedPowerW),
  col('packagePowerW', (s) => s.packagePowerW),
  col('dramPowerW', (s) => s.dramPowerW),
  col('vramUsedBytes', (s) => s.vramUsedBytes),
  col('tempC', (s) => s.tempC),
  col('intervalMs', (s) => s.intervalMs),
];

/** telemetry/process.jsonl, one row per process per tick. */
export const PROCESS_COLUMNS: Column<ProcessSample>[] = [
  col('t', (s) => s.t),
  col('pid', (s) => s.pid),
  col('ppid', (s) => s.ppid),
  col('name', (s) => s.name),
  col('role', (s) => s.role),
  col('cpuPct', (s) => s.cpuPct),
  col('rssBytes', (s) => s.rssBytes),
  col('vszBytes', (s) => s.vszBytes),
  col('threads', (s) => s.threads),
  col('fds', (s) => s.fds),
];
