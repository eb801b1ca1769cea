import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServeInputError } from '../../main/serve/errors.js';
import { assertGgufFile } from '../../main/serve/gguf-file.js';
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
