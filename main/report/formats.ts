import type { OpenedRun } from '../store/run-reader.js';
import { csvOptions, renderCsv } from './csv.js';
import { renderHtmlReport } from './html/index.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

/** Options a report format may use (thresholds for the verdict, legacy CSV columns …). */
export interface ReportOptions {
  /** Wait threshold for the verdict, ms (default 10 s). */
  maxWaitMs?: number;
  /** Speed threshold for the verdict, tokens/s (default 20). */
  minTokensPerSecond?: number;
  /** CSV: columns compatible with the study's request_summary.csv. */
  legacy?: boolean;
  /** CSV: which table (requests, levels, gpu, process). */
  table?: string;
}

export type ReportRenderer = (run: OpenedRun, options: ReportOptions) => string | Promise<string>;

/** Every `tokenbench report --format` value, one line each. */
export const REPORT_FORMATS: Record<string, ReportRenderer> = {
  json: (run) => renderJson({ manifest: run.manifest, summary: run.summary }),
  csv: (run, options) => renderCsv(run, csvOptions(options)),
  html: (run, options) => renderHtmlReport(run, options),
  md: (run) => renderMarkdown({ manifest: run.manifest, summary: run.summary, warnings: run.warnings }),
};
