// Options, faults and log shapes of the scripted LLM server (test/support/scripted-server.ts).
import type { ApiKind } from '../../../common/run-config.js';

export type { ApiKind };

/** What a request is told to do wrong. `afterTokens` counts tokens already written (0 = before the first). */
export type Fault =
  /** Answered at once with this status and no stream. */
  | { type: 'http'; status: number; body?: string }
  /** The socket is destroyed after n tokens (the client sees the connection die mid-body). */
  | { type: 'reset'; afterTokens: number }
  /** Nothing more is sent after n tokens; the socket stays open until the client or the server closes it. */
  | { type: 'stall'; afterTokens: number }
  /** The response ends cleanly after n tokens, without the API's end marker. */
  | { type: 'truncate'; afterTokens: number }
  /** A line that is not JSON after n tokens; then the stream goes on (default) or ends without end marker. */
  | { type: 'malformed'; afterTokens: number; then?: 'continue' | 'end' }
  /** An in-stream error object after n tokens, then the response ends. */
  | { type: 'error-line'; afterTokens: number; message: string }
  /** Headers (and everything after them) wait this long after arrival. */
  | { type: 'delay-headers'; ms: number };

export type FaultType = Fault['type'];

/** What `fault` and `script` callbacks learn about a generation request. */
export interface RequestInfo {
  /** Arrival order among generation requests, 0-based. */
  index: number;
  path: string;
  body: unknown;
}

/** How one generation behaves. Every field can be set server-wide or per request (`script`). */
export interface RequestScript {
  /** Delay between getting a slot and the first token, ms. */
  prefillMs: number;
  /** Tokens to generate before `num_predict` / `max_tokens` caps them. */
  tokens: number;
  /** Gap between tokens, ms; 0 = as fast as the socket takes them (batched writes). */
  tokenIntervalMs: number;
  /** The first N tokens are thinking, when the request asks for thinking. */
  thinkingTokens: number;
  /** A model-load delay before queueing for a slot, reported as `load_duration`, ms. */
  loadMs: number;
  /** Reported prompt token count; default: an estimate from the prompt's length (its words with `tokenizer: 'words'`). */
  promptTokens?: number;
  /** Extra prefill per prompt token the server evaluates (not cached), ms: a long prompt waits longer, a cached one less. */
  prefillMsPerToken: number;
}

export interface ScriptedModel {
  name: string;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  sizeBytes?: number;
  /** `/api/tags` digest; default the SHA-256 of the name (a re-pulled model would change it). */
  digest?: string;
}

/** When the status line and headers go out. Real Ollama and llama.cpp send them with the first token. */
export type HeaderTiming = 'arrival' | 'slot' | 'first-token';

export interface ScriptedServerOptions extends Partial<RequestScript> {
  /** Default 0 (any free port). The server only ever listens on 127.0.0.1. */
  port?: number;
  /** APIs served; an API that is off answers 404 on its paths. Default both. */
  apis?: ApiKind[];
  /** `/api/version` answer. Default "0.12.3". */
  version?: string;
  /** Installed models. Default one: deepseek-r1:7b. */
  models?: Array<string | ScriptedModel>;
  /** Models `/api/ps` lists at start (a model also becomes loaded once it has served a request). Default: the first. */
  loaded?: string[];
  /** Requests decoding at once; others wait in FIFO order. Default unlimited. */
  slots?: number;
  /** Requests allowed to wait for a slot; one more gets 503. Default unlimited. */
  queue?: number;
  /** Per-request overrides of the server-wide script. */
  script?: (info: RequestInfo) => Partial<RequestScript> | undefined;
  /** Token text by position (thinking tokens included). Default: `vocabulary` or the built-in one. */
  tokenText?: (i: number) => string;
  /** JSON-able alternative to `tokenText`: token i is vocabulary[i % length]. */
  vocabulary?: string[];
  fault?: (info: RequestInfo) => Fault | undefined;
  /** JSON-able faults by request index (used when `fault` is absent or returns undefined). */
  faults?: Record<number, Fault>;
  /** Default 'first-token'. */
  sendHeaders?: HeaderTiming;
  /** OpenAI streams carry reasoning in `reasoning_content` (llama.cpp, default) or `reasoning` (Ollama's compat layer). */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Add llama.cpp's `timings` object to the OpenAI finish chunk. Default false. */
  llamaCppTimings?: boolean;
  /** Keep each token's write time in the log. Default true; turn off for huge benchmark runs. */
  logTokenTimes?: boolean;
  // --- Workloads and remote servers (issue 14) ---
  /** 'words': `POST /tokenize` answers one token per word, and prompts are counted in words (+ a chat template's tokens). */
  tokenizer?: 'words';
  /** Keep finished prompts and answers; a new prompt's shared prefix is reported cached (llama.cpp cache_n, Ollama prompt_eval_cached_count). */
  promptCache?: boolean;
  /** `GET /props` answers this (llama-server's settings: total_slots, default_generation_settings.n_ctx). */
  props?: Record<string, unknown>;
  /** Every route answers 401 unless the request carries `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  tls?: { key: string; cert: string };
}

/** `unloaded`: an Ollama unload request (`keep_alive: 0`, no prompt) that took the model out of memory. */
export type RequestOutcome = 'completed' | 'fault' | 'client-closed' | 'rejected' | 'server-closed' | 'unloaded';

/** Ground truth about one generation request; times are `performance.now()` of this process. */
export interface RequestLogEntry {
  readonly index: number;
  readonly path: string;
  readonly api: ApiKind;
  model: string;
  body: unknown;
  stream: boolean;
  arrivedAt: number;
  slotAt: number | null;
  headersAt: number | null;
  /** When each token was written (a batch shares one time in fast mode); empty when `logTokenTimes` is false. */
  readonly tokenTimes: Float64Array;
  /** When the first and the last token were written; kept even when `logTokenTimes` is false. */
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  tokens: number;
  thinkingTokens: number;
  endAt: number | null;
  /** null while the request is still open. */
  outcome: RequestOutcome | null;
  status: number | null;
  fault: Fault | null;
  doneReason: 'stop' | 'length' | null;
  /** The request's headers as received (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** Prompt tokens reported cached (`promptCache`), 0 otherwise. */
  cachedPromptTokens: number;
}

/** An Ollama unload: `POST /api/generate` with `keep_alive: 0` and no prompt (the model leaves memory). */
export interface UnloadEntry {
  model: string;
  /** Index of the request in the log (its outcome is `unloaded`). */
  index: number;
  at: number;
}

/** A non-generation request (metadata endpoints, unknown paths). */
export interface MetaHit {
  method: string;
  path: string;
  status: number;
  at: number;
  /** The request's headers as received (lower-case names). */
  headers?: Record<string, string | string[] | undefined>;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:PORT`, or `https://localhost:PORT` with `tls`. */
  readonly url: string;
  readonly port: number;
  readonly log: RequestLogEntry[];
  readonly metaHits: MetaHit[];
  /** Ollama unload requests, in order; each model named also left `/api/ps`. */
  readonly unloads: UnloadEntry[];
  /** Generation requests not yet ended (waiting or decoding). */
  inFlight(): number;
  /** Requests waiting for a slot. */
  queued(): number;
  /** The most requests that ever held a slot at once. */
  readonly maxConcurrentDecoding: number;
  /** Ends every open request, destroys every socket and stops listening. */
  close(): Promise<void>;
}
