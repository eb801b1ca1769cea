import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The absolute path of an executable on PATH (plus `extraDirs`), or null. GUI apps on macOS start
 * with a bare PATH, so Homebrew's folders are worth passing as extras there.
 */
export function which(name: string, env: NodeJS.ProcessEnv, extraDirs: readonly string[] = []): string | null {
  const dirs = [...(env.PATH ?? '').split(path.delimiter), ...extraDirs].filter((d) => d !== '');
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not here.
    }
  }
  return null;
}
