import type { CompletionService } from './completion-service.js';
import type { LlamaRunner } from './llama-runner.js';

/** What every route needs to answer. */
export interface ServeContext {
  /** The name clients use: the GGUF file's basename without `.gguf`, or the Ollama model name. */
  modelName: string;
  /** `sha256:<hex>` when known (an Ollama blob), else ''. */
  digest: string;
  runner: LlamaRunner;
  service: CompletionService;
  /** When the model finished loading (Ollama's modified_at / expires_at are derived from it). */
  loadedAt: Date;
  version: string;
}

/** Per request: when it arrived (performance.now()) and a signal that fires if the client goes away. */
export interface RequestInfo {
  arrivedAt: number;
  signal: AbortSignal;
}
