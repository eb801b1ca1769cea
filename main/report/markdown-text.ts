// Markdown building blocks shared by the run report, the compare report and the ranking.
import { DEFINITIONS } from '../../common/definitions.js';

/**
 * Makes untrusted text (prompt, model name, server messages, any run.json text) inert inside one Markdown line
 * or table cell, so it reads as the characters it is:
 * - newlines become spaces: they would end the row or the paragraph;
 * - `\` `` ` `` `*` `_` `[` `]` `~` `|` get a backslash: code spans, emphasis, strikethrough, column breaks,
 *   and links and images (`[…](…)`, `![…](…)`, `[…][ref]`) — with no `[` left, no link or image can open;
 * - `&` and `<` become entities: no raw HTML, no autolink `<http…>`, no entity the viewer would decode.
 * Backslashes are escaped in the same pass, so an input `\|` cannot turn our escape back into a column break.
 * Bare URLs stay text (a GFM viewer may underline them; they carry no hidden target).
 * For text at the start of a block (a list item, a paragraph) use `escapeMarkdownBlock`.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]~|]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}

/**
 * `escapeMarkdown` for text that starts a block, where a leading marker would make it a heading (`#`), a
 * quote (`>`), a list (`-`, `+`, `1.`), a rule (`---`) or, indented, a code block: leading space is dropped
 * and a leading marker gets a backslash.
 */
export function escapeMarkdownBlock(text: string): string {
  return escapeMarkdown(text.trimStart()).replace(/^(?:[#>+=-]|\d{1,9}(?=[.)]))/, (marker) =>
    /^\d/.test(marker) ? `${marker}\\` : `\\${marker}`,
  );
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
  return unique.length === 0 ? [] : ['> **Warnings**', '>', ...unique.map((w) => `> - ${escapeMarkdownBlock(w)}`), ''];
}

/** The "Definitions" section every Markdown report ends with (common/definitions.ts). */
export function definitionsSection(): string[] {
  return ['## Definitions', '', ...DEFINITIONS.map((d) => `- **${d.term}** — ${d.text}`), ''];
}
