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
