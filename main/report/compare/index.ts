import type { OpenedRun } from '../../store/run-reader.js';
import type { ReportOptions } from '../formats.js';
import { renderCompareHtml } from './html.js';
import { renderCompareMarkdown } from './markdown.js';

export type CompareRenderer = (a: OpenedRun, b: OpenedRun, options: ReportOptions) => string | Promise<string>;

/** Every `tokenbench compare --format` value. */
export const COMPARE_FORMATS: Record<string, CompareRenderer> = {
  html: renderCompareHtml,
  md: renderCompareMarkdown,
};
