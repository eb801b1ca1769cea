// `tokenbench compare RUN_A RUN_B --format md`: both runs, their verdicts and the deltas per level.
import { rateText } from '../../../common/levels.js';
import type { RunManifest } from '../../../common/run-manifest.js';
import { MISSING } from '../../../common/format.js';
import { definitionsSection, escapeMarkdown, markdownTable, warningQuote } from '../markdown-text.js';
import { verdictRows, type Comparison } from './comparison.js';
import { deltaHeaders, deltaRows } from './deltas.js';
import { NOISE_HEADERS, NOISE_TEST_STATEMENT, noiseRows, noiseSummary } from './noise.js';

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
    ['Levels', levelsOf(ma), levelsOf(mb)],
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
    ...markdownTable(deltaHeaders(comparison.deltas), deltaRows(comparison.deltas, MISSING)),
    '',
    '## Outside the noise? (repeats)',
    '',
    NOISE_TEST_STATEMENT,
    '',
    `**${noiseSummary(comparison.noise)}**`,
    '',
    ...(noiseRows(comparison.noise).length > 0 ? [...markdownTable(NOISE_HEADERS, noiseRows(comparison.noise)), ''] : []),
    ...definitionsSection(),
  ].join('\n');
}

/** "1, 2, 4 (burst)", "0.5, 1, 2 requests/s (rate)", "sweep", with the repeats. */
function levelsOf(m: RunManifest): string {
  const c = m.config;
  const levels = c.mode === 'rate' ? `${(c.rates ?? []).map(rateText).join(', ')} requests/s (rate)` : c.mode === 'sweep' ? 'sweep' : `${c.concurrency.join(', ')} (${c.mode})`;
  return (c.repeats ?? 1) > 1 ? `${levels}, ${c.repeats} repeats` : levels;
}
