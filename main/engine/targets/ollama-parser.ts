import type { ServerCounters } from '../../../common/results.js';
import type { StreamParser, StreamSink } from './target.js';
import { ThinkTagClassifier } from './think-tags.js';
import {
  MAX_BUFFERED_CHARS,
  clip,
  durationField,
  errorMessage,
  isBlank,
  isJsonObject,
  saneCount,
  saneDurationMs,
  saneRate,
  type RejectedCounters,
} from './wire-values.js';

export type OllamaEndpoint = 'generate' | 'chat';

/** The fields of an Ollama NDJSON line we read; anything may be missing or of the wrong type. */
interface OllamaLine {
  response?: unknown;
  thinking?: unknown;
  message?: unknown;
  done?: unknown;
  done_reason?: unknown;
  error?: unknown;
  eval_count?: unknown;
  eval_duration?: unknown;
  prompt_eval_count?: unknown;
  prompt_eval_duration?: unknown;
  /** Newer Ollama: the prompt tokens read from the cache (prompt_eval_count then counts the whole prompt). */
  prompt_eval_cached_count?: unknown;
  load_duration?: unknown;
  total_duration?: unknown;
}

interface OllamaMessage {
  content?: unknown;
  thinking?: unknown;
}

const NS_PER_MS = 1e6;
const NS_PER_S = 1e9;

/**
 * Reads Ollama's streamed NDJSON (`/api/generate` or `/api/chat`): one JSON object per line, lines
 * split anywhere across `push` calls. Hot path: one `indexOf` scan per piece, one `JSON.parse` per
 * line, no per-line allocation besides the line itself.
 *
 * An unterminated last line that is not valid JSON when the body ends is dropped without a
 * `malformed` report: the body was cut off mid-line, and the missing end marker already makes the
 * request `truncated`.
 */
export class OllamaStreamParser implements StreamParser {
  private rest = '';
  /** An over-long line was reported; drop everything up to its end. */
  private skippingLine = false;
  private readonly tags = new ThinkTagClassifier();
  private readonly chat: boolean;

  constructor(
    private readonly sink: StreamSink,
    endpoint: OllamaEndpoint,
  ) {
    this.chat = endpoint === 'chat';
  }

  push(text: string): void {
    let newline = text.indexOf('\n');
    if (newline === -1) {
      this.carry(text);
      return;
    }
    let buffer = text;
    let start = 0;
    if (this.skippingLine) {
      this.skippingLine = false;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    } else if (this.rest.length !== 0) {
      buffer = this.rest + text;
      newline += this.rest.length;
    }
    while (newline !== -1) {
      if (newline !== start) this.line(buffer.slice(start, newline), false);
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
    }
    this.rest = start === buffer.length ? '' : buffer.slice(start);
    if (this.rest.length > MAX_BUFFERED_CHARS) this.overflow();
  }

  end(): void {
    const last = this.rest;
    this.rest = '';
    if (!this.skippingLine && last.length !== 0) this.line(last, true);
  }

  private carry(text: string): void {
    if (this.skippingLine) return;
    this.rest = this.rest.length === 0 ? text : this.rest + text;
    if (this.rest.length > MAX_BUFFERED_CHARS) this.overflow();
  }

  private overflow(): void {
    this.sink.malformed(`line longer than ${MAX_BUFFERED_CHARS} characters: ${clip(this.rest)}`);
    this.rest = '';
    this.skippingLine = true;
  }

  private line(text: string, unterminated: boolean): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (!unterminated && !isBlank(text)) this.sink.malformed(`not JSON: ${clip(text)}`);
      return;
    }
    if (!isJsonObject(value)) {
      this.sink.malformed(`not a JSON object: ${clip(text)}`);
      return;
    }
    const line = value as OllamaLine;
    if (line.error !== undefined && line.error !== null) {
      this.sink.serverError(errorMessage(line.error));
      return;
    }
    if (this.chat) {
      if (isJsonObject(line.message)) {
        const message = line.message as OllamaMessage;
        this.thinking(message.thinking);
        this.answer(message.content);
      }
    } else {
      this.thinking(line.thinking);
      this.answer(line.response);
    }
    if (line.done === true) {
      const rejected: RejectedCounters = [];
      this.sink.done(ollamaCounters(line, rejected), rejected);
    }
  }

  private thinking(text: unknown): void {
    if (typeof text === 'string' && text.length !== 0) this.sink.token(text, true);
  }

  private answer(text: unknown): void {
    if (typeof text === 'string' && text.length !== 0) this.sink.token(text, this.tags.isThinking(text));
  }
}

/**
 * The final (`done: true`) line's counters, durations converted from nanoseconds to milliseconds. A
 * counter that is present but not sane (wire-values.ts) is left out, as if not reported, and noted in
 * `rejected`; so is a server rate that would come out infinite.
 */
function ollamaCounters(line: OllamaLine, rejected: RejectedCounters): ServerCounters {
  const counters: ServerCounters = {};
  const promptCount = saneCount(line.prompt_eval_count, 'prompt_eval_count', rejected);
  const evalCount = saneCount(line.eval_count, 'eval_count', rejected);
  const promptMs = nsToMs(line.prompt_eval_duration, 'prompt_eval_duration', rejected);
  const evalMs = nsToMs(line.eval_duration, 'eval_duration', rejected);
  const loadMs = nsToMs(line.load_duration, 'load_duration', rejected);
  const totalMs = nsToMs(line.total_duration, 'total_duration', rejected);
  if (promptCount !== undefined) counters.promptTokens = promptCount;
  if (evalCount !== undefined) counters.outputTokens = evalCount;
  if (promptMs !== undefined) counters.promptEvalMs = promptMs;
  if (evalMs !== undefined) counters.evalMs = evalMs;
  if (loadMs !== undefined) counters.loadMs = loadMs;
  if (totalMs !== undefined) counters.totalMs = totalMs;
  if (evalCount !== undefined && evalMs !== undefined && evalMs > 0) {
    // From the raw nanoseconds, as Ollama computes it (evalMs is defined, so eval_duration is a number).
    const rate = saneRate(evalCount / ((line.eval_duration as number) / NS_PER_S), 'eval_count / eval_duration', rejected);
    if (rate !== undefined) counters.tokensPerSecond = rate;
  }
  if (typeof line.done_reason === 'string') counters.doneReason = line.done_reason;
  const cached = saneCount(line.prompt_eval_cached_count, 'prompt_eval_cached_count', rejected);
  if (cached !== undefined) {
    counters.cachedPromptTokens = cached;
    if (promptCount !== undefined && promptCount >= cached) counters.evaluatedPromptTokens = promptCount - cached;
  }
  return counters;
}

function nsToMs(value: unknown, field: string, rejected: RejectedCounters): number | undefined {
  const ns = durationField(value, field, rejected);
  return saneDurationMs(ns === undefined ? undefined : ns / NS_PER_MS, field, rejected);
}
