import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Tokenbench's version from its package.json, found by walking up from this module (it runs both from
 * main/serve under the test runner and from dist/main/serve when built).
 */
export function tokenbenchVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'tokenbench' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here; keep walking up.
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}
