import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ServeInputError } from './errors.js';

const DEFAULT_HOST = 'registry.ollama.ai';
const DEFAULT_NAMESPACE = 'library';
const DEFAULT_TAG = 'latest';
const MODEL_LAYER = 'application/vnd.ollama.image.model';
// Each part becomes a path segment: no separators, no "..", nothing a shell or a file system treats specially.
const NAME_PART = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const DIGEST = /^sha256[:-]([0-9a-f]{64})$/;

export interface OllamaModelRef {
  host: string;
  namespace: string;
  model: string;
  tag: string;
}

export interface OllamaModelBlob {
  /** The name as Ollama lists it (`llama3.2:latest`, `user/model:tag`). */
  name: string;
  ggufPath: string;
  /** `sha256:<hex>` of the model layer. */
  digest: string;
}

/** Ollama's models folder: `OLLAMA_MODELS` when set, else `~/.ollama/models`. */
export function ollamaModelsDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const fromEnv = env.OLLAMA_MODELS;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(home, '.ollama', 'models');
}

/** `[host/][namespace/]model[:tag]` with Ollama's defaults (registry.ollama.ai, library, latest). */
export function parseOllamaModelName(name: string): OllamaModelRef {
  const trimmed = name.trim();
  const colon = trimmed.lastIndexOf(':');
  const slash = trimmed.lastIndexOf('/');
  const hasTag = colon > slash;
  const path = hasTag ? trimmed.slice(0, colon) : trimmed;
  const tag = hasTag ? trimmed.slice(colon + 1) : DEFAULT_TAG;
  const parts = path.split('/');
  if (parts.length > 3) throw new ServeInputError(`invalid Ollama model name ${JSON.stringify(name)}`);
  const model = parts[parts.length - 1];
  const namespace = parts.length >= 2 ? parts[parts.length - 2] : DEFAULT_NAMESPACE;
  const host = parts.length === 3 ? parts[0] : DEFAULT_HOST;
  for (const part of [host, namespace, model, tag]) {
    if (!NAME_PART.test(part) || part.includes('..')) {
      throw new ServeInputError(`invalid Ollama model name ${JSON.stringify(name)} (expected e.g. llama3.2 or llama3.2:1b)`);
    }
  }
  return { host, namespace, model, tag };
}

export function displayOllamaName(ref: OllamaModelRef): string {
  if (ref.host === DEFAULT_HOST && ref.namespace === DEFAULT_NAMESPACE) return `${ref.model}:${ref.tag}`;
  if (ref.host === DEFAULT_HOST) return `${ref.namespace}/${ref.model}:${ref.tag}`;
  return `${ref.host}/${ref.namespace}/${ref.model}:${ref.tag}`;
}

interface ManifestLayer {
  mediaType?: unknown;
  digest?: unknown;
}

/**
 * The GGUF blob of a model already pulled into Ollama: its manifest names the layer with the model
 * media type, whose digest is the blob's file name. Reads only; never touches Ollama's files otherwise.
 */
export async function resolveOllamaModel(name: string, modelsDir: string = ollamaModelsDir()): Promise<OllamaModelBlob> {
  const ref = parseOllamaModelName(name);
  const manifestPath = join(modelsDir, 'manifests', ref.host, ref.namespace, ref.model, ref.tag);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch {
    throw new ServeInputError(
      `Ollama model ${displayOllamaName(ref)} not found (no manifest at ${manifestPath}; set OLLAMA_MODELS if the models live elsewhere)`,
    );
  }
  const layer = modelLayer(text, manifestPath);
  return { name: displayOllamaName(ref), ggufPath: join(modelsDir, 'blobs', `sha256-${layer.hex}`), digest: `sha256:${layer.hex}` };
}

/** The hex of the sha256 digest of the model layer a manifest names. */
function modelLayer(manifestText: string, manifestPath: string): { hex: string } {
  let layers: unknown;
  try {
    layers = (JSON.parse(manifestText) as { layers?: unknown }).layers;
  } catch {
    throw new ServeInputError(`Ollama manifest ${manifestPath} is not valid JSON`);
  }
  const layer = Array.isArray(layers)
    ? (layers as ManifestLayer[]).find((item) => item !== null && typeof item === 'object' && item.mediaType === MODEL_LAYER)
    : undefined;
  const match = typeof layer?.digest === 'string' ? DIGEST.exec(layer.digest) : null;
  if (match === null) {
    throw new ServeInputError(`Ollama manifest ${manifestPath} has no model layer with a sha256 digest`);
  }
  return { hex: match[1] };
}

/** Manifests are small; a larger file in the manifests folder is not one. */
const MAX_MANIFEST_BYTES = 64 * 1024;

/**
 * Every model pulled into Ollama under `modelsDir` (manifests/<host>/<namespace>/<model>/<tag>) whose
 * manifest names a model layer. Unreadable or malformed entries are skipped; a missing folder lists nothing.
 */
export async function listOllamaModels(modelsDir: string = ollamaModelsDir()): Promise<OllamaModelBlob[]> {
  const root = join(modelsDir, 'manifests');
  const found: OllamaModelBlob[] = [];
  const names = async (dir: string): Promise<string[]> => (await readdir(dir, { withFileTypes: true }).catch(() => [])).map((e) => e.name);
  for (const host of await names(root)) {
    for (const namespace of await names(join(root, host))) {
      for (const model of await names(join(root, host, namespace))) {
        for (const tag of await names(join(root, host, namespace, model))) {
          const path = join(root, host, namespace, model, tag);
          try {
            if (!NAME_PART.test(host) || !NAME_PART.test(namespace) || !NAME_PART.test(model) || !NAME_PART.test(tag)) continue;
            const info = await stat(path);
            if (!info.isFile() || info.size > MAX_MANIFEST_BYTES) continue;
            const layer = modelLayer(await readFile(path, 'utf8'), path);
            found.push({
              name: displayOllamaName({ host, namespace, model, tag }),
              ggufPath: join(modelsDir, 'blobs', `sha256-${layer.hex}`),
              digest: `sha256:${layer.hex}`,
            });
          } catch {
            // Not a manifest of a model (a projector-only or damaged entry): not a candidate.
          }
        }
      }
    }
  }
  return found;
}
