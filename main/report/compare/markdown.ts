// `tokenbench compare RUN_A RUN_B --format md`: both runs, their verdicts and the deltas per level.
import type { OpenedRun } from '../../store/run-reader.js';
import { escapeMarkdown, MISSING } from '../cells.js';
import { DEFINITIONS } from '../definitions.js';
import type { ReportOptions } from '../formats.js';
import { thresholdsOf } from '../html/report-page.js';
import { compareRuns, verdictRows } from './comparison.js';
import { DELTA_HEADERS, deltaRows } from './deltas.js';

function table(headers: readonly string[], rows: readonly (readonly string[])[], align: string): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => align).join(' | ')} |`, ...rows.map(line)];
}

export function renderCompareMarkdown(a: OpenedRun, b: OpenedRun, options: ReportOptions = {}): string {
  const comparison = compareRuns(a, b, thresholdsOf(options));
  const [ra, rb] = comparison.runs;
  const ma = ra.run.manifest;
  const mb = rb.run.manifest;
  const facts: Array<[string, string, string]> = [
    ['Run', ma.id, mb.id],
    ['Status', ma.status, mb.status],
    ['Started', ma.startedAt, mb.startedAt],
    ['Server', `${ma.target.url} (${ma.target.api})`, `${mb.target.url} (${mb.target.api})`],
    ['Model', ma.target.model, mb.target.model],
    ['Levels', `${ma.config.concurrency.join(', ')} (${ma.config.mode})`, `${mb.config.concurrency.join(', ')} (${mb.config.mode})`],
    ['Host', `${ma.host.os} ${ma.host.osVersion}, ${ma.host.cpuModel}`, `${mb.host.os} ${mb.host.osVersion}, ${mb.host.cpuModel}`],
    ['GPU', ma.host.gpu?.name ?? 'not detected', mb.host.gpu?.name ?? 'not detected'],
  ];
  const warnings = comparison.runs.flatMap((r) => [...(r.run.manifest.warnings ?? []), ...r.run.warnings].map((w) => `${r.name}: ${w}`));
  return [
    `# Tokenbench comparison: ${escapeMarkdown(ma.id)} (A) vs ${escapeMarkdown(mb.id)} (B)`,
    '',
    ...table(['', 'A', 'B'], facts, '---'),
    '',
    ...(warnings.length > 0 ? ['> **Warnings**', '>', ...[...new Set(warnings)].map((w) => `> - ${escapeMarkdown(w)}`), ''] : []),
    '## Verdict',
    '',
    ...table(['', 'A', 'B'], verdictRows(comparison), '---'),
    '',
    '## Deltas per level (B − A)',
    '',
    '"Better" names the run that did better on the metric at that level.',
    '',
    ...table(DELTA_HEADERS, deltaRows(comparison.deltas, MISSING), '---:'),
    '',
    '## Definitions',
    '',
    ...DEFINITIONS.map((d) => `- **${d.term}** — ${d.text}`),
    '',
  ].join('\n');
}
