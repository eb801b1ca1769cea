import { extname } from 'node:path';
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

const RENDERER_FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The content type of a file the renderer may be served from (app:// and web mode alike): a plain name
 * directly in dist/renderer with a known extension. Anything else (paths, dot-files, other types) is null.
 */
export function rendererFileType(name: string): string | null {
  if (!RENDERER_FILE.test(name)) return null;
  return CONTENT_TYPES[extname(name)] ?? null;
}
