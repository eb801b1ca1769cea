// Markdown building blocks shared by the run report, the compare report and the ranking.
import { DEFINITIONS } from '../../common/definitions.js';

/**
 * Makes untrusted text (prompt, model name, server messages) safe inside one Markdown line or table
 * cell: newlines would end the row, `|` would split it, and `<` would let a viewer render raw HTML.
 * Backslashes go first so an input `\|` cannot turn our escape back into a column break.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;');
}

/** A GFM table, every cell escaped; `align` is the delimiter cell ('---:' right-aligns numbers). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align = '---:'): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => align).join(' | ')} |`, ...rows.map(line)];
}

/** Warnings as a quoted list, each once and on one line; nothing when there are none. */
export function warningQuote(warnings: readonly string[]): string[] {
  const unique = [...new Set(warnings)];
  // A list inside the quote: consecutive quoted lines would otherwise merge into one paragraph.
  return unique.length === 0 ? [] : ['> **Warnings**', '>', ...unique.map((w) => `> - ${escapeMarkdown(w)}`), ''];
}

/** The "Definitions" section every Markdown report ends with (common/definitions.ts). */
export function definitionsSection(): string[] {
  return ['## Definitions', '', ...DEFINITIONS.map((d) => `- **${d.term}** — ${d.text}`), ''];
}
