// Readers for values taken out of a server's JSON. Servers differ and sometimes send junk; a counter
// of the wrong type is treated as not reported rather than trusted or thrown on.

/** A finite number, else undefined. */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
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

const MAX_DETAIL = 200;

/** Keeps a malformed-input report readable: the start of the offending text, never megabytes. */
export function clip(text: string): string {
  return text.length <= MAX_DETAIL ? text : `${text.slice(0, MAX_DETAIL)}… (${text.length} chars)`;
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
