// How one API dialect puts a generation on the wire. A Wire is made per request and returns strings
// ready to write; token() is the hot path, so each wire precomputes its constant parts.

export interface EndInfo {
  doneReason: 'stop' | 'length';
  promptTokens: number;
  /** The part of promptTokens reported as cached (0 without `promptCache`). */
  cachedPromptTokens: number;
  /** Output tokens sent, thinking included. */
  tokens: number;
  thinkingTokens: number;
  totalMs: number;
  loadMs: number;
  promptEvalMs: number;
  evalMs: number;
}

export interface Wire {
  readonly contentType: string;
  /** Sent right after the headers, before any token ('' = nothing). */
  opening(): string;
  token(text: string, thinking: boolean): string;
  /** The end marker, with the server's counters. */
  end(info: EndInfo): string;
  /** An in-stream error event. */
  errorEvent(message: string): string;
  /** A line the client cannot parse. */
  malformed(): string;
  /** The single JSON answer of a `stream: false` request. */
  whole(answer: string, thinking: string, info: EndInfo): string;
  /** The JSON body of an error answered with an HTTP status. */
  errorBody(message: string, status: number): string;
}
