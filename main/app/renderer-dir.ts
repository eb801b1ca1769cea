import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The bundled renderer (dist/renderer): next to the compiled main (dist/main/app → ../../renderer) when
 * built, or the repository's dist/renderer when main runs from source (tests).
 */
export function rendererDir(): string {
  const candidates = ['../../renderer/', '../../dist/renderer/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(`${dir}app.html`)) ?? candidates[1] ?? candidates[0]!;
}
