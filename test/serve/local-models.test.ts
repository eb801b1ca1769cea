// The model the built-in engine serves when nothing answers: found in a fake home laid out like Ollama,
// LM Studio, the Hugging Face cache and llama.cpp's cache lay out their models (real files: the tiny
// model, and GGUF headers of other architectures).
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInModelFor, findLocalModel, listLocalModels, modelFolders } from '../../main/serve/local-models.js';
import { demoModelPath, isDemoModelFile } from '../../main/serve/demo-model.js';
import { tinyModel } from '../support/fixtures.js';
import { ggufHeader } from './gguf-header.js';

const GiB = 1024 ** 3;
let home: string;
const env = (): NodeJS.ProcessEnv => ({});
const search = (extra: Partial<Parameters<typeof listLocalModels>[0]> = {}) => ({
  home,
  env: env(),
  platform: 'linux' as const,
  memoryBytes: 16 * GiB,
  demoModel: null,
  ollamaServiceModels: join(home, 'service-install'),
  ...extra,
});

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tokenbench-home-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** A file `bytes` long that is a GGUF of `architecture` (header, then padding). */
async function ggufOf(path: string, architecture: string, bytes = 4096): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  const header = ggufHeader([['general.architecture', architecture]]);
  await writeFile(path, Buffer.concat([header, Buffer.alloc(Math.max(0, bytes - header.length))]));
  return path;
}

