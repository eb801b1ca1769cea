// The page of one run's HTML report, laid out from the report model: sections in the order a reader asks their questions.
import type { ReportModel } from '../../../common/report/report-model.js';
import { chartBlocks, type Block, type ReportPage } from './blocks.js';
import { definitionsBlock, energyBlock, loadBlocks, manifestFacts, repeatsBlocks, sampleAnswerBlock, verdictBlocks, warningBlocks } from './run-blocks.js';

/** The workload and the server's settings, read before the verdict (what ran against what was set). */
function headerFacts(model: ReportModel): Block[] {
  const rows = [...model.view.workload, ...model.view.serverSettings];
  return rows.length === 0 ? [] : [{ type: 'facts', rows }];
}

/** The server's view beside ours, the conversations' turns and the lengths reached (issue 14). */
function serverBlocks(model: ReportModel): Block[] {
  const { view } = model;
  const blocks: Block[] = chartBlocks([view.serverView, ...(view.turns ? [view.turns] : [])]);
  if (view.lengthReach) blocks.push({ type: 'table', caption: 'Output lengths reached (answers with at least the tokens they asked for)', table: view.lengthReach });
  return blocks;
}

export function runReportPage(model: ReportModel): ReportPage {
  const { manifest, view } = model;
  const noLevels: Block[] = model.levels.length === 0 ? [{ type: 'paragraph', tone: 'warning', text: 'No level finished: there are no results to show.' }] : [];
  return {
    title: `Tokenbench report: ${manifest.target.model}`,
    subtitle: `Run ${manifest.id}, ${manifest.status}, ${manifest.startedAt}; ${manifest.target.url} (${manifest.target.api})`,
    sections: [
      { id: 'verdict', title: 'Verdict', blocks: [...warningBlocks(model.warnings), ...headerFacts(model), ...noLevels, ...verdictBlocks(view.verdict)] },
      { id: 'load', title: 'Request rate and goodput per level', blocks: loadBlocks(model) },
      ...(view.repeats ? [{ id: 'repeats', title: 'Repeats: mean, 95 % confidence interval, CV', blocks: repeatsBlocks(view.repeats) }] : []),
      { id: 'levels', title: 'Wait, speed and throughput per level', blocks: chartBlocks(view.levelCharts) },
      { id: 'server', title: "The server's view", blocks: serverBlocks(model) },
      { id: 'timeline', title: 'The run over time', blocks: chartBlocks(view.timelineCharts) },
      { id: 'gpu', title: 'GPU over time', blocks: chartBlocks(view.gpuCharts) },
      { id: 'process', title: 'Server process over time', blocks: chartBlocks(view.processCharts) },
      { id: 'energy', title: 'Energy', blocks: [energyBlock(view.energy)] },
      { id: 'answer', title: 'Sample answer', blocks: [sampleAnswerBlock(view.sampleAnswer)] },
      { id: 'setup', title: 'Configuration, target and host', blocks: [manifestFacts([manifest], null)] },
      { id: 'definitions', title: 'Definitions', blocks: [definitionsBlock()] },
    ],
  };
}
