// Where the demo model is on disk: assets/models/ of the package, found from this file whether it runs
// from main/ (tests), dist/main/ (built) or a packed app, where llama.cpp must read the copy that
// electron-builder unpacked beside app.asar (it maps the file; it cannot read inside the archive).
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEMO_MODEL_FILE = 'llama-2-tiny-random.gguf';

/** A path inside `app.asar` → the same path in `app.asar.unpacked`; other paths unchanged. */
export function outsideAsar(path: string): string {
  return path.replace(/\.asar([\\/])/, '.asar.unpacked$1');
}

/** The demo model's path, or null when this copy of Tokenbench lacks it. */
export function demoModelPath(): string | null {
  for (const rel of ['../../assets/models/', '../../../assets/models/']) {
    const path = outsideAsar(fileURLToPath(new URL(rel + DEMO_MODEL_FILE, import.meta.url)));
    if (existsSync(path)) return path;
  }
  return null;
}

/** Whether `path` is the demo model (`--gguf` may name it too): the same file, whatever the path's spelling. */
export function isDemoModelFile(path: string): boolean {
  const demo = demoModelPath();
  if (demo === null) return false;
  try {
    return realpathSync(path) === realpathSync(demo);
  } catch {
    return false;
  }
}
