import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  displayOllamaName,
  listOllamaModels,
  ollamaModelsDir,
  parseOllamaModelName,
  resolveOllamaModel,
} from '../../main/serve/ollama-blobs.js';

const HEX = 'a'.repeat(64);

/** Writes a manifest the way `ollama pull` lays it out. */
async function writeManifest(models: string, parts: string[], layers: unknown[]): Promise<void> {
  const dir = join(models, 'manifests', ...parts.slice(0, -1));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, parts[parts.length - 1]), JSON.stringify({ schemaVersion: 2, layers }));
}

describe('Ollama model names', () => {
  it('fills in Ollama’s defaults', () => {
    expect(parseOllamaModelName('llama3.2')).toEqual({ host: 'registry.ollama.ai', namespace: 'library', model: 'llama3.2', tag: 'latest' });
    expect(parseOllamaModelName('qwen2.5:0.5b')).toMatchObject({ model: 'qwen2.5', tag: '0.5b' });
    expect(parseOllamaModelName('me/mine:v1')).toMatchObject({ namespace: 'me', model: 'mine', tag: 'v1' });
    expect(parseOllamaModelName('hf.co/org/repo:Q4_K_M')).toEqual({ host: 'hf.co', namespace: 'org', model: 'repo', tag: 'Q4_K_M' });
  });

  it('lists names the way Ollama does', () => {
    expect(displayOllamaName(parseOllamaModelName('llama3.2'))).toBe('llama3.2:latest');
    expect(displayOllamaName(parseOllamaModelName('me/mine:v1'))).toBe('me/mine:v1');
    expect(displayOllamaName(parseOllamaModelName('hf.co/org/repo:q4'))).toBe('hf.co/org/repo:q4');
  });

  it('refuses names that could escape the models folder', () => {
    for (const bad of ['../etc/passwd', 'a/../../b', 'x:..', 'a/b/c/d', '', 'model:', '/abs']) {
      expect(() => parseOllamaModelName(bad), bad).toThrow('invalid Ollama model name');
    }
  });

  it('finds the models folder from OLLAMA_MODELS, else under the home folder', () => {
    expect(ollamaModelsDir({ OLLAMA_MODELS: '/data/models' }, '/home/u')).toBe('/data/models');
    expect(ollamaModelsDir({}, '/home/u')).toBe(join('/home/u', '.ollama', 'models'));
  });
});

describe('resolveOllamaModel', () => {
  let models: string;
  beforeAll(async () => {
    models = await mkdtemp(join(tmpdir(), 'tokenbench-ollama-'));
    await writeManifest(models, ['registry.ollama.ai', 'library', 'tiny', 'latest'], [
      { mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'b'.repeat(64)}` },
      { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${HEX}`, size: 10 },
    ]);
    await writeManifest(models, ['registry.ollama.ai', 'library', 'nomodel', 'latest'], [
      { mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'c'.repeat(64)}` },
    ]);
    await writeManifest(models, ['registry.ollama.ai', 'library', 'baddigest', 'latest'], [
      { mediaType: 'application/vnd.ollama.image.model', digest: 'sha256:../../etc' },
    ]);
  });
  afterAll(async () => {
    await rm(models, { recursive: true, force: true });
  });

  it('maps the manifest’s model layer to its blob file', async () => {
    await expect(resolveOllamaModel('tiny', models)).resolves.toEqual({
      name: 'tiny:latest',
      ggufPath: join(models, 'blobs', `sha256-${HEX}`),
      digest: `sha256:${HEX}`,
    });
    await expect(resolveOllamaModel('tiny:latest', models)).resolves.toMatchObject({ name: 'tiny:latest' });
  });

  it('says clearly when the model was never pulled', async () => {
    await expect(resolveOllamaModel('absent:7b', models)).rejects.toThrow('Ollama model absent:7b not found');
  });

  it('refuses a manifest without a model layer or with a malformed digest', async () => {
    await expect(resolveOllamaModel('nomodel', models)).rejects.toThrow('has no model layer');
    await expect(resolveOllamaModel('baddigest', models)).rejects.toThrow('has no model layer');
  });
});

describe('listOllamaModels', () => {
  let models: string;
  beforeAll(async () => {
    models = await mkdtemp(join(tmpdir(), 'tokenbench-ollama-list-'));
    const model = (hex: string) => [{ mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${hex}` }];
    await writeManifest(models, ['registry.ollama.ai', 'library', 'tiny', 'latest'], model(HEX));
    await writeManifest(models, ['registry.ollama.ai', 'me', 'mine', 'v1'], model('d'.repeat(64)));
    await writeManifest(models, ['hf.co', 'org', 'repo', 'Q4_K_M'], model('e'.repeat(64)));
    await writeManifest(models, ['registry.ollama.ai', 'library', 'nomodel', 'latest'], [{ mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'c'.repeat(64)}` }]);
    await mkdir(join(models, 'manifests', 'registry.ollama.ai', 'library', 'broken'), { recursive: true });
    await writeFile(join(models, 'manifests', 'registry.ollama.ai', 'library', 'broken', 'latest'), '{ not json');
  });
  afterAll(async () => {
    await rm(models, { recursive: true, force: true });
  });

  it('lists every pulled model with its blob, by its Ollama name; skips what is not a model', async () => {
    const listed = await listOllamaModels(models);
    expect(listed.map((m) => m.name).sort()).toEqual(['hf.co/org/repo:Q4_K_M', 'me/mine:v1', 'tiny:latest']);
    expect(listed.find((m) => m.name === 'tiny:latest')).toEqual({ name: 'tiny:latest', ggufPath: join(models, 'blobs', `sha256-${HEX}`), digest: `sha256:${HEX}` });
  });

  it('lists nothing for a folder that does not exist', async () => {
    expect(await listOllamaModels(join(models, 'absent'))).toEqual([]);
  });
});
