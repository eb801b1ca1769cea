// Bundles preload/preload.ts into one CommonJS file: a sandboxed preload can require only 'electron',
// never our other modules, and cannot be an ES module.
import { build } from 'esbuild';

await build({
  entryPoints: ['preload/preload.ts'],
  outfile: 'dist/preload/preload.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: ['node20'],
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});
