// `tokenbench report RUN --format html`: one self-contained file (data, chart.js and script inlined).
import type { OpenedRun } from '../../store/run-reader.js';
import type { ReportOptions } from '../formats.js';
import { readRunTelemetry } from '../run-telemetry.js';
import { htmlDocument } from './document.js';
import { runReportPage } from './report-page.js';

export async function renderHtmlReport(run: OpenedRun, options: ReportOptions = {}): Promise<string> {
  return htmlDocument(runReportPage(run, await readRunTelemetry(run.dir), options));
}