async function ollamaPull(models: string, name: [string, string], blob: string): Promise<void> {
  const hex = blob.padEnd(64, '0');
  await mkdir(join(models, 'manifests', 'registry.ollama.ai', 'library', name[0]), { recursive: true });
  await writeFile(
    join(models, 'manifests', 'registry.ollama.ai', 'library', name[0], name[1]),
    JSON.stringify({ layers: [{ mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${hex}` }] }),
  );
  await mkdir(join(models, 'blobs'), { recursive: true });
  await copyFile(tinyModel, join(models, 'blobs', `sha256-${hex}`));
}

describe('listLocalModels', () => {
  it('finds models in every source, smallest first, named as each source names them', async () => {
    await ollamaPull(join(home, '.ollama', 'models'), ['tiny', 'latest'], 'ab');
    await ggufOf(join(home, '.lmstudio', 'models', 'lmstudio-community', 'Qwen-GGUF', 'qwen-q4.gguf'), 'qwen2', 8192);
    const hfBlob = await ggufOf(join(home, '.cache', 'huggingface', 'hub', 'models--org--repo', 'blobs', 'f00d'), 'llama', 2048);
    await mkdir(join(home, '.cache', 'huggingface', 'hub', 'models--org--repo', 'snapshots', 'rev1'), { recursive: true });
    await symlink(hfBlob, join(home, '.cache', 'huggingface', 'hub', 'models--org--repo', 'snapshots', 'rev1', 'repo-q8.gguf'));
    await ggufOf(join(home, '.cache', 'llama.cpp', 'org_repo_model-f16.gguf'), 'gemma3', 3000);
    const found = await listLocalModels(search());
    expect(found.map((m) => [m.name, m.source, m.bytes])).toEqual([
      ['repo-q8', 'hugging-face', 2048],
      ['org_repo_model-f16', 'llama.cpp', 3000],
      ['qwen-q4', 'lm-studio', 8192],
      ['tiny:latest', 'ollama', 1_750_560],
    ]);
    expect(found.find((m) => m.source === 'ollama')).toMatchObject({ digest: `sha256:${'ab'.padEnd(64, '0')}`, demo: false });
  });

  it('skips what cannot generate text, parts of split models, projectors, and models over half the memory', async () => {
    const lm = join(home, '.lmstudio', 'models', 'x', 'y');
    await ggufOf(join(lm, 'nomic-embed.gguf'), 'nomic-bert', 1000);
    await ggufOf(join(lm, 'mmproj-model-f16.gguf'), 'clip', 1000);
    await ggufOf(join(lm, 'big-00002-of-00003.gguf'), 'llama', 1000);
    await writeFile(join(lm, 'not-gguf.gguf'), 'hello');
    await ggufOf(join(lm, 'huge.gguf'), 'llama', 9000);
    await ggufOf(join(lm, 'fits.gguf'), 'llama', 5000);
    const found = await listLocalModels(search({ memoryBytes: 16_000 }));
    expect(found.map((m) => m.name)).toEqual(['fits']);
  });

  it('reads the Linux service install’s models too, unless OLLAMA_MODELS says where they are', async () => {
    await ollamaPull(join(home, 'service-install'), ['served', 'latest'], 'ef');
    expect((await listLocalModels(search())).map((m) => m.name)).toEqual(['served:latest']);
    expect(await listLocalModels(search({ env: { OLLAMA_MODELS: join(home, 'none') } }))).toEqual([]);
  });

  it('honours OLLAMA_MODELS, HF_HUB_CACHE and LLAMA_CACHE', async () => {
    const elsewhere = join(home, 'elsewhere');
    await ollamaPull(join(elsewhere, 'ollama'), ['mine', 'q4'], 'cd');
    await ggufOf(join(elsewhere, 'hf', 'models--a--b', 'snapshots', 'r', 'b.gguf'), 'llama', 1000);
    await ggufOf(join(elsewhere, 'llama', 'c.gguf'), 'llama', 2000);
    const custom = { OLLAMA_MODELS: join(elsewhere, 'ollama'), HF_HUB_CACHE: join(elsewhere, 'hf'), LLAMA_CACHE: join(elsewhere, 'llama') };
    expect((await listLocalModels(search({ env: custom }))).map((m) => m.name)).toEqual(['b', 'c', 'mine:q4']);
  });

  it('knows each platform’s folders', () => {
    expect(modelFolders({}, '/h', 'darwin')['llama.cpp']).toEqual([join('/h', 'Library', 'Caches', 'llama.cpp')]);
    expect(modelFolders({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'C:\\Users\\u', 'win32')['llama.cpp']).toEqual([join('C:\\Users\\u\\AppData\\Local', 'llama.cpp')]);
    expect(modelFolders({ XDG_CACHE_HOME: '/xdg' }, '/h', 'linux')).toEqual({
      'lm-studio': [join('/h', '.lmstudio', 'models'), join('/h', '.cache', 'lm-studio', 'models')],
      'hugging-face': [join('/xdg', 'huggingface', 'hub')],
      'llama.cpp': [join('/xdg', 'llama.cpp')],
    });
    expect(modelFolders({ HF_HOME: '/hf' }, '/h', 'linux')['hugging-face']).toEqual([join('/hf', 'hub')]);
  });
});

describe('findLocalModel', () => {
  it('the smallest model on disk when there is one', async () => {
    await ggufOf(join(home, '.cache', 'llama.cpp', 'a.gguf'), 'llama', 3000);
    await ggufOf(join(home, '.cache', 'llama.cpp', 'b.gguf'), 'llama', 2000);
    expect(await findLocalModel(search({ demoModel: tinyModel }))).toMatchObject({ name: 'b', demo: false, source: 'llama.cpp' });
  });

  it('else the demo model that ships with Tokenbench, else nothing', async () => {
    expect(await findLocalModel(search({ demoModel: tinyModel }))).toEqual({
      path: tinyModel,
      name: 'llama-2-tiny-random',
      source: 'demo',
      bytes: 1_750_560,
      demo: true,
    });
    expect(await findLocalModel(search({ demoModel: null }))).toBeNull();
  });

  it('the shipped demo model is assets/models/llama-2-tiny-random.gguf, whatever the path’s spelling', () => {
    expect(demoModelPath()).toBe(tinyModel);
    expect(isDemoModelFile(join(tinyModel, '..', '.', 'llama-2-tiny-random.gguf'))).toBe(true);
    expect(isDemoModelFile(join(home, 'nope.gguf'))).toBe(false);
  });
});

describe('builtInModelFor', () => {
  it('a model asked for by name: Ollama’s blob of it, else nothing (never another model)', async () => {
    await ollamaPull(join(home, 'models'), ['tiny', '1m'], '12');
    await ggufOf(join(home, '.cache', 'llama.cpp', 'small.gguf'), 'llama', 100);
    const search2 = search({ env: { OLLAMA_MODELS: join(home, 'models') }, demoModel: tinyModel });
    expect(await builtInModelFor('tiny:1m', search2)).toMatchObject({ name: 'tiny:1m', source: 'ollama', demo: false, digest: `sha256:${'12'.padEnd(64, '0')}` });
    expect(await builtInModelFor('absent:7b', search2)).toBeNull();
    expect(await builtInModelFor('../bad', search2)).toBeNull();
    expect(await builtInModelFor(undefined, search2)).toMatchObject({ name: 'small', source: 'llama.cpp' });
  });
});
