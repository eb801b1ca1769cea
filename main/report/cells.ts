import type { LevelSummary } from '../../common/results.js';

/** What a table shows for a value that does not exist (no ok request, no server rate …). */
export const MISSING = '–';

/** Fixed decimals, or MISSING for null/undefined/NaN/∞ — a blank must never read as a zero. */
export function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? MISSING : value.toFixed(digits);
}

/** Milliseconds shown as seconds with 2 decimals, as the study's tables did. */
export function seconds(ms: number | null | undefined): string {
  return fixed(ms === null || ms === undefined ? ms : ms / 1000, 2);
}

/** Tokens per second with 1 decimal. */
export function rate(tokensPerSecond: number | null | undefined): string {
  return fixed(tokensPerSecond, 1);
}

/** Share of the level's requests that ended in error, in percent; MISSING for a level without requests. */
export function errorPercent(level: LevelSummary): string {
  return level.requests > 0 ? fixed((level.errors / level.requests) * 100, 1) : MISSING;
}

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
