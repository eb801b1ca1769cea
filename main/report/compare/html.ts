// `tokenbench compare RUN_A RUN_B --format html`: the report's charts with both runs overlaid (B dashed),
// and the deltas per level.
import type { OpenedRun } from '../../store/run-reader.js';
import { MISSING } from '../cells.js';
import type { ReportOptions } from '../formats.js';
import type { Block, ReportPage } from '../html/blocks.js';
import { htmlDocument } from '../html/document.js';
import { levelChartBlocks, type RunSeries } from '../html/level-charts.js';
import { thresholdsOf, warningBlocks } from '../html/report-page.js';
import { definitionsBlock, manifestFacts } from '../html/run-blocks.js';
import { telemetryChartBlocks, type TelemetrySeries } from '../html/telemetry-charts.js';
import { readRunTelemetry, type RunTelemetry } from '../run-telemetry.js';
import { compareRuns, verdictRows, type Comparison } from './comparison.js';
import { DELTA_HEADERS, deltaRows } from './deltas.js';

export async function renderCompareHtml(a: OpenedRun, b: OpenedRun, options: ReportOptions = {}): Promise<string> {
  const comparison = compareRuns(a, b, thresholdsOf(options));
  const telemetry = await Promise.all([readRunTelemetry(a.dir), readRunTelemetry(b.dir)]);
  return htmlDocument(comparePage(comparison, telemetry));
}

export function comparePage(comparison: Comparison, telemetry: [RunTelemetry, RunTelemetry]): ReportPage {
  const [a, b] = comparison.runs;
  const series: RunSeries[] = comparison.runs.map((r, i) => ({
    name: r.name,
    levels: [...r.run.summary.levels].sort((x, y) => x.concurrency - y.concurrency),
    records: r.run.requests,
    dashed: i === 1,
  }));
  const telemetrySeries: TelemetrySeries[] = comparison.runs.map((r, i) => ({
    name: r.name,
    dashed: i === 1,
    originMs: Date.parse(r.run.manifest.startedAt),
    telemetry: telemetry[i],
    levels: r.run.summary.levels,
    status: r.run.manifest.telemetry ?? {},
  }));
  const charts = telemetryChartBlocks(telemetrySeries);
  const warnings = warningBlocks(
    comparison.runs.flatMap((r, i) => [...(r.run.manifest.warnings ?? []), ...r.run.warnings, ...telemetry[i].warnings].map((w) => `${r.name}: ${w}`)),
  );
  const sameModel = a.run.manifest.target.model === b.run.manifest.target.model;
  const note: Block[] = sameModel
    ? []
    : [{ type: 'paragraph', tone: 'note', text: `The runs used different models (A: ${a.run.manifest.target.model}, B: ${b.run.manifest.target.model}).` }];
  return {
    title: `Tokenbench comparison: ${a.run.manifest.target.model} vs ${b.run.manifest.target.model}`,
    subtitle: `A = ${a.run.manifest.id} (solid lines), B = ${b.run.manifest.id} (dashed lines); deltas are B − A`,
    sections: [
      { id: 'runs', title: 'The two runs', blocks: [...warnings, ...note, manifestFacts([a.run.manifest, b.run.manifest], ['A', 'B'])] },
      { id: 'verdict', title: 'Verdict', blocks: [{ type: 'facts', headers: ['', 'A', 'B'], rows: verdictRows(comparison) }] },
      {
        id: 'deltas',
        title: 'Deltas per level (B − A)',
        blocks: [{ type: 'table', caption: '"Better" names the run that did better on the metric at that level', table: { headers: DELTA_HEADERS, rows: deltaRows(comparison.deltas, MISSING) } }],
      },
      { id: 'levels', title: 'Wait, speed and throughput per level', blocks: levelChartBlocks(series) },
      { id: 'gpu', title: 'GPU over time', blocks: charts.gpu },
      { id: 'process', title: 'Server process over time', blocks: charts.process },
      { id: 'definitions', title: 'Definitions', blocks: [definitionsBlock()] },
    ],
  };
}
