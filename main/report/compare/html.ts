// `tokenbench compare RUN_A RUN_B --format html`: the report's charts with both runs overlaid (B dashed),
// and the deltas per level.
import { levelChartBlocks, type RunSeries } from '../../../common/charts/level-charts.js';
import { telemetryChartBlocks, type TelemetrySeries } from '../../../common/charts/telemetry-charts.js';
import { MISSING } from '../../../common/format.js';
import { chartBlocks, type Block, type ReportPage } from '../html/blocks.js';
import { htmlDocument } from '../html/document.js';
import { definitionsBlock, manifestFacts, warningBlocks } from '../html/run-blocks.js';
import { verdictRows, type Comparison } from './comparison.js';
import { deltaHeaders, deltaRows } from './deltas.js';
import { NOISE_HEADERS, NOISE_TEST_STATEMENT, noiseRows, noiseSummary } from './noise.js';

export function renderCompareHtml(comparison: Comparison): string {
  return htmlDocument(comparePage(comparison));
}

export function comparePage(comparison: Comparison): ReportPage {
  const [a, b] = comparison.runs.map((r) => r.model);
  const series: RunSeries[] = comparison.runs.map((r, i) => ({ name: r.name, levels: r.model.levels, records: r.model.requests, dashed: i === 1, repeats: r.model.repeats }));
  const telemetrySeries: TelemetrySeries[] = comparison.runs.map((r, i) => ({
    name: r.name,
    dashed: i === 1,
    originMs: Date.parse(r.model.manifest.startedAt),
    telemetry: r.model.telemetry,
    levels: r.model.levels,
    status: r.model.manifest.telemetry ?? {},
  }));
  const charts = telemetryChartBlocks(telemetrySeries);
  const warnings = warningBlocks(comparison.runs.flatMap((r) => r.model.warnings.map((w) => `${r.name}: ${w}`)));
  const sameModel = a.manifest.target.model === b.manifest.target.model;
  const note: Block[] = sameModel
    ? []
    : [{ type: 'paragraph', tone: 'note', text: `The runs used different models (A: ${a.manifest.target.model}, B: ${b.manifest.target.model}).` }];
  return {
    title: `Tokenbench comparison: ${a.manifest.target.model} vs ${b.manifest.target.model}`,
    subtitle: `A = ${a.manifest.id} (solid lines), B = ${b.manifest.id} (dashed lines); deltas are B − A`,
    sections: [
      { id: 'runs', title: 'The two runs', blocks: [...warnings, ...note, manifestFacts([a.manifest, b.manifest], ['A', 'B'])] },
      { id: 'verdict', title: 'Verdict', blocks: [{ type: 'facts', headers: ['', 'A', 'B'], rows: verdictRows(comparison) }] },
      {
        id: 'deltas',
        title: 'Deltas per level (B − A)',
        blocks: [{ type: 'table', caption: '"Better" names the run that did better on the metric at that level', table: { headers: deltaHeaders(comparison.deltas), rows: deltaRows(comparison.deltas, MISSING) } }],
      },
      { id: 'noise', title: 'Outside the noise? (repeats)', blocks: noiseBlocks(comparison) },
      { id: 'levels', title: 'Wait, speed and throughput per level', blocks: chartBlocks(levelChartBlocks(series)) },
      { id: 'gpu', title: 'GPU over time', blocks: chartBlocks(charts.gpu) },
      { id: 'process', title: 'Server process over time', blocks: chartBlocks(charts.process) },
      { id: 'definitions', title: 'Definitions', blocks: [definitionsBlock()] },
    ],
  };
}

/** The noise test: what it is, its verdict in one sentence, and its table when it could be made. */
function noiseBlocks(comparison: Comparison): Block[] {
  const rows = noiseRows(comparison.noise);
  return [
    { type: 'paragraph', tone: 'note', text: NOISE_TEST_STATEMENT },
    { type: 'paragraph', tone: 'headline', text: noiseSummary(comparison.noise) },
    ...(rows.length > 0 ? [{ type: 'table', caption: 'Per level and headline figure, B − A', table: { headers: NOISE_HEADERS, rows } } as Block] : []),
  ];
}
