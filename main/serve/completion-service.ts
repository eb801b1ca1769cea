import type { LlamaContextSequence } from 'node-llama-cpp';
import { PromptTooLongError } from './errors.js';
import { reusablePrefix, type GenerationRequest, type GenerationResult } from './generate-tokens.js';
import type { LlamaRunner } from './llama-runner.js';
import { SlotQueue, type SlotQueueStats } from './slot-queue.js';

export interface CompletionHandlers {
  /** The request got its sequence and generation begins (a streaming answer may send its headers now). */
  onStart?(): void;
  onText(text: string): void;
}

export interface ServeStats extends SlotQueueStats {
  /** Generated tokens of every finished generation since start, cancelled ones included. */
  generatedTokens: number;
  /** Generations finished since start (any done reason). */
  generations: number;
}

/** Runs generations on the runner's sequences, one lease per request, with Ollama's queueing rules. */
export class CompletionService {
  private readonly queue: SlotQueue<LlamaContextSequence>;
  private readonly closing = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  private generatedTokens = 0;
  private generations = 0;

  constructor(
    private readonly runner: LlamaRunner,
    maxQueue: number,
  ) {
    this.queue = new SlotQueue(runner.sequences, maxQueue);
  }

  /**
   * Rejects with PromptTooLongError (→ 400), QueueFullError (→ 503) when the line is full,
   * ServerClosingError at shutdown, or the signal's reason when the client leaves while waiting.
   * Once started, resolves even when cancelled (doneReason 'cancelled').
   */
  async run(request: GenerationRequest, signal: AbortSignal, handlers: CompletionHandlers): Promise<GenerationResult> {
    const promptTokens = request.prompt.tokens.length;
    // Checked before queueing, while the answer can still be a plain 400.
    if (promptTokens === 0 || promptTokens >= this.runner.contextSize) {
      throw new PromptTooLongError(promptTokens, this.runner.contextSize);
    }
    const combined = AbortSignal.any([signal, this.closing.signal]);
    // Like llama.cpp: a request goes to the free sequence that holds the most of its prompt (a conversation's
    // next turn finds its history there).
    const tokens = request.prompt.tokens;
    const prefer = request.cachePrompt === false ? undefined : (sequence: LlamaContextSequence) => reusablePrefix(sequence.contextTokens, tokens);
    const lease = await this.queue.acquire(combined, prefer);
    const generation = (async () => {
      try {
        handlers.onStart?.();
        return await this.runner.generate(lease.slot, request, handlers.onText, combined);
      } finally {
        lease.release();
      }
    })();
    this.running.add(generation);
    try {
      const result = await generation;
      this.generatedTokens += result.outputTokens;
      this.generations++;
      return result;
    } finally {
      this.running.delete(generation);
    }
  }

  stats(): ServeStats {
    return { ...this.queue.stats(), generatedTokens: this.generatedTokens, generations: this.generations };
  }

  /** Refuses new work, ends waiting and running generations, and waits until no sequence is in use. */
  async close(): Promise<void> {
    this.queue.close();
    this.closing.abort();
    await Promise.allSettled([...this.running]);
  }
}
