import type { ReportModel } from '../../common/report/report-model.js';

export const JSON_REPORT_FORMAT = 'tokenbench-report';
export const JSON_REPORT_VERSION = 1;

/**
 * The JSON report: the run's manifest, its level summaries (with goodput against `slo`), and the verdict
 * (with the thresholds it was judged by) and effective parallelism the other formats show; for a repeated
 * run each level over its repeats, for a sweep its course; the server's view per level, the conversations'
 * turns and the reach of the asked lengths (issue 14) — under a format tag, pretty-printed.
 */
export function renderJson(model: ReportModel): string {
  const report = {
    format: JSON_REPORT_FORMAT,
    version: JSON_REPORT_VERSION,
    run: model.manifest,
    levels: model.levels,
    verdict: model.verdict,
    parallelism: model.parallelism,
    slo: model.slo,
    ...(model.repeats ? { repeats: model.repeats } : {}),
    ...(model.sweep ? { sweep: model.sweep } : {}),
    serverView: model.serverView,
    turns: model.turns,
    lengthReach: model.lengthReach,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
