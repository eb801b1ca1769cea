// Bundles the renderer (React + chart.js) for the Electron window, web mode and the browser tests:
// every renderer/pages/<name>.tsx → dist/renderer/<name>.js, every renderer/pages/*.html and *.css copied.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const pages = 'renderer/pages';
const out = 'dist/renderer';
mkdirSync(out, { recursive: true });
const files = readdirSync(pages);
const entryPoints = files.filter((f) => f.endsWith('.tsx')).map((f) => join(pages, f));
if (entryPoints.length > 0) {
  await build({
    entryPoints,
    outdir: out,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    sourcemap: true,
    minify: process.env.NODE_ENV === 'production',
    jsx: 'automatic',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production') },
  });
}
for (const f of files.filter((f) => f.endsWith('.html') || f.endsWith('.css'))) copyFileSync(join(pages, f), join(out, f));
