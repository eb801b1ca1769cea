import type { RankingModel } from '../../../common/report/ranking.js';

export const JSON_RANKING_FORMAT = 'tokenbench-ranking';
export const JSON_RANKING_VERSION = 1;

/** The ranking as data: the thresholds, each run in rank order with its verdict per level and model facts, the warnings. */
export function renderRankingJson(model: RankingModel): string {
  const ranking = {
    format: JSON_RANKING_FORMAT,
    version: JSON_RANKING_VERSION,
    thresholds: model.thresholds,
    rule: model.view.rule,
    runs: model.runs,
    warnings: model.warnings,
  };
  return `${JSON.stringify(ranking, null, 2)}\n`;
}
