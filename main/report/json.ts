import type { RunSummary } from '../../common/results.js';
import type { RunManifest } from '../../common/run-manifest.js';

export const JSON_REPORT_FORMAT = 'tokenbench-report';
export const JSON_REPORT_VERSION = 1;

/** The JSON report: the run's manifest and its level summaries under a format tag, pretty-printed. */
export function renderJson(input: { manifest: RunManifest; summary: RunSummary }): string {
  const report = {
    format: JSON_REPORT_FORMAT,
    version: JSON_REPORT_VERSION,
    run: input.manifest,
    levels: input.summary.levels,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
