// Within one stream, a server's chat-completion chunks differ only in their token text: same id, model,
// `created`, same fields in the same order. JSON.parse of each whole chunk is most of the client's CPU per
// token, so a template learned from one parsed chunk lets the next chunks skip it when they are exactly the
// template's text with another JSON string literal in the token's place. JSON.parse of such a chunk would give
// the same object with only that string changed, hence the same verdict: the shortcut is exact, not a guess.

/** The delta fields that carry a token's text. */
export type DeltaField = 'content' | 'reasoning_content' | 'reasoning';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The constant text around one chunk's token string literal. */
export class DeltaTemplate {
  /** Chunks this template has read; a template that earns nothing is not worth relearning. */
  hits = 0;
  private readonly minLength: number;

  constructor(
    readonly prefix: string,
    readonly suffix: string,
    readonly field: DeltaField,
  ) {
    this.minLength = prefix.length + suffix.length + 2;
  }

  /** The token text when `data` is prefix + one JSON string literal + suffix; otherwise undefined. */
  read(data: string): string | undefined {
    const end = data.length - this.suffix.length - 1; // the closing quote
    const start = this.prefix.length; // the opening quote
    // `slice(…) === ` rather than startsWith/endsWith: V8's startsWith compares a long prefix several
    // times slower (bench: 480 vs 190 ns per chunk for the whole read).
    if (
      data.length < this.minLength ||
      data.charCodeAt(start) !== QUOTE ||
      data.charCodeAt(end) !== QUOTE ||
      data.slice(end + 1) !== this.suffix ||
      data.slice(0, start) !== this.prefix
    ) {
      return undefined;
    }
    // JSON.parse of the literal alone: it validates it (escapes, control characters, `"a","b"`) and gives
    // the very string the whole chunk's JSON.parse would: short ones internalized (one copy shared by every
    // record holding that token), Latin-1 ones one-byte, long ones copied rather than a view that would
    // keep the whole decoded body piece alive.
    const text = decodeLiteral(data.slice(start, end + 1));
    if (text !== undefined) this.hits++;
    return text;
  }
}

/** The value of a JSON string literal, or undefined if `literal` is not exactly one. */
function decodeLiteral(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Learns a template from a chunk `data` that was parsed in full and carried exactly one token, `text`, in
 * `field`, and nothing else the parser acts on. `tokenOf` is the parser's own reading of a chunk's text:
 * the token text if that text is such a plain one-token chunk carrying it in `field`, else undefined.
 *
 * Where `text`'s literal sits is found by scanning, then proven: the same chunk with a different literal in
 * that place must read as a plain chunk carrying exactly that literal's text. A place that is not a whole
 * string value (a key, part of another string) or that a later duplicate key overrides fails this proof.
 */
export function learnTemplate(
  data: string,
  field: DeltaField,
  text: string,
  tokenOf: (data: string) => string | undefined,
): DeltaTemplate | null {
  const key = `"${field}"`;
  for (let at = data.indexOf(key); at !== -1; at = data.indexOf(key, at + 1)) {
    const start = valueStart(data, at + key.length);
    if (start === -1) continue;
    const end = closingQuote(data, start);
    if (end === -1 || decodeLiteral(data.slice(start, end + 1)) !== text) continue;
    const prefix = copyOf(data.slice(0, start));
    const suffix = copyOf(data.slice(end + 1));
    const probe = text === PROBE ? OTHER_PROBE : PROBE;
    if (tokenOf(prefix + JSON.stringify(probe) + suffix) !== probe) continue;
    return new DeltaTemplate(prefix, suffix, field);
  }
  return null;
}

/** A flat string of its own, not a view keeping the body piece it was sliced from alive. */
function copyOf(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Not JSON outside a string, so a probe that lands outside one makes the chunk fail to parse. */
const PROBE = 'probe';
const OTHER_PROBE = 'other';

/** After a key: optional JSON whitespace, a colon, optional whitespace, then the position of an opening quote. */
function valueStart(data: string, from: number): number {
  let i = skipWhitespace(data, from);
  if (data.charCodeAt(i) !== 0x3a) return -1;
  i = skipWhitespace(data, i + 1);
  return data.charCodeAt(i) === QUOTE ? i : -1;
}

function skipWhitespace(data: string, from: number): number {
  let i = from;
  while (i < data.length) {
    const c = data.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(data: string, open: number): number {
  for (let i = open + 1; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}
