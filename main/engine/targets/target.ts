import type { ApiKind } from '../../../common/run-config.js';
import type { ServerCounters } from '../../../common/results.js';
import type { RejectedCounter } from '../../metrics/record.js';

/** What one benchmark request asks the server for. */
export interface GenerationParams {
  model: string;
  prompt: string;
  /** Upper bound on generated tokens (Ollama `num_predict`, OpenAI `max_tokens`); undefined = server default. */
  maxTokens?: number;
  /** true/false sends the API's think switch; undefined leaves the server's default. */
  think?: boolean;
  temperature?: number;
  seed?: number;
}

export interface HttpRequestSpec {
  method: 'POST';
  path: string;
  body: string;
}

/**
 * Receives what a streamed response means, in order. Called synchronously from the parser, in the
 * hot path: implementations must not allocate per call beyond what they record.
 */
export interface StreamSink {
  /** A chunk that carries generated text; `thinking` marks reasoning output. */
  token(text: string, thinking: boolean): void;
  /**
   * The server's end marker, with whatever sane counters it reported (possibly none); `rejected` names
   * the counters it sent that were not sane and are therefore left out.
   */
  done(counters: ServerCounters, rejected: readonly RejectedCounter[]): void;
  /** An in-stream error object (`{"error": …}`). */
  serverError(message: string): void;
  /** A line or event that is not valid for this API. */
  malformed(detail: string): void;
}

export interface StreamParser {
  /** Feed the next piece of the body, already decoded as UTF-8 (pieces may split lines anywhere). */
  push(text: string): void;
  /** The body ended; flush anything buffered. */
  end(): void;
}

/** One API dialect: how to ask for a streamed generation and how to read the answer. */
export interface TargetApi {
  readonly kind: ApiKind;
  buildRequest(params: GenerationParams): HttpRequestSpec;
  createParser(sink: StreamSink): StreamParser;
}
