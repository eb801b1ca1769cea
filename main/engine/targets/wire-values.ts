// Readers for values taken out of a server's JSON. Servers differ and sometimes send junk; a counter
// of the wrong type is treated as not reported rather than trusted or thrown on.
import type { RejectedCounter } from '../../metrics/record.js';

/** No single generation runs for a day; a longer duration is a broken counter, not a slow server. */
export const MAX_SANE_DURATION_MS = 24 * 60 * 60 * 1000;

/** The counters of one end marker that were rejected, each field once. */
export type RejectedCounters = RejectedCounter[];

/**
 * The run's warning about a rejected counter: the same text for every request that sent it, so a run
 * records it once.
 */
export function rejectedCounterWarning(rejected: RejectedCounter): string {
  const line = `the server sent ${rejected.field} values that are ${rejected.why}; they were treated as not reported`;
  return OUTPUT_COUNT_FIELDS.has(rejected.field)
    ? `${line} (without another sane count, those requests count tokens by chunks: tokenSource "chunks")`
    : line;
}

/** The server's output token counts, whose loss makes a record fall back to counting chunks. */
const OUTPUT_COUNT_FIELDS = new Set(['eval_count', 'usage.completion_tokens', 'timings.predicted_n']);

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function reject(rejected: RejectedCounters, field: string, why: string): undefined {
  if (!rejected.some((r) => r.field === field)) rejected.push({ field, why });
  return undefined;
}

/**
 * A count the server reports (tokens): a non-negative safe integer. `1e308` or `-1e6` would make tokens/s
 * Infinity or negative, so anything else that is present is rejected as not reported.
 */
export function saneCount(value: unknown, field: string, rejected: RejectedCounters): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return isPresent(value) ? reject(rejected, field, 'not a non-negative integer') : undefined;
}

/** A duration in ms (already converted): finite, non-negative and below MAX_SANE_DURATION_MS. */
export function saneDurationMs(ms: number | undefined, field: string, rejected: RejectedCounters): number | undefined {
  if (ms === undefined) return undefined;
  if (Number.isFinite(ms) && ms >= 0 && ms <= MAX_SANE_DURATION_MS) return ms;
  return reject(rejected, field, 'not a non-negative duration of at most a day');
}

/** A raw duration field (any unit): its number when it is one, noting a present non-number as rejected. */
export function durationField(value: unknown, field: string, rejected: RejectedCounters): number | undefined {
  if (typeof value === 'number') return value;
  return isPresent(value) ? reject(rejected, field, 'not a non-negative duration of at most a day') : undefined;
}

/** A rate (tokens per second), reported or derived: finite and non-negative. */
export function saneRate(rate: unknown, field: string, rejected: RejectedCounters): number | undefined {
  if (typeof rate === 'number' && Number.isFinite(rate) && rate >= 0) return rate;
  return isPresent(rate) ? reject(rejected, field, 'not a finite non-negative rate') : undefined;
}

/** True for a JSON object (not null, not an array): the only shape a stream line or event may have. */
export function isJsonObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The human text of an error value: Ollama sends a string, OpenAI-style servers `{message, …}`. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (isJsonObject(error)) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return JSON.stringify(error) ?? String(error);
}

/** Longest quote of offending input in a `malformed` report. */
const MAX_DETAIL = 200;

/** Longest error text a request record keeps (server error objects, HTTP error bodies). */
export const MAX_ERROR_MESSAGE_CHARS = 2048;

/**
 * Keeps a report readable and a record small: the start of `text`, never megabytes. The one clip of
 * every server text that reaches a record. `totalChars` is the whole text's length when only its start
 * was kept (an HTTP error body is not read to its end).
 */
export function clip(text: string, max: number = MAX_DETAIL, totalChars: number = text.length): string {
  if (totalChars <= max && text.length <= max) return text;
  return `${text.slice(0, max)}… (${totalChars} chars)`;
}

/** True when the text is only JSON whitespace (blank lines and stray CRs are framing, not data). */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/** Longest line or event we buffer; past this the stream is broken or hostile, not slow. */
export const MAX_BUFFERED_CHARS = 8 * 1024 * 1024;
