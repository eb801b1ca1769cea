// The GGUF models already on this machine that the built-in engine can serve when no server answers:
// models Ollama pulled, LM Studio's models folder, the Hugging Face hub cache and llama.cpp's cache.
// The choice (docs/discovery.md): the smallest model that generates text and fits in half the memory —
// a default run should finish in minutes on a CPU; else the demo model.
import { readdir, stat } from 'node:fs/promises';
import { homedir, totalmem } from 'node:os';
import { join } from 'node:path';
import { demoModelPath } from './demo-model.js';
import { readGgufArchitecture } from './gguf-file.js';
import { modelNameFromPath } from './model-name.js';
import { listOllamaModels, ollamaModelsDir, resolveOllamaModel } from './ollama-blobs.js';

export type LocalModelSource = 'ollama' | 'lm-studio' | 'hugging-face' | 'llama.cpp' | 'demo';

/** What each source is called in a line a user reads. */
export const LOCAL_MODEL_SOURCE_NAMES: Record<LocalModelSource, string> = {
  ollama: "Ollama's models",
  'lm-studio': "LM Studio's models",
  'hugging-face': 'the Hugging Face cache',
  'llama.cpp': "llama.cpp's cache",
  demo: 'the demo model',
};

export interface LocalModel {
  /** The GGUF file. */
  path: string;
  /** As the engine serves it: Ollama's name, else the file name without `.gguf`. */
  name: string;
  source: LocalModelSource;
  bytes: number;
  /** The bundled random-weights model. */
  demo: boolean;
  /** `sha256:<hex>` of an Ollama blob. */
  digest?: string;
}

/**
 * Architectures that do not generate text (embedding encoders, vision projectors, audio codecs): a
 * benchmark of generation cannot run on them, however small they are.
 */
const NOT_GENERATIVE = new Set([
  'bert',
  'nomic-bert',
  'nomic-bert-moe',
  'jina-bert-v2',
  'jina-bert-v3',
  'neo-bert',
  'modern-bert',
  't5encoder',
  'clip',
  'wavtokenizer-dec',
]);
/** Parts 2..N of a split model, and vision projectors, are not models on their own. */
const NOT_A_MODEL_FILE = /(-\d{5}-of-\d{5}\.gguf$)|(^mmproj)/i;
/** A folder walk stops after this many entries, so a huge cache cannot stall a click. */
const MAX_WALK_ENTRIES = 5000;
const MAX_WALK_DEPTH = 6;

export interface LocalModelSearch {
  env?: NodeJS.ProcessEnv;
  home?: string;
  platform?: NodeJS.Platform;
  /** Models larger than half of it are skipped; default this machine's memory. */
  memoryBytes?: number;
  /** Default the demo model Tokenbench ships; null = none. */
  demoModel?: string | null;
  /** Where Ollama's Linux service install keeps its models (read when OLLAMA_MODELS is unset); tests point it elsewhere. */
  ollamaServiceModels?: string;
}

const OLLAMA_SERVICE_MODELS = '/usr/share/ollama/.ollama/models';

/** The folders each source keeps its GGUF files in, on this platform, honouring their environment variables. */
export function modelFolders(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform): Record<'lm-studio' | 'hugging-face' | 'llama.cpp', string[]> {
  const cache = env.XDG_CACHE_HOME || join(home, '.cache');
  const hfHome = env.HF_HOME || join(cache, 'huggingface');
  const llamaCache =
    env.LLAMA_CACHE ||
    (platform === 'darwin'
      ? join(home, 'Library', 'Caches', 'llama.cpp')
      : platform === 'win32'
        ? join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'llama.cpp')
        : join(cache, 'llama.cpp'));
  return {
    'lm-studio': [join(home, '.lmstudio', 'models'), join(home, '.cache', 'lm-studio', 'models')],
    'hugging-face': [env.HF_HUB_CACHE || join(hfHome, 'hub')],
    'llama.cpp': [llamaCache],
  };
}

