// The server's own view beside ours, the conversations' turns, the workload and the server's settings
// (issue 14), as every report and the dashboard show them: chart blocks and fact rows made from what
// main/metrics/server-view.ts computed and what run.json recorded. Text only; numbers through common/format.
import { chartBlock, type ChartBlock, type ChartSpec, type TableData } from '../charts/chart-model.js';
import { seriesColor, STAT_COLORS } from '../charts/palette.js';
import type { ParallelismFinding } from '../findings.js';
import { fixed, gibibytes, integer, MISSING, rate, seconds } from '../format.js';
import type { RunManifest, ServerSetting } from '../run-manifest.js';
import type { E2eSplit, LengthReach, ServerViewLevel, TurnRow } from '../server-view.js';

const X_TITLE = 'Parallel requests (concurrency)';

/** The parts of the split, in the order a request lives them; decode (always there) in the first colour. */
const SPLIT_PARTS: ReadonlyArray<{ key: keyof E2eSplit; label: string; color: string }> = [
  { key: 'loadMs', label: 'Load', color: seriesColor(7) },
  { key: 'queueMs', label: 'Queue', color: seriesColor(1) },
  { key: 'promptEvalMs', label: 'Prompt eval', color: seriesColor(3) },
  { key: 'decodeMs', label: 'Decode', color: seriesColor(0) },
  { key: 'httpMs', label: 'HTTP', color: seriesColor(5) },
  { key: 'clientMs', label: 'Client', color: seriesColor(4) },
];

const SERVER_VIEW_DESCRIPTION =
  "Per level, the server's own rates beside ours, and the mean request's E2E split (over requests whose server reports its decode time): load, prompt eval and decode as the server " +
  'reports them, queue = TTFT − prompt eval − load, client = Tokenbench reading the stream, HTTP = the rest (wire and HTTP layer). Seconds.';

export function serverViewBlock(levels: readonly ServerViewLevel[]): ChartBlock {
  const table: TableData = {
    headers: [
      'Parallel',
      'Timed requests',
      'TTFT (s)',
      't/s (ours)',
      't/s (server)',
      'Prompt eval t/s (server)',
      ...SPLIT_PARTS.map((p) => `${p.label} (s)`),
      'E2E (s)',
    ],
    rows: levels.map((l) => [
      String(l.concurrency),
      String(l.timed),
      seconds(l.ttftMs),
      rate(l.tokensPerSecond),
      rate(l.serverTokensPerSecond),
      rate(l.promptTokensPerSecond),
      ...SPLIT_PARTS.map((p) => seconds(l.split?.[p.key] ?? null, 3)),
      seconds(l.e2eMs, 3),
    ]),
  };
  if (!levels.some((l) => l.split !== null)) {
    return chartBlock('server-view', "The server's view beside ours", SERVER_VIEW_DESCRIPTION, null, table, 'The server reported no decode time (eval_duration, timings.predicted_ms) for any request: its view cannot be set beside ours.');
  }
  const chart: ChartSpec = {
    kind: 'bar',
    stacked: true,
    x: { type: 'category', title: X_TITLE, labels: levels.map((l) => String(l.concurrency)) },
    y: { title: 'Mean request time (s)', min: 0 },
    series: SPLIT_PARTS.map((p) => ({
      label: p.label,
      data: levels.map((l) => (l.split === null ? null : l.split[p.key] / 1000)),
      color: p.color,
      stack: 'e2e',
    })),
  };
  return chartBlock('server-view', "The server's view beside ours", SERVER_VIEW_DESCRIPTION, chart, table);
}

/** TTFT per turn and the prompt cache, for runs with conversations; null without turns. */
export function turnBlock(turns: readonly TurnRow[]): ChartBlock | null {
  if (turns.length === 0) return null;
  const description =
    "Each turn of the conversations resends the history before it: a server with a prompt cache evaluates only what is new, so TTFT should fall or stay flat. Cached and evaluated prompt tokens as the server reports them (llama.cpp cache_n / prompt_n, Ollama prompt_eval_cached_count); Tokenbench's count beside them.";
  const table: TableData = {
    headers: ['Turn', 'Requests', 'TTFT mean (s)', 'TTFT p50 (s)', 'Prompt tokens (ours)', 'Prompt tokens (server)', 'Cached', 'Evaluated'],
    rows: turns.map((t) => [
      String(t.turn),
      String(t.requests),
      seconds(t.ttftMs, 3),
      seconds(t.ttftP50Ms, 3),
      integer(t.inputTokens),
      integer(t.promptTokens),
      integer(t.cachedPromptTokens),
      integer(t.evaluatedPromptTokens),
    ]),
  };
  const chart: ChartSpec = {
    kind: 'line',
    x: { type: 'category', title: 'Turn of the conversation', labels: turns.map((t) => String(t.turn)) },
    y: { title: 'TTFT (s)', min: 0 },
    y2: { title: 'Prompt tokens', min: 0 },
    series: [
      { label: 'TTFT mean (s)', data: turns.map((t) => (t.ttftMs === null ? null : t.ttftMs / 1000)), color: STAT_COLORS.mean, axis: 'y' },
      { label: 'Cached prompt tokens', data: turns.map((t) => t.cachedPromptTokens), color: seriesColor(2), axis: 'y2' },
      { label: 'Evaluated prompt tokens', data: turns.map((t) => t.evaluatedPromptTokens), color: seriesColor(3), axis: 'y2' },
    ],
  };
  return chartBlock('turns', 'Conversations: TTFT and the prompt cache per turn', description, chart, table);
}

