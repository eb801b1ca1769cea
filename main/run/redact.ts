// Keeps the secrets of a connection (the API key, header values) out of everything a run writes or says:
// record error messages and text, run.json's warnings and reason, the lines the CLI prints. A server that
// echoes the key back in an error body must not get it into a run folder (issue 14).
import type { RequestRecord } from '../../common/results.js';

export const REDACTED = '[redacted]';

export type Redact = (text: string) => string;

/** Replaces every occurrence of each secret (longest first, so a key inside its `Bearer …` header goes whole). */
export function redactor(secrets: readonly string[]): Redact {
  const ordered = [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/** The record with every text a server sent through `redact` (error message, answer text, playback pieces). */
export function redactRecord(record: RequestRecord, redact: Redact): RequestRecord {
  const error = record.error === null ? null : { ...record.error, message: redact(record.error.message) };
  const text = redact(record.text);
  // A piece is one token's text: a secret inside one is cut by the answer's redaction; pieces are checked whole.
  const pieces = text === record.text ? record.pieces : record.pieces.map(redact);
  return { ...record, error, text, pieces };
}
