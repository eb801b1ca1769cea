// esbuild as scripts/build-renderer.mjs runs it for dist/renderer, for tests and benchmarks that bundle a
// renderer entry of their own into a temporary folder.
import { build } from 'esbuild';

export async function bundleRendererEntries(
  entryPoints: string[] | Record<string, string>,
  outdir: string,
  options: { minify?: boolean } = {},
): Promise<void> {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: options.minify ?? false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
}
