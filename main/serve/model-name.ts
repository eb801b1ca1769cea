import { basename } from 'node:path';

/** The name the engine serves a GGUF file under when none is given: the file's name without `.gguf`. */
export function modelNameFromPath(gguf: string): string {
  return basename(gguf).replace(/\.gguf$/i, '');
}
