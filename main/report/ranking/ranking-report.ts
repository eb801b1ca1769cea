// The ranking of opened run folders: each run's report model (main/report/report-model.ts), built with the
// same thresholds, ordered by common/report/ranking.ts. `tokenbench rank`, the end of a multi-model run and
// the app's ranking view all start here.
import type { VerdictThresholds } from '../../../common/findings.js';
import { rankingModel, type RankingModel } from '../../../common/report/ranking.js';
import type { OpenedRun } from '../../store/run-reader.js';
import { buildReportModel } from '../report-model.js';

export async function rankRuns(runs: readonly OpenedRun[], thresholds: VerdictThresholds): Promise<RankingModel> {
  return rankingModel(await Promise.all(runs.map((run) => buildReportModel(run, thresholds))));
}
