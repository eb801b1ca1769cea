import type { ChartBlock } from '../../common/charts/chart-model.js';
import { errorPercent, fixed, MISSING, okOfSent, rate, seconds } from '../../common/format.js';
import { levelOutcomes } from '../../common/level-outcomes.js';
import type { ReportModel } from '../../common/report/report-model.js';
import type { VerdictView } from '../../common/report/verdict-view.js';
import { levelColumns, rateText } from '../../common/levels.js';
import { ERROR_KINDS, type ErrorKind, type LevelSummary } from '../../common/results.js';
import { describeSlo } from '../../common/slo.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { definitionsSection, escapeMarkdown, escapeMarkdownBlock, markdownTable, warningQuote } from './markdown-text.js';
import { modelDetailsText } from './model-details.js';

/** Long prompts would drown the header; the run folder keeps the full text. */
const PROMPT_PREVIEW_CHARS = 200;

/**
 * The Markdown report: what ran, the verdict with the model's thresholds, then tables like the study's,
 * then the definitions. Every piece of text that did not come from this file (prompt, model, messages,
 * every run.json string) goes through escapeMarkdown, or escapeMarkdownBlock where it starts a block; the
 * rest is numbers and the run.json enums the schema checked (status, API).
 */
export function renderMarkdown(model: ReportModel): string {
  const { manifest, levels, view } = model;
  const parts: string[] = [
    `# Tokenbench run ${escapeMarkdown(manifest.id)}`,
    '',
    ...header(manifest),
    ...factLines([...view.workload, ...view.serverSettings]),
    '',
    ...warningQuote(model.warnings),
  ];

  if (levels.length === 0) {
    parts.push('No level finished: there are no results to show.', '');
  } else {
    parts.push(
      '## Verdict',
      '',
      ...verdictSection(view.verdict),
      '## Summary per level',
      '',
      ...markdownTable(view.studyTable.headers, view.studyTable.rows),
      '',
      '## Request rate and goodput per level',
      '',
      ...markdownTable(view.loadTable.headers, view.loadTable.rows),
      '',
      escapeMarkdown(view.loadLegend),
      '',
      ...(view.repeats ? ['## Repeats', '', escapeMarkdown(view.repeats.legend), '', ...markdownTable(view.repeats.table.headers, view.repeats.table.rows), ''] : []),
      '## Speed per level',
      '',
      ...chartTable(view.levelCharts, 'speed'),
      '',
      '## Throughput and wait per level',
      '',
      ...throughputTable(levels),
      '',
      '## Request duration (E2E) per level',
      '',
      ...chartTable(view.levelCharts, 'duration'),
      '',
      '## Errors by kind',
      '',
      ...errorsTable(levels),
      '',
      '## Reasoning per level',
      '',
      ...chartTable(view.levelCharts, 'reasoning'),
      '',
    );
    if (view.energy.type === 'table') parts.push('## Energy per level', '', ...markdownTable(view.energy.table.headers, view.energy.table.rows), '');
    parts.push(...serverSections(view));
  }

  parts.push(...definitionsSection());
  return parts.join('\n');
}

function header(m: RunManifest): string[] {
  const { config, target, host } = m;
  const status = m.reason ? `${m.status} — ${escapeMarkdown(m.reason)}` : m.status;
  const server = target.serverVersion ? `, server ${escapeMarkdown(target.serverVersion)}` : '';
  const gpu = host.gpu
    ? `${escapeMarkdown(host.gpu.name)}${host.gpu.cores ? ` (${host.gpu.cores} cores)` : ''}`
    : 'none detected';
  const details = modelDetailsText(target.modelDetails);
  const load = [
    `${config.mode} mode`,
    ...loadShape(config),
    config.requests !== undefined ? `${config.requests} requests per level` : null,
    config.durationMs !== undefined ? `${fixed(config.durationMs / 1000, 0)} s per level` : null,
    `cooldown ${fixed(config.cooldownMs / 1000, 0)} s`,
    `warm-up ${config.warmup ? 'yes' : 'no'}`,
  ].filter((s) => s !== null);
  const think = config.think === undefined ? 'server default' : config.think ? 'on' : 'off';
  return [
    `- **Status:** ${status}`,
    `- **Started:** ${escapeMarkdown(m.startedAt)} · **Ended:** ${m.endedAt ? escapeMarkdown(m.endedAt) : MISSING}`,
    `- **Target:** ${escapeMarkdown(target.url)} (${target.api} API${server})`,
    `- **Model:** ${escapeMarkdown(target.model)}${details ? ` (${escapeMarkdown(details)})` : ''}`,
    `- **Host:** ${escapeMarkdown(`${host.os} ${host.osVersion} (${host.arch})`)}, ` +
      `${escapeMarkdown(host.cpuModel)} × ${host.cpuCores} cores, ` +
      `${fixed(host.ramBytes / 1024 ** 3, 1)} GiB RAM, GPU ${gpu}`,
    `- **Load:** ${load.join('; ')}`,
    `- **Request:** prompt “${escapeMarkdown(preview(config.prompt))}”, max tokens ${config.maxTokens ?? 'server default'}, thinking ${think}`,
    `- **Limits:** timeout ${fixed(config.timeoutMs / 1000, 0)} s, idle timeout ${fixed(config.idleTimeoutMs / 1000, 0)} s`,
    `- **Tool:** ${m.tool.name} ${escapeMarkdown(m.tool.version)}`,
  ];
}

