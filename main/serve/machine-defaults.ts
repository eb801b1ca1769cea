/** Parallel sequences when not given: Ollama's long-time OLLAMA_NUM_PARALLEL default. */
export const DEFAULT_PARALLEL = 4;
/** Waiting requests beyond the running ones: Ollama's OLLAMA_MAX_QUEUE default. */
export const DEFAULT_QUEUE = 512;
/** Tokens per sequence (prompt + answer) when not given, capped by what the model was trained on. */
export const DEFAULT_CTX = 2048;
export const MAX_PARALLEL = 256;
export const MAX_QUEUE = 100_000;

/**
 * Decode threads for a CPU-only run: one per physical core, except on machines with at most two
 * cores, where a second decode thread fights the HTTP/event-loop thread for the same cores (measured
 * here: 2 threads ran ~20× slower than 1).
 */
export function defaultThreads(physicalCores: number): number {
  if (!Number.isFinite(physicalCores) || physicalCores <= 2) return 1;
  return Math.floor(physicalCores);
}
