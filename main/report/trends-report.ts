// The trends of a runs folder (common/report/trends.ts): every run folder in it read once — its manifest,
// its level summaries (recovered for an interrupted run) and the verdict main/metrics gives them with the
// thresholds. `tokenbench history` and the app's History start here. A run still being written is left
// out; a folder that cannot be read is listed with why.
import type { VerdictThresholds } from '../../common/findings.js';
import { trendsModel, type TrendRun, type TrendsModel } from '../../common/report/trends.js';
import { computeVerdict } from '../metrics/verdict.js';
import { listRuns, openRunFolder } from '../store/run-reader.js';

export async function readTrends(runsDir: string, thresholds: VerdictThresholds): Promise<TrendsModel> {
  const runs: TrendRun[] = [];
  const skipped: TrendsModel['skipped'] = [];
  for (const listed of await listRuns(runsDir)) {
    if (listed.status === 'running') continue;
    try {
      const run = await openRunFolder(listed.dir);
      const levels = [...run.summary.levels].sort((a, b) => a.concurrency - b.concurrency);
      runs.push({ manifest: run.manifest, levels, verdict: computeVerdict(levels, thresholds) });
    } catch (err) {
      skipped.push({ dir: listed.dir, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return trendsModel(runs, thresholds, skipped);
}
