import type { SamplingOptions } from './generate-tokens.js';
import { optionalBoolean, optionalInteger, optionalNumber, optionalStops } from './request-fields.js';

/** Ollama's sampler defaults (temperature 0.8, top_k 40, top_p 0.9); OpenAI clients send their own. */
export const DEFAULT_SAMPLING: SamplingOptions = { temperature: 0.8, topK: 40, topP: 0.9 };

export interface ParsedParams {
  sampling: SamplingOptions;
  maxTokens?: number;
  stop?: string[];
  /** llama.cpp `ignore_eos`: generate past end-of-generation tokens up to maxTokens. */
  ignoreEos?: boolean;
  /** llama.cpp `cache_prompt` (default true): reuse the sequence's cached prefix of the prompt. */
  cachePrompt?: boolean;
}

/** Ollama `options`: num_predict (≤ 0 or absent = until the context is full), temperature, seed, top_k, top_p, stop. */
export function parseOllamaOptions(options: Record<string, unknown>): ParsedParams {
  const numPredict = optionalInteger(options, 'num_predict');
  return {
    sampling: {
      temperature: optionalNumber(options, 'temperature', 0) ?? DEFAULT_SAMPLING.temperature,
      topK: optionalInteger(options, 'top_k') ?? DEFAULT_SAMPLING.topK,
      topP: optionalNumber(options, 'top_p', 0) ?? DEFAULT_SAMPLING.topP,
      seed: optionalInteger(options, 'seed'),
    },
    maxTokens: numPredict === undefined || numPredict <= 0 ? undefined : numPredict,
    stop: optionalStops(options, 'stop'),
  };
}

/**
 * OpenAI: max_completion_tokens or max_tokens, temperature, top_p, seed, stop; and llama-server's own
 * `ignore_eos` and `cache_prompt`, which its clients send on the same endpoint.
 */
export function parseOpenAiParams(body: Record<string, unknown>): ParsedParams {
  const maxTokens = optionalInteger(body, 'max_completion_tokens') ?? optionalInteger(body, 'max_tokens');
  const ignoreEos = optionalBoolean(body, 'ignore_eos');
  const cachePrompt = optionalBoolean(body, 'cache_prompt');
  return {
    ...(ignoreEos === undefined ? {} : { ignoreEos }),
    ...(cachePrompt === undefined ? {} : { cachePrompt }),
    sampling: {
      temperature: optionalNumber(body, 'temperature', 0) ?? DEFAULT_SAMPLING.temperature,
      topK: DEFAULT_SAMPLING.topK,
      topP: optionalNumber(body, 'top_p', 0) ?? DEFAULT_SAMPLING.topP,
      seed: optionalInteger(body, 'seed'),
    },
    maxTokens: maxTokens === undefined || maxTokens <= 0 ? undefined : maxTokens,
    stop: optionalStops(body, 'stop'),
  };
}
