// `tokenbench compare RUN_A RUN_B --format md`: both runs, their verdicts and the deltas per level.
import { MISSING } from '../../../common/format.js';
import { definitionsSection, escapeMarkdown, markdownTable, warningQuote } from '../markdown-text.js';
import { verdictRows, type Comparison } from './comparison.js';
import { DELTA_HEADERS, deltaRows } from './deltas.js';

export function renderCompareMarkdown(comparison: Comparison): string {
  const [ra, rb] = comparison.runs;
  const ma = ra.model.manifest;
  const mb = rb.model.manifest;
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
  const warnings = comparison.runs.flatMap((r) => r.model.warnings.map((w) => `${r.name}: ${w}`));
  return [
    `# Tokenbench comparison: ${escapeMarkdown(ma.id)} (A) vs ${escapeMarkdown(mb.id)} (B)`,
    '',
    ...markdownTable(['', 'A', 'B'], facts, '---'),
    '',
    ...warningQuote(warnings),
    '## Verdict',
    '',
    ...markdownTable(['', 'A', 'B'], verdictRows(comparison), '---'),
    '',
    '## Deltas per level (B − A)',
    '',
    '"Better" names the run that did better on the metric at that level.',
    '',
    ...markdownTable(DELTA_HEADERS, deltaRows(comparison.deltas, MISSING)),
    '',
    ...definitionsSection(),
  ].join('\n');
}
