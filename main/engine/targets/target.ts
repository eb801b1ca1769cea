import type { ApiKind } from '../../../common/run-config.js';
import type { ServerCounters } from '../../../common/results.js';
import type { RejectedCounter } from '../../metrics/record.js';

/** One message of a chat request. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What one benchmark request asks the server for. */
export interface GenerationParams {
  model: string;
  /** The prompt, sent as one user message on chat endpoints; unused when `messages` is given. */
  prompt: string;
  /** A whole chat (system prompt, history, the new user message); chat endpoints send it instead of `prompt`. */
  messages?: readonly ChatTurn[];
  /** Generate past the end-of-sequence token up to `maxTokens` (llama.cpp and vLLM `ignore_eos`); Ollama has no such option. */
  ignoreEos?: boolean;
  /** Upper bound on generated tokens (Ollama `num_predict`, OpenAI `max_tokens`); undefined = server default. */
  maxTokens?: number;
  /** true/false sends the API's think switch; undefined leaves the server's default. */
  think?: boolean;
  temperature?: number;
  seed?: number;
}

/** The chat a request sends: its messages, or its prompt as one user message. */
export function chatMessages(params: GenerationParams): readonly ChatTurn[] {
  return params.messages ?? [{ role: 'user', content: params.prompt }];
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
