import { ollamaTarget, type OllamaEndpoint } from './ollama.js';
import { openaiTarget } from './openai.js';
import type { TargetApi } from './target.js';
import type { ApiKind } from '../../../common/run-config.js';

export interface TargetOptions {
  /** Which Ollama endpoint to load; `generate` unless asked. Ignored for other APIs. */
  ollamaEndpoint?: OllamaEndpoint;
}

export function targetFor(kind: ApiKind, opts: TargetOptions = {}): TargetApi {
  switch (kind) {
    case 'ollama':
      return ollamaTarget(opts.ollamaEndpoint ?? 'generate');
    case 'openai':
      return openaiTarget();
  }
}
