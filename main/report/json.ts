import type { ReportModel } from '../../common/report/report-model.js';

export const JSON_REPORT_FORMAT = 'tokenbench-report';
export const JSON_REPORT_VERSION = 1;

/** The JSON report: the run's manifest and its level summaries under a format tag, pretty-printed. */
export function renderJson(model: ReportModel): string {
  const report = {
    format: JSON_REPORT_FORMAT,
    version: JSON_REPORT_VERSION,
    run: model.manifest,
    levels: model.levels,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
