import type { ServerCounters } from '../../../common/results.js';
import type { StreamSink, TargetApi } from '../../../main/engine/targets/target.js';
import type { RejectedCounter } from '../../../main/metrics/record.js';

export type SinkEvent =
  | { kind: 'token'; text: string; thinking: boolean }
  | { kind: 'done'; counters: ServerCounters }
  | { kind: 'serverError'; message: string }
  | { kind: 'malformed'; detail: string };

/** Writes down every sink call, in order, so a test can compare whole streams of verdicts. */
export class RecordingSink implements StreamSink {
  readonly events: SinkEvent[] = [];
  /** What each `done` named as rejected counters, in order. */
  readonly rejected: (readonly RejectedCounter[])[] = [];

  token(text: string, thinking: boolean): void {
    this.events.push({ kind: 'token', text, thinking });
  }
  done(counters: ServerCounters, rejected: readonly RejectedCounter[]): void {
    this.events.push({ kind: 'done', counters });
    this.rejected.push(rejected);
  }
  serverError(message: string): void {
    this.events.push({ kind: 'serverError', message });
  }
  malformed(detail: string): void {
    this.events.push({ kind: 'malformed', detail });
  }

  tokens(): { text: string; thinking: boolean }[] {
    const out: { text: string; thinking: boolean }[] = [];
    for (const e of this.events) if (e.kind === 'token') out.push({ text: e.text, thinking: e.thinking });
    return out;
  }
  answerText(): string {
    return this.tokens()
      .filter((t) => !t.thinking)
      .map((t) => t.text)
      .join('');
  }
  thinkingText(): string {
    return this.tokens()
      .filter((t) => t.thinking)
      .map((t) => t.text)
      .join('');
  }
  kinds(): string[] {
    return this.events.map((e) => e.kind);
  }
  doneCounters(): ServerCounters[] {
    const out: ServerCounters[] = [];
    for (const e of this.events) if (e.kind === 'done') out.push(e.counters);
    return out;
  }
}

/** Runs a whole body through a fresh parser, in the given pieces, and returns what the sink saw. */
export function parsePieces(target: TargetApi, pieces: readonly string[]): RecordingSink {
  const sink = new RecordingSink();
  const parser = target.createParser(sink);
  for (const piece of pieces) parser.push(piece);
  parser.end();
  return sink;
}

/** The body cut into pieces of `size` characters. */
export function piecesOf(body: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.slice(i, i + size));
  return out;
}

/** Re-frames one-JSON-per-line captures (SSE `data: ` prefix stripped) as the SSE wire text. */
export function asSse(jsonLines: readonly string[], withDone: boolean): string {
  let body = '';
  for (const line of jsonLines) body += `data: ${line}\n\n`;
  if (withDone) body += 'data: [DONE]\n\n';
  return body;
}