/** Workload and server-setting rows (common/report/server-view-table.ts) as header lines. */
function factLines(rows: ReadonlyArray<[string, string]>): string[] {
  return rows.map(([label, value]) => `- **${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`);
}

/** The server's view, the conversations' turns and the lengths reached (issue 14). */
function serverSections(view: ReportModel['view']): string[] {
  const block = view.serverView;
  const out = ["## The server's view beside ours", '', escapeMarkdown(block.description), '', ...markdownTable(block.table.headers, block.table.rows), ''];
  if (block.unavailable) out.push(escapeMarkdown(block.unavailable), '');
  if (view.turns) out.push('## Conversations: TTFT and the prompt cache per turn', '', ...markdownTable(view.turns.table.headers, view.turns.table.rows), '');
  if (view.lengthReach) out.push('## Output lengths reached', '', ...markdownTable(view.lengthReach.headers, view.lengthReach.rows), '');
  return out;
}

/** What levels the run had: concurrency levels, or rates with their arrivals, seed and cap; repeats and objectives. */
function loadShape(config: RunManifest['config']): string[] {
  const paced = config.mode === 'rate' || config.mode === 'sweep';
  return [
    config.mode === 'rate' ? `rates ${(config.rates ?? []).map(rateText).join(', ')} requests/s` : config.mode === 'sweep' ? null : `concurrency ${config.concurrency.join(', ')}`,
    paced ? `${config.arrivals ?? 'poisson'} arrivals${config.seed === undefined ? '' : `, seed ${config.seed}`}` : null,
    config.maxConcurrency !== undefined ? `at most ${config.maxConcurrency} in flight` : null,
    (config.repeats ?? 1) > 1 ? `${config.repeats} repeats` : null,
    config.slo ? `goodput objectives ${describeSlo(config.slo)}` : null,
  ].filter((s): s is string => s !== null);
}

function preview(prompt: string): string {
  const chars = [...prompt];
  return chars.length <= PROMPT_PREVIEW_CHARS
    ? prompt
    : `${chars.slice(0, PROMPT_PREVIEW_CHARS).join('')}… (${chars.length} characters)`;
}

/** The verdict panel as text: how the thresholds apply, the answers, the parallelism, each level against them. */
function verdictSection(verdict: VerdictView): string[] {
  return [
    escapeMarkdownBlock(verdict.rule),
    '',
    ...markdownTable(
      ['', 'Answer', 'How'],
      verdict.cards.map((c) => [c.label, c.value, c.detail]),
      '---',
    ),
    '',
    `**${escapeMarkdown(verdict.headline)}**`,
    '',
    ...markdownTable(verdict.table.headers, verdict.table.rows),
    '',
  ];
}

/** The data table of one of the model's charts, as the HTML report and the dashboard show it behind the chart. */
function chartTable(blocks: readonly ChartBlock[], id: string): string[] {
  const block = blocks.find((b) => b.id === id);
  return block ? markdownTable(block.table.headers, block.table.rows) : [];
}

function throughputTable(levels: readonly LevelSummary[]): string[] {
  const lead = levelColumns(levels);
  return markdownTable(
    [...lead.headers, 'OK / requests', 'Output tokens', 'Wall time (s)', 'Throughput t/s', 'Wait avg (s)', 'Wait p99 (s)', 'Queue avg (s)'],
    levels.map((l) => [
      ...lead.cells(l),
      okOfSent(l),
      String(l.outputTokensTotal),
      seconds(l.wallMs),
      rate(l.throughputTokensPerSecond),
      seconds(l.ttftMs?.mean),
      seconds(l.ttftMs?.p99),
      seconds(l.queueMs?.mean),
    ]),
  );
}

/**
 * One column per error kind that occurred anywhere in the run, in the contract's order: counts (the HTML chart
 * shows shares). Cancelled requests are not errors: a column of their own (common/level-outcomes.ts).
 */
function errorsTable(levels: readonly LevelSummary[]): string[] {
  const kinds: ErrorKind[] = ERROR_KINDS.filter((k) => k !== 'cancelled' && levels.some((l) => (l.errorsByKind[k] ?? 0) > 0));
  const outcomes = levels.map(levelOutcomes);
  const withCancelled = outcomes.some((o) => o.cancelled > 0);
  if (kinds.length === 0 && !withCancelled) return ['No request ended in error.'];
  const lead = levelColumns(levels);
  return markdownTable(
    [...lead.headers, 'Requests', 'Errors', 'Errors %', ...kinds, ...(withCancelled ? ['Cancelled'] : [])],
    levels.map((l, i) => [
      ...lead.cells(l),
      String(l.requests),
      String(outcomes[i].failed),
      errorPercent(l),
      ...kinds.map((k) => String(l.errorsByKind[k] ?? 0)),
      ...(withCancelled ? [String(outcomes[i].cancelled)] : []),
    ]),
  );
}
