// Bundles a renderer entry with esbuild into a temp folder next to app.css and an HTML page, as
// scripts/build-renderer.mjs does for dist/renderer.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleRendererEntries } from '../support/bundle-renderer.js';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

export interface BundledPage {
  dir: string;
  /** file:// URL of the page. */
  url: string;
  remove(): void;
}

/** `entry` relative to the repo root; the page is `<name>.html` loading `<name>.js` and app.css. */
export async function bundlePage(entry: string, name = 'app'): Promise<BundledPage> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenbench-renderer-'));
  await bundleRendererEntries({ [name]: join(repoRoot, entry) }, dir);
  copyFileSync(join(repoRoot, 'renderer/pages/app.css'), join(dir, 'app.css'));
  writeFileSync(
    join(dir, `${name}.html`),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tokenbench</title><link rel="stylesheet" href="app.css"></head>` +
      `<body><div id="root"></div><script src="${name}.js"></script></body></html>`,
  );
  return { dir, url: pathToFileURL(join(dir, `${name}.html`)).href, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