/** Ollama's folders: OLLAMA_MODELS, else the user's and (Linux service installs) the `ollama` user's. */
function ollamaFolders(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform, serviceModels: string): string[] {
  const own = ollamaModelsDir(env, home);
  return env.OLLAMA_MODELS || platform !== 'linux' ? [own] : [own, serviceModels];
}

/** `.gguf` files under `root`, depth- and count-bounded; symbolic links to files (the HF cache's) are followed. */
async function ggufFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  let budget = MAX_WALK_ENTRIES;
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (--budget < 0) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_WALK_DEPTH && !entry.name.startsWith('.')) await walk(path, depth + 1);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.toLowerCase().endsWith('.gguf') && !NOT_A_MODEL_FILE.test(entry.name)) {
        files.push(path);
      }
    }
  };
  await walk(root, 0);
  return files;
}

async function fileBytes(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

/** Every model on disk the engine could serve, smallest first (the demo model not included). */
export async function listLocalModels(search: LocalModelSearch = {}): Promise<LocalModel[]> {
  const env = search.env ?? process.env;
  const home = search.home ?? homedir();
  const platform = search.platform ?? process.platform;
  const limit = (search.memoryBytes ?? totalmem()) / 2;
  const candidates: Array<Omit<LocalModel, 'bytes'>> = [];
  for (const dir of ollamaFolders(env, home, platform, search.ollamaServiceModels ?? OLLAMA_SERVICE_MODELS)) {
    for (const m of await listOllamaModels(dir)) candidates.push({ path: m.ggufPath, name: m.name, source: 'ollama', demo: false, digest: m.digest });
  }
  for (const [source, dirs] of Object.entries(modelFolders(env, home, platform)) as Array<[LocalModelSource, string[]]>) {
    for (const dir of dirs) {
      for (const path of await ggufFiles(dir)) candidates.push({ path, name: modelNameFromPath(path), source, demo: false });
    }
  }
  const usable: LocalModel[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate.path)) continue;
    seen.add(candidate.path);
    const bytes = await fileBytes(candidate.path);
    if (bytes === null || bytes > limit) continue;
    const architecture = await readGgufArchitecture(candidate.path);
    if (architecture === null || NOT_GENERATIVE.has(architecture)) continue;
    usable.push({ ...candidate, bytes });
  }
  // Stable: equal sizes keep the sources' order (Ollama, LM Studio, Hugging Face, llama.cpp).
  return usable.sort((a, b) => a.bytes - b.bytes);
}

/** The model the built-in engine serves when nothing answers: the smallest usable one on disk, else the demo model, else null. */
export async function findLocalModel(search: LocalModelSearch = {}): Promise<LocalModel | null> {
  const [smallest] = await listLocalModels(search);
  if (smallest) return smallest;
  const demo = search.demoModel === undefined ? demoModelPath() : search.demoModel;
  if (demo === null) return null;
  const bytes = await fileBytes(demo);
  return bytes === null ? null : { path: demo, name: modelNameFromPath(demo), source: 'demo', bytes, demo: true };
}

/**
 * What the built-in engine serves when no server answers: with a model asked for by name, that model if
 * Ollama has pulled it (else null: the user asked for that one, not for another); else findLocalModel.
 */
export async function builtInModelFor(wanted: string | undefined, search: LocalModelSearch = {}): Promise<LocalModel | null> {
  if (wanted === undefined) return findLocalModel(search);
  try {
    const blob = await resolveOllamaModel(wanted, ollamaModelsDir(search.env ?? process.env, search.home ?? homedir()));
    const bytes = await fileBytes(blob.ggufPath);
    return bytes === null ? null : { path: blob.ggufPath, name: blob.name, source: 'ollama', bytes, demo: false, digest: blob.digest };
  } catch {
    return null;
  }
}
