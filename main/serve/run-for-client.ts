import type { CompletionHandlers } from './completion-service.js';
import { PromptTooLongError, QueueFullError, ServerClosingError } from './errors.js';
import type { GenerationRequest, GenerationResult } from './generate-tokens.js';
import { HttpError } from './http-io.js';
import type { RequestInfo, ServeContext } from './serve-context.js';

/**
 * Runs one generation for an HTTP client: refusals become HttpErrors with the status Ollama uses
 * (503 busy, 400 bad prompt); undefined means the client left before it started.
 */
export async function runForClient(
  ctx: ServeContext,
  info: RequestInfo,
  request: GenerationRequest,
  handlers: CompletionHandlers,
): Promise<GenerationResult | undefined> {
  try {
    return await ctx.service.run(request, info.signal, handlers);
  } catch (error) {
    if (error instanceof QueueFullError || error instanceof ServerClosingError) throw new HttpError(503, error.message);
    if (error instanceof PromptTooLongError) throw new HttpError(400, error.message);
    if (info.signal.aborted) return undefined;
    throw error;
  }
}

/** Nanoseconds, as Ollama reports durations. */
export function ns(ms: number): number {
  return Math.max(0, Math.round(ms * 1e6));
}
