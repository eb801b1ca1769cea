import { createParser, type EventSourceParser, type ParseError } from 'eventsource-parser';
import type { ServerCounters } from '../../../common/results.js';
import type { StreamParser, StreamSink } from './target.js';
import { DeltaTemplate, learnTemplate, type DeltaField } from './delta-template.js';
import { ThinkTagClassifier } from './think-tags.js';
import {
  MAX_BUFFERED_CHARS,
  clip,
  durationField,
  errorMessage,
  isJsonObject,
  saneCount,
  saneDurationMs,
  saneRate,
  type RejectedCounters,
} from './wire-values.js';

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
  /** OpenAI's `{cached_tokens}` (vLLM with prefix caching, newer llama.cpp). */
  prompt_tokens_details?: unknown;
}

/** llama.cpp's own counters, sent on the last chunk. */
interface LlamaCppTimings {
  prompt_n?: unknown;
  prompt_ms?: unknown;
  predicted_n?: unknown;
  predicted_ms?: unknown;
  predicted_per_second?: unknown;
  /** Prompt tokens taken from the slot's cache (not evaluated); prompt_n + cache_n is the whole prompt. */
  cache_n?: unknown;
}

const DONE_MARKER = '[DONE]';

/** Templates learned per stream before one must pay for itself to be replaced (see `learnFrom`). */
const FREE_LEARNINGS = 4;
/** Chunks a template must have read before a chunk it does not fit may replace it. */
const HITS_TO_RELEARN = 16;

/** A chunk the parser reads as one token and nothing else: what a template can stand for. */
interface PlainToken {
  field: DeltaField;
  text: string;
}

/**
 * Reads an OpenAI-compatible `/v1/chat/completions` SSE stream. SSE framing is eventsource-parser's;
 * this reads each event's JSON once.
 *
 * End marker: only `data: [DONE]` calls `sink.done` (and with it ends the request: the engine reads
 * nothing after it). Neither the chunk carrying `finish_reason` nor the `include_usage` chunk that follows
 * it (`choices: []`) is an end marker: they say the answer is complete, not that the stream is, and a
 * stream cut right after them must stay distinguishable from one that ended. Some servers never send
 * `[DONE]` and stop after the `finish_reason` chunk; such a stream is not `ok` (docs/metrics.md § Errors: ok
 * only with the server's end marker). `counters.doneReason` is the last `finish_reason` seen (absent if none came), and
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
 *
 * Hot path: a chunk that is the learned template's text with another token string (DeltaTemplate) is
 * read without JSON.parse; any other chunk is parsed in full.
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
  private template: DeltaTemplate | null = null;
  private learnings = 0;
  /** Off once templates stopped paying for themselves in this stream (e.g. every chunk differs). */
  private learning = true;

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
        const rejected: RejectedCounters = [];
        this.sink.done(this.counters(rejected), rejected);
      }
      return;
    }
    if (type === 'error') {
      this.serverErrorFrom(data);
      return;
    }
    const template = this.template;
    if (template !== null) {
      const text = template.read(data);
      if (text !== undefined && text.length !== 0) {
        if (template.field === 'content') this.sink.token(text, this.tags.isThinking(text));
        else this.sink.token(text, true);
        return;
      }
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
    if (this.learning) this.learnFrom(data, chunk);
  }

  private delta(delta: ChatDelta): void {
    const reasoning = reasoningField(delta);
    if (reasoning !== undefined) this.sink.token(delta[reasoning] as string, true);
    const content = delta.content;
    if (typeof content === 'string' && content.length !== 0) this.sink.token(content, this.tags.isThinking(content));
  }

  /**
   * After a chunk the template did not fit: if it was a plain one-token chunk, learn it as the new
   * template. The first few learnings are free; later, only a template that read enough chunks earns a
   * replacement, so a stream whose chunks all differ stops paying for templates after a few.
   */
  private learnFrom(data: string, chunk: ChatChunk): void {
    const plain = plainToken(chunk);
    if (plain === undefined) return;
    const current = this.template;
    if (this.learnings >= FREE_LEARNINGS && (current === null || current.hits < HITS_TO_RELEARN)) {
      this.template = null;
      this.learning = false;
      return;
    }
    this.learnings++;
    this.template = learnTemplate(data, plain.field, plain.text, (probe) => plainTokenIn(probe, plain.field));
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

  /** A counter present but not sane (wire-values.ts) is left out, as if not reported, and noted in `rejected`. */
  private counters(rejected: RejectedCounters): ServerCounters {
    const counters: ServerCounters = {};
    const usage = this.usage;
    const timings = this.timings;
    const outputTokens =
      saneCount(usage?.completion_tokens, 'usage.completion_tokens', rejected) ??
      saneCount(timings?.predicted_n, 'timings.predicted_n', rejected);
    const promptTokens =
      saneCount(usage?.prompt_tokens, 'usage.prompt_tokens', rejected) ?? saneCount(timings?.prompt_n, 'timings.prompt_n', rejected);
    const details = usage?.completion_tokens_details;
    const reasoningTokens = isJsonObject(details)
      ? saneCount((details as { reasoning_tokens?: unknown }).reasoning_tokens, 'usage.completion_tokens_details.reasoning_tokens', rejected)
      : undefined;
    const promptDetails = usage?.prompt_tokens_details;
    const cachedPromptTokens =
      saneCount(timings?.cache_n, 'timings.cache_n', rejected) ??
      (isJsonObject(promptDetails)
        ? saneCount((promptDetails as { cached_tokens?: unknown }).cached_tokens, 'usage.prompt_tokens_details.cached_tokens', rejected)
        : undefined);
    // prompt_n is the evaluated part when the whole prompt comes from usage (llama.cpp sends both).
    const evaluatedPromptTokens = saneCount(timings?.prompt_n, 'timings.prompt_n', rejected);
    const evalMs = msField(timings?.predicted_ms, 'timings.predicted_ms', rejected);
    const promptEvalMs = msField(timings?.prompt_ms, 'timings.prompt_ms', rejected);
    const tokensPerSecond = saneRate(timings?.predicted_per_second, 'timings.predicted_per_second', rejected);
    if (promptTokens !== undefined) counters.promptTokens = promptTokens;
    if (outputTokens !== undefined) counters.outputTokens = outputTokens;
    if (reasoningTokens !== undefined) counters.reasoningTokens = reasoningTokens;
    if (promptEvalMs !== undefined) counters.promptEvalMs = promptEvalMs;
    if (evalMs !== undefined) counters.evalMs = evalMs;
    if (tokensPerSecond !== undefined) counters.tokensPerSecond = tokensPerSecond;
    if (this.finishReason !== undefined) counters.doneReason = this.finishReason;
    if (cachedPromptTokens !== undefined) counters.cachedPromptTokens = cachedPromptTokens;
    if (evaluatedPromptTokens !== undefined && (cachedPromptTokens !== undefined || promptTokens !== evaluatedPromptTokens)) {
      counters.evaluatedPromptTokens = evaluatedPromptTokens;
    }
    return counters;
  }
}

