import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServeInputError } from '../../main/serve/errors.js';
import { assertGgufFile, readGgufArchitecture } from '../../main/serve/gguf-file.js';
import { ggufHeader } from './gguf-header.js';
import { tinyModel } from '../support/fixtures.js';

describe('assertGgufFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenbench-gguf-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a missing file', async () => {
    const missing = join(dir, 'nope.gguf');
    await expect(assertGgufFile(missing)).rejects.toThrow(`model file not found: ${missing}`);
    await expect(assertGgufFile(missing)).rejects.toBeInstanceOf(ServeInputError);
  });

  it('refuses a directory', async () => {
    await expect(assertGgufFile(dir)).rejects.toThrow('is not a file');
  });

  it('refuses a file without the GGUF magic, and one shorter than the magic', async () => {
    const text = join(dir, 'model.gguf');
    await writeFile(text, '{"not": "a model"}');
    await expect(assertGgufFile(text)).rejects.toThrow('is not a GGUF model file');
    const short = join(dir, 'short.gguf');
    await writeFile(short, 'GG');
    await expect(assertGgufFile(short)).rejects.toThrow('is not a GGUF model file');
  });

  it('accepts a file that starts with GGUF version 2 or 3, and refuses other versions', async () => {
    const header = (version: number) => Buffer.concat([Buffer.from('GGUF', 'latin1'), Buffer.from(new Uint32Array([version]).buffer)]);
    for (const version of [2, 3]) {
      const fake = join(dir, `v${version}.gguf`);
      await writeFile(fake, header(version));
      await expect(assertGgufFile(fake)).resolves.toBeUndefined();
    }
    for (const version of [1, 4, 0xffffffff]) {
      const fake = join(dir, `bad-v${version}.gguf`);
      await writeFile(fake, header(version));
      await expect(assertGgufFile(fake)).rejects.toThrow(`unsupported version ${version}`);
    }
    const truncated = join(dir, 'truncated.gguf');
    await writeFile(truncated, 'GGUF\x03');
    await expect(assertGgufFile(truncated)).rejects.toThrow('unsupported version -1');
  });

  it('accepts the real tiny model', async () => {
    await expect(assertGgufFile(tinyModel)).resolves.toBeUndefined();
  });
});

describe('readGgufArchitecture', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenbench-gguf-arch-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const file = async (name: string, content: Buffer | string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  it('reads the real tiny model as llama', async () => {
    expect(await readGgufArchitecture(tinyModel)).toBe('llama');
  });

  it('finds the key after other pairs of every kind, and in version 2 files', async () => {
    const header = ggufHeader([
      ['general.name', 'x'],
      ['general.file_type', 15],
      ['tokenizer.ggml.tokens', ['a', 'bb', 'ccc']],
      ['general.architecture', 'nomic-bert'],
    ]);
    expect(await readGgufArchitecture(await file('bert.gguf', header))).toBe('nomic-bert');
    expect(await readGgufArchitecture(await file('v2.gguf', ggufHeader([['general.architecture', 'qwen2']], 2)))).toBe('qwen2');
  });

  it('null for a file without the key, cut short, not GGUF, or missing; never a throw', async () => {
    expect(await readGgufArchitecture(await file('none.gguf', ggufHeader([['general.name', 'x']])))).toBeNull();
    const full = ggufHeader([['general.name', 'a long name'], ['general.architecture', 'llama']]);
    expect(await readGgufArchitecture(await file('cut.gguf', full.subarray(0, full.length - 8)))).toBeNull();
    expect(await readGgufArchitecture(await file('text.gguf', 'not a model at all, just text'))).toBeNull();
    expect(await readGgufArchitecture(join(dir, 'absent.gguf'))).toBeNull();
    // A length field that claims more bytes than exist ends the search.
    const lying = Buffer.from(full);
    lying.writeBigUInt64LE(2n ** 40n, 24);
    expect(await readGgufArchitecture(await file('lying.gguf', lying))).toBeNull();
  });
});
