// Who counts prompt tokens (`--input-tokens`, the prompt-token check): the target's own tokenizer where it
// offers one over HTTP (llama-server and the built-in engine `POST /tokenize {content}`, vLLM
// `POST /tokenize {prompt}`), else a stated BPE — OpenAI's o200k_base through gpt-tokenizer, exact for
// OpenAI models and an approximation for every other model (Ollama has no tokenize endpoint).
import { request, type Dispatcher } from 'undici';
import type { WorkloadInfo } from '../../../common/run-manifest.js';

export interface Tokenizer {
  readonly info: WorkloadInfo['tokenizer'];
  /** Tokens of `text` alone: no BOS, no chat template. */
  count(text: string): Promise<number>;
  /** The same, at once, when the tokenizer runs in this process (the BPE): cheap enough to count every prompt. */
  countNow?: (text: string) => number;
}

export const BPE_NAME = 'o200k_base (gpt-tokenizer)';
const BPE_NOTE = "OpenAI's o200k_base BPE: exact for OpenAI models, an approximation for this server's model (it offers no tokenize endpoint)";

/** The in-process BPE; loaded on first use (its ranks table is a few MB). */
export async function bpeTokenizer(): Promise<Tokenizer> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  return {
    info: { kind: 'bpe', name: BPE_NAME, note: BPE_NOTE },
    count: async (text) => countTokens(text),
    countNow: (text) => countTokens(text),
  };
}

export interface ServerTokenizerOptions {
  origin: string;
  model: string;
  dispatcher: Dispatcher;
  headers: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

/**
 * The target's own tokenizer, when `POST /tokenize` answers with tokens for a probe text; null when it
 * does not (404 on Ollama, an error, anything but a token list).
 */
export async function serverTokenizer(opts: ServerTokenizerOptions): Promise<Tokenizer | null> {
  const count = (text: string): Promise<number> => tokenizeCount(opts, text);
  try {
    const probe = await count('Hello world');
    if (!(probe > 0)) return null;
  } catch {
    return null;
  }
  return { info: { kind: 'server', name: `${opts.origin}/tokenize (the server's own tokenizer)` }, count };
}

async function tokenizeCount(opts: ServerTokenizerOptions, text: string): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const res = await request(`${opts.origin}/tokenize`, {
    method: 'POST',
    dispatcher: opts.dispatcher,
    headers: { ...opts.headers, 'content-type': 'application/json' },
    // llama.cpp reads `content` and `add_special`, vLLM `prompt` and `add_special_tokens`; each ignores the other's.
    body: JSON.stringify({ content: text, add_special: false, model: opts.model, prompt: text, add_special_tokens: false }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`POST /tokenize answered HTTP ${res.statusCode}`);
  const value = JSON.parse(body) as { tokens?: unknown; count?: unknown };
  if (Array.isArray(value.tokens)) return value.tokens.length;
  if (typeof value.count === 'number' && Number.isSafeInteger(value.count)) return value.count;
  throw new Error('POST /tokenize answered without a token list');
}