function msField(value: unknown, field: string, rejected: RejectedCounters): number | undefined {
  return saneDurationMs(durationField(value, field, rejected), field, rejected);
}

/** The field of a delta's reasoning token: vLLM sends the same text under both names, one token chunk. */
function reasoningField(delta: ChatDelta): 'reasoning_content' | 'reasoning' | undefined {
  const reasoningContent = delta.reasoning_content;
  if (typeof reasoningContent === 'string' && reasoningContent.length !== 0) return 'reasoning_content';
  const reasoning = delta.reasoning;
  if (typeof reasoning === 'string' && reasoning.length !== 0) return 'reasoning';
  return undefined;
}

/**
 * The token of a chunk the parser acts on only by emitting that one token: no error, usage, timings or
 * finish_reason, and exactly one token-carrying field in the first choice's delta. Else undefined.
 */
function plainToken(chunk: ChatChunk): PlainToken | undefined {
  if ((chunk.error !== undefined && chunk.error !== null) || isJsonObject(chunk.usage) || isJsonObject(chunk.timings)) {
    return undefined;
  }
  const choices = chunk.choices;
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  const first: unknown = choices[0];
  if (!isJsonObject(first)) return undefined;
  const choice = first as ChatChoice;
  if (typeof choice.finish_reason === 'string' || !isJsonObject(choice.delta)) return undefined;
  const delta = choice.delta as ChatDelta;
  const reasoning = reasoningField(delta);
  const content = delta.content;
  const hasContent = typeof content === 'string' && content.length !== 0;
  if (reasoning !== undefined) return hasContent ? undefined : { field: reasoning, text: delta[reasoning] as string };
  return hasContent ? { field: 'content', text: content } : undefined;
}

/** The text of `data`'s token if `data` is a plain one-token chunk carrying it in `field`. */
function plainTokenIn(data: string, field: DeltaField): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  const plain = plainToken(value as ChatChunk);
  return plain !== undefined && plain.field === field ? plain.text : undefined;
}
