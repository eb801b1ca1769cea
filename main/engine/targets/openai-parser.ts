import { createParser, type EventSourceParser, type ParseError } from 'eventsource-parser';
import type { ServerCounters } from '../../metrics/types.js';
import type { StreamParser, StreamSink } from './target.js';
import { ThinkTagClassifier } from './think-tags.js';
import { MAX_BUFFERED_CHARS, clip, errorMessage, finiteNumber, isJsonObject } from './wire-values.js';

/** The fields of a `chat.completion.chunk` we read; anything may be missing, null or of the wrong type. */
interface ChatChunk {
  choices?: unknown;
  usage?: unknown;
  timings?: unknown;
  error?: unknown;
}

interface ChatChoice {
  delta?: unknown;
  finish_reason?: unknown;
}

interface ChatDelta {
  content?: unknown;
  reasoning_content?: unknown;
  reasoning?: unknown;
}

interface Usage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  completion_tokens_details?: unknown;
}

/** llama.cpp's own counters, sent on the last chunk. */
interface LlamaCppTimings {
  prompt_n?: unknown;
  prompt_ms?: unknown;
  predicted_n?: unknown;
  predicted_ms?: unknown;
  predicted_per_second?: unknown;
}

const DONE_MARKER = '[DONE]';

/**
 * Reads an OpenAI-compatible `/v1/chat/completions` SSE stream. SSE framing is eventsource-parser's;
 * this reads each event's JSON once.
 *
 * End marker: only `data: [DONE]` calls `sink.done`. Some servers never send it and stop after the
 * chunk carrying `finish_reason`; such a stream is not `ok` (PRODUCT.md: ok only with the server's end
 * marker). `counters.doneReason` is the last `finish_reason` seen (absent if none came), and
 * `finishReason` / `sawDone` stay readable on this object after `end()`, so a caller that wants to
 * accept finish_reason-only streams can tell them apart from cut-off ones.
 *
 * Counters come from the last non-null `usage` (OpenAI, with `stream_options.include_usage`) and
 * llama.cpp `timings`; usage wins where both give a token count.
 *
 * An unterminated last event whose JSON is incomplete when the body ends is dropped without a
 * `malformed` report: the body was cut off, and the missing `[DONE]` already makes it `truncated`.
 *
 * Errors: a data payload with a non-null `error`, an `event: error` event, and the bare
 * `error: {…}` line that older llama.cpp servers write mid-stream all become `sink.serverError`.
 * Any other unknown SSE field is `malformed`.
 */
export class OpenAiStreamParser implements StreamParser {
  /** The last `finish_reason` a choice reported, whether or not `[DONE]` followed. */
  finishReason: string | undefined;
  /** Whether the `[DONE]` end marker arrived. */
  sawDone = false;
  private usage: Usage | undefined;
  private timings: LlamaCppTimings | undefined;
  /** Set while flushing at end of body: incomplete trailing input is truncation, not malformation. */
  private ending = false;
  /** The SSE parser gave up (buffer limit); it throws if fed again. */
  private stopped = false;
  private readonly tags = new ThinkTagClassifier();
  private readonly sse: EventSourceParser;

  constructor(private readonly sink: StreamSink) {
    this.sse = createParser({
      onEvent: (event) => this.event(event.data, event.event),
      onError: (error) => this.sseError(error),
      maxBufferSize: MAX_BUFFERED_CHARS,
    });
  }

  push(text: string): void {
    if (!this.stopped) this.sse.feed(text);
  }

  end(): void {
    if (this.stopped) return;
    this.ending = true;
    // A final event the server did not close with a blank line is still complete once the body ends.
    this.sse.feed('\n\n');
  }

  private event(data: string, type: string | undefined): void {
    if (data === DONE_MARKER) {
      if (!this.sawDone) {
        this.sawDone = true;
        this.sink.done(this.counters());
      }
      return;
    }
    if (type === 'error') {
      this.serverErrorFrom(data);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      if (!this.ending) this.sink.malformed(`event data is not JSON: ${clip(data)}`);
      return;
    }
    if (!isJsonObject(value)) {
      this.sink.malformed(`event data is not a JSON object: ${clip(data)}`);
      return;
    }
    const chunk = value as ChatChunk;
    if (chunk.error !== undefined && chunk.error !== null) {
      this.sink.serverError(errorMessage(chunk.error));
      return;
    }
    if (isJsonObject(chunk.usage)) this.usage = chunk.usage as Usage;
    if (isJsonObject(chunk.timings)) this.timings = chunk.timings as LlamaCppTimings;
    const choices = chunk.choices;
    if (!Array.isArray(choices) || choices.length === 0) return;
    const first: unknown = choices[0];
    if (!isJsonObject(first)) return;
    const choice = first as ChatChoice;
    if (isJsonObject(choice.delta)) this.delta(choice.delta as ChatDelta);
    if (typeof choice.finish_reason === 'string') this.finishReason = choice.finish_reason;
  }

  private delta(delta: ChatDelta): void {
    // vLLM sends the same reasoning text under both names; one of them is one token chunk.
    const reasoning = delta.reasoning_content;
    if (typeof reasoning === 'string' && reasoning.length !== 0) this.sink.token(reasoning, true);
    else if (typeof delta.reasoning === 'string' && delta.reasoning.length !== 0) this.sink.token(delta.reasoning, true);
    const content = delta.content;
    if (typeof content === 'string' && content.length !== 0) this.sink.token(content, this.tags.isThinking(content));
  }

  private sseError(error: ParseError): void {
    if (error.type === 'max-buffer-size-exceeded') {
      this.stopped = true;
      this.sink.malformed(`SSE event longer than ${MAX_BUFFERED_CHARS} characters`);
    } else if (error.type === 'unknown-field') {
      if (error.field === 'error') this.serverErrorFrom(error.value ?? '');
      else if (!this.ending) this.sink.malformed(`not an SSE line: ${clip(error.line ?? error.field ?? '')}`);
    }
    // invalid-retry: a reconnection hint, meaningless for a one-shot request.
  }

  private serverErrorFrom(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.sink.serverError(text);
      return;
    }
    const inner = isJsonObject(value) ? (value as ChatChunk).error : undefined;
    this.sink.serverError(errorMessage(inner ?? value));
  }

  private counters(): ServerCounters {
    const counters: ServerCounters = {};
    const usage = this.usage;
    const timings = this.timings;
    const outputTokens = finiteNumber(usage?.completion_tokens) ?? finiteNumber(timings?.predicted_n);
    const promptTokens = finiteNumber(usage?.prompt_tokens) ?? finiteNumber(timings?.prompt_n);
    const details = usage?.completion_tokens_details;
    const reasoningTokens = isJsonObject(details)
      ? finiteNumber((details as { reasoning_tokens?: unknown }).reasoning_tokens)
      : undefined;
    const evalMs = finiteNumber(timings?.predicted_ms);
    const promptEvalMs = finiteNumber(timings?.prompt_ms);
    const tokensPerSecond = finiteNumber(timings?.predicted_per_second);
    if (promptTokens !== undefined) counters.promptTokens = promptTokens;
    if (outputTokens !== undefined) counters.outputTokens = outputTokens;
    if (reasoningTokens !== undefined) counters.reasoningTokens = reasoningTokens;
    if (promptEvalMs !== undefined) counters.promptEvalMs = promptEvalMs;
    if (evalMs !== undefined) counters.evalMs = evalMs;
    if (tokensPerSecond !== undefined) counters.tokensPerSecond = tokensPerSecond;
    if (this.finishReason !== undefined) counters.doneReason = this.finishReason;
    return counters;
  }
}
