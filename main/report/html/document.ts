// Wraps a page model into one self-contained HTML file: a strict CSP (nothing can be fetched, even by a
// bug), the data as inert JSON, chart.js and the page script inlined. No data ever goes into markup.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReportPage } from './blocks.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { REPORT_CSS } from './styles.js';

/**
 * Nothing may be fetched, and only our two scripts may run: their hashes make browsers ignore
 * 'unsafe-inline' (kept for browsers too old for hashes), so even an inline event handler that a bug
 * let into the DOM (`<img onerror>`) would not run.
 */
export function contentSecurityPolicy(scripts: readonly string[]): string {
  const hashes = scripts.map((source) => `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`);
  return `default-src 'none'; script-src ${[...hashes, "'unsafe-inline'"].join(' ')}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
}

let chartJsSource: string | null = null;

/** chart.js's UMD build, without its source-map comment (a viewer with devtools open would fetch it). */
export function chartJs(): string {
  if (chartJsSource === null) {
    // The package's exports map hides dist/chart.umd.js; it sits beside the CommonJS entry.
    const file = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
    chartJsSource = inlineScript(readFileSync(file, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, ''));
  }
  return chartJsSource;
}

/** Inside <script>, only `</script` and `<!--` can end or confuse the element; neither may survive. */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON that cannot break out of its <script> element: every `<` becomes \u003c (still the same JSON). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function htmlDocument(page: ReportPage): string {
  const scripts = [chartJs(), inlineScript(CLIENT_SCRIPT)];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<title>Tokenbench report</title>',
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main id="report"><noscript>This report draws its tables and charts with JavaScript; open it in a browser with scripts on.</noscript></main>',
    `<script type="application/json" id="data">${jsonForScript(page)}</script>`,
    ...scripts.map((source) => `<script>${source}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
