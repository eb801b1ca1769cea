import { renderCompareHtml } from './html.js';
import { renderCompareMarkdown } from './markdown.js';
import type { Comparison } from './comparison.js';

/** One compare format: the comparison of two report models in, the file's text out. */
export type CompareRenderer = (comparison: Comparison) => string;

/** Every `tokenbench compare --format` value. */
export const COMPARE_FORMATS: Record<string, CompareRenderer> = {
  html: renderCompareHtml,
  md: renderCompareMarkdown,
};