/** How many answers reached the length they asked for, per level; null when no request asked for one. */
export function lengthReachTable(reach: readonly LengthReach[]): TableData | null {
  if (!reach.some((r) => r.asked > 0)) return null;
  return {
    headers: ['Parallel', 'Asked (ok)', 'Reached', 'Reached %', 'Mean length asked'],
    rows: reach.map((r) => [String(r.concurrency), String(r.asked), String(r.reached), r.asked > 0 ? fixed((r.reached / r.asked) * 100, 1) : MISSING, fixed(r.askedTokens, 0)]),
  };
}

const lengthText = (spec: { mean: number; sd: number } | undefined): string | null =>
  spec === undefined ? null : spec.sd > 0 ? `${spec.mean} ± ${spec.sd} tokens (normal)` : `${spec.mean} tokens`;

/** What the run sent, as fact rows for the report header; empty for a run of one fixed prompt. */
export function workloadFacts(manifest: RunManifest): Array<[string, string]> {
  const { config } = manifest;
  const rows: Array<[string, string]> = [];
  if (config.promptSet !== undefined) {
    const s = config.promptSet;
    rows.push(['Prompt set', `${s.path} (${s.format}, ${s.count} prompts, sha256 ${s.sha256.slice(0, 12)}…), ${config.seed === undefined ? 'in order' : `shuffled with seed ${config.seed}`}`]);
  }
  const input = lengthText(config.inputTokens);
  if (input !== null) rows.push(['Input length', `synthetic prompts of ${input}`]);
  if (config.maxTokensSd !== undefined && config.maxTokens !== undefined) rows.push(['Output length', lengthText({ mean: config.maxTokens, sd: config.maxTokensSd }) ?? MISSING]);
  if (config.ignoreEos === true) rows.push(['Ignore end of sequence', 'asked (llama.cpp, vLLM ignore_eos; Ollama has no such option)']);
  if ((config.turns ?? 1) > 1) rows.push(['Conversations', `${config.turns} turns, each resending its history`]);
  if (config.systemPrompt !== undefined) rows.push(['System prompt', config.systemPrompt]);
  if (config.sharedPrefixTokens !== undefined) rows.push(['Shared prefix', `a synthetic system message of ${config.sharedPrefixTokens} tokens, the same for every request`]);
  if (config.seed !== undefined && config.promptSet === undefined) rows.push(['Seed', String(config.seed)]);
  const tokenizer = manifest.workload?.tokenizer;
  if (tokenizer !== undefined) rows.push(['Tokens counted by', tokenizer.note ? `${tokenizer.name}: ${tokenizer.note}` : tokenizer.name]);
  for (const note of manifest.workload?.notes ?? []) rows.push(['Workload note', note]);
  const connection = config.connection;
  if (connection !== undefined) {
    const parts = [
      connection.apiKey ? 'API key sent (not recorded)' : null,
      connection.headerNames.length > 0 ? `headers ${connection.headerNames.join(', ')} (values not recorded)` : null,
      connection.caFile !== undefined ? `CA ${connection.caFile}` : null,
      connection.insecure ? 'certificate not checked (--insecure)' : null,
    ].filter((p): p is string => p !== null);
    rows.push(['Connection', parts.join('; ')]);
  }
  return rows;
}

/** A setting as "value (source)"; a recorded value of the wrong type (a hand-edited run.json) shows as missing. */
function setting(s: ServerSetting<number> | undefined, show: (n: number) => string): string | null {
  if (s === undefined || typeof s !== 'object' || s === null) return null;
  return typeof s.value === 'number' && Number.isFinite(s.value) ? `${show(s.value)} (${String(s.source)})` : MISSING;
}

/**
 * The server's settings as fact rows for the report header, with the parallelism measured beside the one
 * set; empty when run.json recorded none (older runs).
 */
export function serverSettingsFacts(manifest: RunManifest, parallelism: ParallelismFinding): Array<[string, string]> {
  const settings = manifest.target.settings;
  if (settings === undefined || typeof settings !== 'object' || settings === null) return [];
  const rows: Array<[string, string]> = [];
  const parallel = setting(settings.parallel, String);
  const measured = parallelism.slots === null ? 'not measured' : `${parallelism.atLeast ? 'at least ' : ''}${parallelism.slots}`;
  rows.push(['Server parallelism', `set: ${parallel ?? 'not revealed'}; effective (measured): ${measured}`]);
  const context = setting(settings.contextSize, (n) => `${integer(n)} tokens`);
  if (context !== null) rows.push(['Server context', context]);
  const vram = setting(settings.vramBytes, gibibytes);
  if (vram !== null) rows.push(['Model in VRAM', vram]);
  const size = setting(settings.modelBytes, gibibytes);
  if (size !== null) rows.push(['Model size', size]);
  const environment = settings.environment;
  if (environment !== undefined && typeof environment === 'object' && environment !== null) {
    const text = Object.entries(environment).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    if (text !== '') rows.push(['Server environment', text]);
  }
  for (const note of Array.isArray(settings.notes) ? settings.notes : []) rows.push(['Server note', String(note)]);
  return rows;
}
