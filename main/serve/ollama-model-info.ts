import type { ServeContext } from './serve-context.js';

/** Parameter counts the way Ollama prints them: 7.6B, 494.03M, 513.05K. */
export function humanParameters(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(2)}M`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(2)}K`;
  return String(count);
}

export function modelDetails(ctx: ServeContext): Record<string, unknown> {
  const facts = ctx.runner.facts;
  return {
    parent_model: '',
    format: 'gguf',
    family: facts.architecture,
    families: [facts.architecture],
    parameter_size: humanParameters(facts.parameterCount),
    quantization_level: facts.quantization,
  };
}

/** One entry of /api/tags. */
export function tagsEntry(ctx: ServeContext): Record<string, unknown> {
  return {
    name: ctx.modelName,
    model: ctx.modelName,
    modified_at: ctx.loadedAt.toISOString(),
    size: ctx.runner.facts.fileBytes,
    digest: ctx.digest.replace(/^sha256:/, ''),
    details: modelDetails(ctx),
  };
}

/** Far future: the built-in engine keeps its one model loaded until it stops. */
const NEVER = '2318-01-01T00:00:00Z';

/** One entry of /api/ps: the model is always loaded, on the CPU. */
export function psEntry(ctx: ServeContext): Record<string, unknown> {
  return {
    ...tagsEntry(ctx),
    size: ctx.runner.modelBytes,
    size_vram: 0,
    expires_at: NEVER,
    context_length: ctx.runner.contextSize,
  };
}

export function showBody(ctx: ServeContext): Record<string, unknown> {
  const facts = ctx.runner.facts;
  return {
    license: '',
    modelfile: `# served by tokenbench from ${facts.fileName}\nFROM ${facts.fileName}\n`,
    parameters: `num_ctx ${ctx.runner.contextSize}`,
    template: '',
    details: modelDetails(ctx),
    model_info: { ...facts.metadata, 'general.parameter_count': facts.parameterCount },
    capabilities: ['completion'],
    modified_at: ctx.loadedAt.toISOString(),
  };
}
