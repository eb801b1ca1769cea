// The ranking as one self-contained HTML file: the same page machinery as the run report (data as inert
// JSON, text inserted with textContent, chart.js inlined, a CSP that fetches nothing).
import type { RankingModel } from '../../../common/report/ranking.js';
import { chartBlocks, type ReportPage } from '../html/blocks.js';
import { htmlDocument } from '../html/document.js';
import { definitionsBlock, warningBlocks } from '../html/run-blocks.js';

export function renderRankingHtml(model: RankingModel): string {
  return htmlDocument(rankingPage(model));
}

export function rankingPage(model: RankingModel): ReportPage {
  const { view } = model;
  return {
    title: `Tokenbench ranking: ${model.runs.map((r) => r.model).join(', ')}`,
    subtitle: `${model.runs.length} runs; ${model.runs[0]?.serverUrl ?? ''}`,
    sections: [
      {
        id: 'ranking',
        title: 'Ranking',
        blocks: [...warningBlocks(model.warnings), { type: 'paragraph', tone: 'headline', text: view.rule }, { type: 'table', table: view.table }],
      },
      { id: 'levels', title: 'Each model per level', blocks: [...chartBlocks(view.charts), { type: 'table', table: view.levelsTable }] },
      { id: 'definitions', title: 'Definitions', blocks: [definitionsBlock()] },
    ],
  };
}
