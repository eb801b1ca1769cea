import type { RankingModel } from '../../../common/report/ranking.js';
import { definitionsSection, escapeMarkdown, markdownTable, warningQuote } from '../markdown-text.js';

/** The ranking as Markdown: the rule, the ranking table, each model per level, the definitions. */
export function renderRankingMarkdown(model: RankingModel): string {
  const { view } = model;
  return [
    `# Tokenbench ranking: ${model.runs.map((r) => escapeMarkdown(r.model)).join(', ')}`,
    '',
    escapeMarkdown(view.rule),
    '',
    ...warningQuote(model.warnings),
    '## Ranking',
    '',
    ...markdownTable(view.table.headers, view.table.rows),
    '',
    '## Each model per level',
    '',
    ...markdownTable(view.levelsTable.headers, view.levelsTable.rows),
    '',
    ...definitionsSection(),
  ].join('\n');
}
