// The installed and loaded models, and the metadata answers built from them.
import { createHash } from 'node:crypto';
import type { ScriptedModel } from './types.js';

export const DEFAULT_MODEL: Required<ScriptedModel> = {
  name: 'deepseek-r1:7b',
  family: 'qwen2',
  parameterSize: '7.6B',
  quantization: 'Q4_K_M',
  sizeBytes: 4_683_087_332,
  digest: digestOf('deepseek-r1:7b'),
};

// Fixed dates keep the answers deterministic.
const MODIFIED_AT = '2025-01-28T10:00:00.000000+00:00';
const CREATED_S = 1_738_058_400;

export class Catalog {
  readonly models: Array<Required<ScriptedModel>>;
  private readonly loadedNames: Set<string>;

  constructor(models: Array<string | ScriptedModel> | undefined, loaded: string[] | undefined) {
    const given = models ?? [DEFAULT_MODEL];
    this.models = given.map((m) => {
      const spec = typeof m === 'string' ? { name: m } : m;
      return { ...DEFAULT_MODEL, ...spec, digest: spec.digest ?? digestOf(spec.name) };
    });
    this.loadedNames = new Set(loaded ?? this.models.slice(0, 1).map((m) => m.name));
  }

  has(name: string): boolean {
    return this.models.some((m) => m.name === name);
  }

  markLoaded(name: string): void {
    this.loadedNames.add(name);
  }

  /** Ollama's `keep_alive: 0`: the model leaves memory (and `/api/ps`). */
  unload(name: string): void {
    this.loadedNames.delete(name);
  }

  /** Ollama `GET /api/tags`. */
  tags(): unknown {
    return {
      models: this.models.map((m) => ({
        name: m.name,
        model: m.name,
        modified_at: MODIFIED_AT,
        size: m.sizeBytes,
        digest: m.digest,
        details: details(m),
      })),
    };
  }

  /** Ollama `GET /api/ps`. */
  ps(): unknown {
    const expiresAt = new Date(Date.now() + 5 * 60_000).toISOString();
    return {
      models: this.models
        .filter((m) => this.loadedNames.has(m.name))
        .map((m) => ({
          name: m.name,
          model: m.name,
          size: m.sizeBytes,
          digest: m.digest,
          details: details(m),
          expires_at: expiresAt,
          size_vram: m.sizeBytes,
          context_length: 4096,
        })),
    };
  }

  /** OpenAI `GET /v1/models`. */
  openAiModels(): unknown {
    return {
      object: 'list',
      data: this.models.map((m) => ({ id: m.name, object: 'model', created: CREATED_S, owned_by: 'library' })),
    };
  }
}

function details(m: Required<ScriptedModel>): unknown {
  return {
    parent_model: '',
    format: 'gguf',
    family: m.family,
    families: [m.family],
    parameter_size: m.parameterSize,
    quantization_level: m.quantization,
  };
}

function digestOf(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}
