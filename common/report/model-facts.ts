// What the server said about a model (run.json target.modelDetails), read as the few facts the ranking and
// the trends show: its size on disk, parameter count, quantization, family and digest. Ollama's /api/tags
// entry has all of them; an OpenAI-compatible server lists none, so they stay null.

export interface ModelFacts {
  /** Size of the model file(s), bytes (Ollama `size`). */
  sizeBytes: number | null;
  /** As the server writes it, e.g. "7.6B" (Ollama `details.parameter_size`). */
  parameters: string | null;
  /** e.g. "Q4_K_M" (Ollama `details.quantization_level`). */
  quantization: string | null;
  family: string | null;
  /** The model's content digest (Ollama `digest`): a new pull of the same name changes it. */
  digest: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function modelFacts(details: Record<string, unknown> | null): ModelFacts {
  const d = details ?? {};
  const inner = typeof d.details === 'object' && d.details !== null && !Array.isArray(d.details) ? (d.details as Record<string, unknown>) : {};
  const size = d.size;
  // Ollama nests them under `details`; a flat entry (an importer's, a hand-written run.json) is read too.
  const fact = (key: string): string | null => text(inner[key]) ?? text(d[key]);
  return {
    sizeBytes: typeof size === 'number' && Number.isFinite(size) && size > 0 ? size : null,
    parameters: fact('parameter_size'),
    quantization: fact('quantization_level'),
    family: fact('family'),
    digest: text(d.digest),
  };
}

/** The first 12 hex digits, as `ollama list` shows a digest. */
export function shortDigest(digest: string | null): string | null {
  return digest === null ? null : digest.replace(/^sha256:/, '').slice(0, 12);
}
