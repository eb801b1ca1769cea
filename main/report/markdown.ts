import type { ErrorKind, LevelSummary, RunSummary } from '../../common/results.js';
import { ERROR_KINDS } from '../../common/results.js';
import type { RunManifest } from '../../common/run-manifest.js';
import { errorPercent, escapeMarkdown, fixed, MISSING, rate, seconds } from './cells.js';
import { DEFINITIONS } from './definitions.js';
import { energyTableCells } from './energy-table.js';

export interface MarkdownReportInput {
  manifest: RunManifest;
  summary: RunSummary;
  /** Extra notes to show beside the manifest's own warnings (e.g. found while reading the run folder). */
  warnings?: string[];
}

/** Long prompts would drown the header; the run folder keeps the full text. */
const PROMPT_PREVIEW_CHARS = 200;

/**
 * The Markdown report: what ran, then tables like the study's, then the definitions. Every piece of
 * text that did not come from this file (prompt, model, messages) goes through escapeMarkdown.
 */
export function renderMarkdown(input: MarkdownReportInput): string {
  const { manifest, summary } = input;
  const levels = summary.levels;
  const parts: string[] = [`# Tokenbench run ${escapeMarkdown(manifest.id)}`, '', ...header(manifest), ''];

  const warnings = [...new Set([...(manifest.warnings ?? []), ...(input.warnings ?? [])])];
  if (warnings.length > 0) {
    // A list inside the quote: consecutive quoted lines would otherwise merge into one paragraph.
    parts.push('> **Warnings**', '>', ...warnings.map((w) => `> - ${escapeMarkdown(w)}`), '');
  }

  if (levels.length === 0) {
    parts.push('No level finished: there are no results to show.', '');
  } else {
    parts.push(
      '## Wait and speed per level',
      '',
      ...waitAndSpeedTable(levels),
      '',
      '## Throughput and wait per level',
      '',
      ...throughputTable(levels),
      '',
      '## Request duration (E2E) per level',
      '',
      ...durationTable(levels),
      '',
      '## Errors by kind',
      '',
      ...errorsTable(levels),
      '',
    );
    if (levels.some((l) => l.energy)) parts.push('## Energy per level', '', ...energyTable(levels), '');
  }

  parts.push('## Definitions', '', ...DEFINITIONS.map((d) => `- **${d.term}** — ${d.text}`), '');
  return parts.join('\n');
}

function header(m: RunManifest): string[] {
  const { config, target, host } = m;
  const status = m.reason ? `${m.status} — ${escapeMarkdown(m.reason)}` : m.status;
  const server = target.serverVersion ? `, server ${escapeMarkdown(target.serverVersion)}` : '';
  const gpu = host.gpu
    ? `${escapeMarkdown(host.gpu.name)}${host.gpu.cores ? ` (${host.gpu.cores} cores)` : ''}`
    : 'none detected';
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
    `- **Model:** ${escapeMarkdown(target.model)}${modelDetails(target.modelDetails)}`,
    `- **Host:** ${escapeMarkdown(`${host.os} ${host.osVersion} (${host.arch})`)}, ` +
      `${escapeMarkdown(host.cpuModel)} × ${host.cpuCores} cores, ` +
      `${fixed(host.ramBytes / 1024 ** 3, 1)} GiB RAM, GPU ${gpu}`,
    `- **Load:** ${load.join('; ')}`,
    `- **Request:** prompt “${escapeMarkdown(preview(config.prompt))}”, max tokens ${config.maxTokens ?? 'server default'}, thinking ${think}`,
    `- **Limits:** timeout ${fixed(config.timeoutMs / 1000, 0)} s, idle timeout ${fixed(config.idleTimeoutMs / 1000, 0)} s`,
    `- **Tool:** ${m.tool.name} ${escapeMarkdown(m.tool.version)}`,
  ];
}

/** Only the plain-valued details (family, parameter size, quantisation …); nested objects add noise. */
function modelDetails(details: Record<string, unknown> | null): string {
  if (!details) return '';
  const shown = Object.entries(details)
    .filter((e): e is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof e[1]))
    .map(([k, v]) => `${k} ${String(v)}`);
  return shown.length > 0 ? ` (${escapeMarkdown(shown.join(', '))})` : '';
}

function preview(prompt: string): string {
  const chars = [...prompt];
  return chars.length <= PROMPT_PREVIEW_CHARS
    ? prompt
    : `${chars.slice(0, PROMPT_PREVIEW_CHARS).join('')}… (${chars.length} characters)`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---:')), ...rows.map(line)];
}

function waitAndSpeedTable(levels: readonly LevelSummary[]): string[] {
  return table(
    ['Parallel', 'TTFT avg (s)', 'TTFT p95 (s)', 'TTFT p99 (s)', 'Avg t/s', 'Slow-tail t/s (p5)', 'Slow-tail t/s (p1)', 'Errors %'],
    levels.map((l) => [
      String(l.concurrency),
      seconds(l.ttftMs?.mean),
      seconds(l.ttftMs?.p95),
      seconds(l.ttftMs?.p99),
      rate(l.tokensPerSecond?.mean),
      rate(l.tokensPerSecond?.p5),
      rate(l.tokensPerSecond?.p1),
      errorPercent(l),
    ]),
  );
}

function throughputTable(levels: readonly LevelSummary[]): string[] {
  return table(
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

function durationTable(levels: readonly LevelSummary[]): string[] {
  return table(
    ['Parallel', 'Min (s)', 'Mean (s)', 'p99 (s)', 'Max (s)'],
    levels.map((l) => [
      String(l.concurrency),
      seconds(l.e2eMs?.min),
      seconds(l.e2eMs?.mean),
      seconds(l.e2eMs?.p99),
      seconds(l.e2eMs?.max),
    ]),
  );
}

/** One column per error kind that occurred anywhere in the run, in the contract's order. */
function errorsTable(levels: readonly LevelSummary[]): string[] {
  const kinds: ErrorKind[] = ERROR_KINDS.filter((k) => levels.some((l) => (l.errorsByKind[k] ?? 0) > 0));
  if (kinds.length === 0) return ['No request ended in error.'];
  return table(
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

/** Only when telemetry measured power; a level without samples shows MISSING, not 0 J. */
function energyTable(levels: readonly LevelSummary[]): string[] {
  const { headers, rows } = energyTableCells(levels);
  return table(headers, rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? escapeMarkdown(cell) : cell))));
}
