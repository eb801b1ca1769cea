import type { ChartBlock } from '../../common/charts/chart-model.js';
import { errorPercent, fixed, MISSING, rate, seconds } from '../../common/format.js';
import type { ReportModel } from '../../common/report/report-model.js';
import type { VerdictView } from '../../common/report/verdict-view.js';
import { ERROR_KINDS, type ErrorKind, type LevelSummary } from '../../common/results.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { definitionsSection, escapeMarkdown, markdownTable, warningQuote } from './markdown-text.js';
import { modelDetailsText } from './model-details.js';

/** Long prompts would drown the header; the run folder keeps the full text. */
const PROMPT_PREVIEW_CHARS = 200;

/**
 * The Markdown report: what ran, the verdict with the model's thresholds, then tables like the study's,
 * then the definitions. Every piece of text that did not come from this file (prompt, model, messages)
 * goes through escapeMarkdown.
 */
export function renderMarkdown(model: ReportModel): string {
  const { manifest, levels, view } = model;
  const parts: string[] = [`# Tokenbench run ${escapeMarkdown(manifest.id)}`, '', ...header(manifest), '', ...warningQuote(model.warnings)];

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
    );
    if (view.energy.type === 'table') parts.push('## Energy per level', '', ...markdownTable(view.energy.table.headers, view.energy.table.rows), '');
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
    `concurrency ${config.concurrency.join(', ')}`,
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

function preview(prompt: string): string {
  const chars = [...prompt];
  return chars.length <= PROMPT_PREVIEW_CHARS
    ? prompt
    : `${chars.slice(0, PROMPT_PREVIEW_CHARS).join('')}… (${chars.length} characters)`;
}

/** The verdict panel as text: how the thresholds apply, the answers, the parallelism, each level against them. */
function verdictSection(verdict: VerdictView): string[] {
  return [
    escapeMarkdown(verdict.rule),
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
  return markdownTable(
    ['Parallel', 'OK / requests', 'Output tokens', 'Wall time (s)', 'Throughput t/s', 'Wait avg (s)', 'Wait p99 (s)', 'Queue avg (s)'],
    levels.map((l) => [
      String(l.concurrency),
      `${l.ok} / ${l.requests}`,
      String(l.outputTokensTotal),
      seconds(l.wallMs),
      rate(l.throughputTokensPerSecond),
      seconds(l.ttftMs?.mean),
      seconds(l.ttftMs?.p99),
      seconds(l.queueMs?.mean),
    ]),
  );
}

/** One column per error kind that occurred anywhere in the run, in the contract's order: counts (the HTML chart shows shares). */
function errorsTable(levels: readonly LevelSummary[]): string[] {
  const kinds: ErrorKind[] = ERROR_KINDS.filter((k) => levels.some((l) => (l.errorsByKind[k] ?? 0) > 0));
  if (kinds.length === 0) return ['No request ended in error.'];
  return markdownTable(
    ['Parallel', 'Requests', 'Errors', 'Errors %', ...kinds],
    levels.map((l) => [
      String(l.concurrency),
      String(l.requests),
      String(l.errors),
      errorPercent(l),
      ...kinds.map((k) => String(l.errorsByKind[k] ?? 0)),
    ]),
  );
}
