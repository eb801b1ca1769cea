import type { ReportModel } from '../../common/report/report-model.js';
import { csvOptions, renderCsv } from './csv.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { ThresholdOptions } from './report-model.js';

/** What a format may be told besides the model (CSV: which table, the study's columns). */
export interface FormatOptions {
  /** CSV: columns compatible with the study's request_summary.csv. */
  legacy?: boolean;
  /** CSV: which table (requests, levels, gpu, process). */
  table?: string;
}

/** Everything `tokenbench report` takes besides the run: thresholds go into the model, the rest to the format. */
export type ReportOptions = ThresholdOptions & FormatOptions;

/** One format: the model in, the file's text out. Thresholds are already in the model, so no format can ignore them. */
export type ReportRenderer = (model: ReportModel, options: FormatOptions) => string;

/** Every `tokenbench report --format` value, one line each. */
export const REPORT_FORMATS: Record<string, ReportRenderer> = {
  json: (model) => renderJson(model),
  csv: (model, options) => renderCsv(model, csvOptions(options)),
  html: (model) => renderHtml(model),
  md: (model) => renderMarkdown(model),
};
