// `tokenbench report RUN --format html`: one self-contained file (data, chart.js and script inlined).
import type { ReportModel } from '../../../common/report/report-model.js';
import { htmlDocument } from './document.js';
import { runReportPage } from './report-page.js';

export function renderHtml(model: ReportModel): string {
  return htmlDocument(runReportPage(model));
}
