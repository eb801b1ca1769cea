import { open, stat } from 'node:fs/promises';
import { ServeInputError } from './errors.js';

const GGUF_MAGIC = 'GGUF';
/** llama.cpp reads GGUF versions 2 and 3 (version 1 files predate August 2023 and are refused). */
const SUPPORTED_VERSIONS = new Set([2, 3]);
const HEADER_BYTES = 8;

/**
 * Fails with one clear line unless `path` is a readable regular file that starts with the GGUF magic
 * and a version llama.cpp reads. Checked before llama.cpp sees the file, whose own errors for these
 * cases are long and vague.
 */
export async function assertGgufFile(path: string): Promise<void> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ServeInputError(`${path} is not a file (expected a .gguf model file)`);
    size = info.size;
  } catch (error) {
    if (error instanceof ServeInputError) throw error;
    throw new ServeInputError(`model file not found: ${path}`);
  }
  const header = Buffer.alloc(HEADER_BYTES);
  let bytesRead = 0;
  try {
    const handle = await open(path, 'r');
    try {
      ({ bytesRead } = await handle.read(header, 0, header.length, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new ServeInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size < GGUF_MAGIC.length || bytesRead < GGUF_MAGIC.length || header.toString('latin1', 0, 4) !== GGUF_MAGIC) {
    throw new ServeInputError(`${path} is not a GGUF model file (it does not start with the "GGUF" magic bytes)`);
  }
  const version = bytesRead >= HEADER_BYTES ? header.readUInt32LE(4) : -1;
  if (!SUPPORTED_VERSIONS.has(version)) {
    throw new ServeInputError(`${path} is a GGUF file of unsupported version ${version} (llama.cpp reads versions 2 and 3)`);
  }
}

/** The header holds general.architecture among its first keys; this much of the file is read to find it. */
const ARCHITECTURE_SCAN_BYTES = 64 * 1024;
/** Sizes of GGUF's fixed-size value types, by type id (8 = string and 9 = array are read apart). */
const GGUF_SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const GGUF_STRING = 8;
const GGUF_ARRAY = 9;

/**
 * The model's `general.architecture` (e.g. `llama`, `qwen2`, `clip`, `nomic-bert`) read from the GGUF
 * header's key-value pairs, or null when the file is not GGUF v2/v3, cannot be read, or the key is not
 * among the pairs in its first 64 KB. Reads only that much, without llama.cpp.
 */
export async function readGgufArchitecture(path: string): Promise<string | null> {
  let buffer: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const chunk = Buffer.alloc(ARCHITECTURE_SCAN_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, 0);
      buffer = chunk.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
  if (buffer.length < 24 || buffer.toString('latin1', 0, 4) !== GGUF_MAGIC || !SUPPORTED_VERSIONS.has(buffer.readUInt32LE(4))) return null;
  const pairs = buffer.readBigUInt64LE(16);
  let at = 24;
  // Every read is bounds-checked: a pair that runs past the scanned bytes ends the search.
  const readString = (): string | null => {
    if (at + 8 > buffer.length) return null;
    const length = Number(buffer.readBigUInt64LE(at));
    if (at + 8 + length > buffer.length) return null;
    const value = buffer.toString('utf8', at + 8, at + 8 + length);
    at += 8 + length;
    return value;
  };
  const skipValue = (type: number): boolean => {
    if (type === GGUF_STRING) return readString() !== null;
    if (type === GGUF_ARRAY) {
      if (at + 12 > buffer.length) return false;
      const itemType = buffer.readUInt32LE(at);
      const count = Number(buffer.readBigUInt64LE(at + 4));
      at += 12;
      const itemBytes = GGUF_SCALAR_BYTES[itemType];
      if (itemBytes !== undefined) {
        at += itemBytes * count;
        return at <= buffer.length;
      }
      for (let i = 0; i < count; i++) if (itemType === GGUF_ARRAY || !skipValue(itemType)) return false;
      return true;
    }
    const bytes = GGUF_SCALAR_BYTES[type];
    if (bytes === undefined) return false;
    at += bytes;
    return at <= buffer.length;
  };
  for (let i = 0n; i < pairs; i++) {
    const key = readString();
    if (key === null || at + 4 > buffer.length) return null;
    const type = buffer.readUInt32LE(at);
    at += 4;
    if (key === 'general.architecture' && type === GGUF_STRING) return readString();
    if (!skipValue(type)) return null;
  }
  return null;
}
