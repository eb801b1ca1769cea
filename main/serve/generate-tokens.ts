import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { PromptTooLongError } from './errors.js';
import type { SequenceResetter } from './sequence-reset.js';
import { StopTextFilter } from './stop-text.js';
import { IncrementalDetokenizer } from './token-text.js';

/** A prompt ready for generation: its tokens and where the chat template says the answer ends. */
export interface PreparedPrompt {
  tokens: Token[];
  stopTexts: string[];
  stopTokens: Token[];
}

export interface SamplingOptions {
  /** 0 = greedy. */
  temperature: number;
  topK: number;
  topP: number;
  seed?: number;
}

export interface GenerationRequest {
  prompt: PreparedPrompt;
  /** Upper bound on generated tokens; undefined = until the sequence's context is full. */
  maxTokens?: number;
  sampling: SamplingOptions;
  /** The caller's own stop strings, on top of the chat template's. */
  stop?: readonly string[];
  /** Generate through end-of-generation tokens (and the template's stops, not the caller's) up to maxTokens: llama.cpp's `ignore_eos`. */
  ignoreEos?: boolean;
  /** Reuse the part of the prompt the sequence already holds (default true, like llama.cpp's `cache_prompt`). */
  cachePrompt?: boolean;
}

export type DoneReason = 'stop' | 'length' | 'cancelled';

/** What the server reports about one generation; durations in ms from performance.now(). */
export interface GenerationResult {
  /** The whole prompt, cached part included. */
  promptTokens: number;
  /** Prompt tokens the sequence already held from its previous request, not evaluated again. */
  cachedPromptTokens: number;
  /** Generated tokens, end-of-generation and stop tokens excluded. */
  outputTokens: number;
  /** Evaluating the prompt except its cached prefix and its last token. */
  promptEvalMs: number;
  /**
   * From the end of prompt evaluation to the last generated token: one decode step per generated token
   * (the prompt's last token yields the first one), so outputTokens / evalMs is the decode rate.
   */
  evalMs: number;
  doneReason: DoneReason;
}

/**
 * How much of `tokens` a sequence holding `held` can keep: their common prefix, but never the whole prompt
 * (its last token must be evaluated to sample the first answer token).
 */
export function reusablePrefix(held: readonly Token[], tokens: readonly Token[]): number {
  const limit = Math.min(held.length, tokens.length - 1);
  let i = 0;
  while (i < limit && held[i] === tokens[i]) i++;
  return i;
}

/**
 * Generates on one leased sequence, calling `onText` once per token that completes text (one token per
 * call, except while a multi-byte character or a possible stop string is being held back). Stops at an
 * end-of-generation token, a stop token or string, `maxTokens`, a full context, or `signal` (within one
 * decode step: the loop checks it after every token). With `ignoreEos` only `maxTokens`, a full context
 * or `signal` stop it. The prompt's prefix that the sequence still holds from its previous request is
 * kept (llama.cpp's prompt cache) unless `cachePrompt` is false.
 */
export async function generateOnSequence(
  sequence: LlamaContextSequence,
  model: LlamaModel,
  request: GenerationRequest,
  onText: (text: string) => void,
  signal: AbortSignal,
  resetter: SequenceResetter,
): Promise<GenerationResult> {
  const { tokens, stopTexts, stopTokens } = request.prompt;
  const contextSize = sequence.contextSize;
  if (tokens.length === 0 || tokens.length >= contextSize) throw new PromptTooLongError(tokens.length, contextSize);
  const room = contextSize - tokens.length;
  const limit = request.maxTokens === undefined ? room : Math.min(request.maxTokens, room);

  const cached = request.cachePrompt === false ? 0 : reusablePrefix(sequence.contextTokens, tokens);
  await resetter.reset(sequence, cached);
  const started = performance.now();
  const head = tokens.slice(cached, -1);
  if (head.length > 0 && !signal.aborted) await sequence.evaluateWithoutGeneratingNewTokens(head);
  const promptDone = performance.now();

  const detokenizer = new IncrementalDetokenizer(
    (pending, lastTokens) => model.detokenize(pending, false, lastTokens),
    tokens,
  );
  const ignoreEos = request.ignoreEos === true;
  // Like llama.cpp's ignore_eos: end-of-generation tokens and the chat template's stops no longer end the answer; the caller's own stop strings still do.
  const stopFilter = new StopTextFilter([...(ignoreEos ? [] : stopTexts), ...(request.stop ?? [])]);
  const stopTokenSet = new Set(ignoreEos ? [] : stopTokens);
  let outputTokens = 0;
  let lastTokenAt = promptDone;
  let doneReason: DoneReason = 'stop';
  let stopped = false;
  const emit = (text: string): void => {
    if (stopped || text === '') return;
    const filtered = stopFilter.push(text);
    if (filtered.emit !== '') onText(filtered.emit);
    if (filtered.stopped) stopped = true;
  };

  if (signal.aborted) doneReason = 'cancelled';
  else if (limit <= 0) doneReason = 'length';
  else {
    const { temperature, topK, topP, seed } = request.sampling;
    const pause = resetter.whenClear();
    if (pause !== undefined) await pause;
    for await (const token of sequence.evaluate(tokens.slice(-1), { temperature, topK, topP, seed, yieldEogToken: ignoreEos })) {
      if (signal.aborted) {
        doneReason = 'cancelled';
        break;
      }
      if (stopTokenSet.has(token)) break;
      outputTokens++;
      lastTokenAt = performance.now();
      emit(detokenizer.push(token));
      if (stopped) break;
      if (outputTokens >= limit) {
        doneReason = 'length';
        break;
      }
      const pause = resetter.whenClear();
      if (pause !== undefined) await pause;
    }
  }
  if (doneReason !== 'cancelled') {
    emit(detokenizer.flush());
    if (!stopped) {
      const rest = stopFilter.flush();
      if (rest !== '') onText(rest);
    }
    if (stopped) doneReason = 'stop';
  }
  return {
    promptTokens: tokens.length,
    cachedPromptTokens: cached,
    outputTokens,
    promptEvalMs: promptDone - started,
    evalMs: outputTokens === 0 ? 0 : lastTokenAt - promptDone,
    doneReason,
  };
}
