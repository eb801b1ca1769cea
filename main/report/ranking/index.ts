// `tokenbench rank RUN...`: the ranking of several run folders, built once (ranking-report.ts) and
// rendered by one function per format.
import type { RankingModel } from '../../../common/report/ranking.js';
import { renderRankingHtml } from './html.js';
import { renderRankingJson } from './json.js';
import { renderRankingMarkdown } from './markdown.js';

export type RankingRenderer = (model: RankingModel) => string;

/** Every `tokenbench rank --format` value. */
export const RANKING_FORMATS: Record<string, RankingRenderer> = {
  md: renderRankingMarkdown,
  html: renderRankingHtml,
  json: renderRankingJson,
};
